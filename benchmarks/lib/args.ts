/** Command line of `npm run bench` (benchmarks/run.ts) and its profiles. */
import {
  MODEL_NAMES,
  type ModelName,
  matchModels,
  OPTION_MODEL_NAMES,
  type SystemName,
  THREADS,
  type Threads,
  VARIANT_MODELS,
} from './schema.js';

export const PROFILES = ['readme', 'quick', 'compare'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** Where our children load the library from (`auto`: dist when it is newer than src, else src). */
export type LibChoice = 'auto' | 'src' | 'dist';

export interface BenchOptions {
  profile: ProfileName;
  dataDirs: string[];
  models: ModelName[];
  datasets: string[];
  /** Largest set (train + test rows) each model runs on; models not listed run on every set. */
  maxRows: Partial<Record<ModelName, number>>;
  /** Sets that only some models run on (readme: syn20k is there for SVC alone). */
  datasetModels: Partial<Record<string, ModelName[]>>;
  /** null = every available device. */
  devices: string[] | null;
  threads: Threads[];
  skipOurs: boolean;
  skipMljs: boolean;
  skipSklearn: boolean;
  /** Cold samples (fresh processes) per row while the cold fit stays under `coldRepeatUnderS`. */
  coldRuns: number;
  coldRepeatUnderS: number;
  /** Warm repeats after the cold fit, and the time after which no new one starts. */
  repeats: number;
  warmBudgetS: number;
  lib: LibChoice;
  /** Results folder (default benchmarks/results/<date>-<machine>[-<profile>]). */
  out: string | null;
  machine: string | null;
  /** Per-fit cap (seconds) of each system before its child is killed. */
  caps: Record<SystemName, number>;
  loadTimeoutS: number;
  python: string;
  regenerate: boolean;
  /** Children at a time (1 for every timed profile). */
  parallel: number;
  /** Print the planned children and exit. */
  dryRun: boolean;
  help: boolean;
}

/** The six models of the study (SVC = its RBF kernel). */
export const STUDY_MODELS: readonly ModelName[] = [
  'SVC-rbf',
  'LinearSVC',
  'LogisticRegression',
  'DecisionTree',
  'RandomForest',
  'GaussianNB',
];

type ProfileFields = Omit<
  BenchOptions,
  | 'profile'
  | 'dataDirs'
  | 'devices'
  | 'skipOurs'
  | 'skipSklearn'
  | 'out'
  | 'machine'
  | 'loadTimeoutS'
  | 'python'
  | 'regenerate'
  | 'dryRun'
  | 'help'
>;

export const PROFILE_DEFAULTS: Readonly<Record<ProfileName, ProfileFields>> = {
  // The published run: 1k to 1M rows, cold + warm, 1 thread + all cores, scikit-learn and ours.
  readme: {
    models: [...STUDY_MODELS],
    datasets: ['syn1k', 'syn10k', 'syn20k', 'syn100k', 'syn1m'],
    maxRows: { 'SVC-rbf': 20_000, RandomForest: 100_000 },
    datasetModels: { syn20k: ['SVC-rbf'] },
    threads: ['1', 'all'],
    skipMljs: true,
    coldRuns: 3,
    coldRepeatUnderS: 1,
    repeats: 3,
    warmBudgetS: 10,
    lib: 'dist',
    caps: { autolearn: 300, 'scikit-learn': 300, 'ml.js': 60 },
    parallel: 1,
  },
  // Smoke run: Iris, one cold sample and one warm repeat, four children at a time.
  quick: {
    models: [...STUDY_MODELS],
    datasets: ['iris'],
    maxRows: {},
    datasetModels: {},
    threads: ['1', 'all'],
    skipMljs: false,
    coldRuns: 1,
    coldRepeatUnderS: 0,
    repeats: 1,
    warmBudgetS: 0,
    lib: 'src',
    caps: { autolearn: 60, 'scikit-learn': 60, 'ml.js': 20 },
    parallel: 4,
  },
  // The earlier comparison: real and synthetic sets up to 100k rows, ml.js included, one thread.
  compare: {
    models: MODEL_NAMES.filter((m) => !VARIANT_MODELS.includes(m)),
    datasets: ['iris', 'height-weight', 'syn20k', 'syn100k'],
    maxRows: {},
    datasetModels: {},
    threads: ['1'],
    skipMljs: false,
    coldRuns: 1,
    coldRepeatUnderS: 0,
    repeats: 3,
    warmBudgetS: 20,
    lib: 'auto',
    caps: { autolearn: 180, 'scikit-learn': 600, 'ml.js': 60 },
    parallel: 1,
  },
};

export const USAGE = `npm run bench -- [options]

  --profile P          readme (default): syn1k..syn1m, the six models, cold + warm, 1 thread + all cores
                       quick: Iris smoke run; compare: iris, height-weight, syn20k, syn100k with ml.js
  --quick              same as --profile quick
  --only M[,M...]      models (names or prefixes): ${MODEL_NAMES.join(', ')}; opt-in rows by exact name: ${OPTION_MODEL_NAMES.join(', ')}, or all of them: tree-options
                       (LR-* / LinSVC-* solver variants run only when named: --only LR,LinSVC)
  --datasets D[,D...]  datasets by name (iris, height-weight, syn1k, syn10k, syn20k, syn100k, syn1m, external names)
  --syn1m              add syn1m to the profile's datasets
  --data-dir DIR       also run every <name>_train.csv + <name>_test.csv pair in DIR (repeatable)
  --devices D[,D...]   our devices (default: cpu, and wasm-simd when it has every kernel)
  --threads T[,T]      thread columns: 1, all (default: the profile's)
  --cold-runs N        cold samples (fresh processes) per row while the cold fit is short (readme: 3 under 1 s)
  --repeats N          warm repeats after the cold fit (0 = cold only)
  --warm-budget S      no new warm repeat once the warm ones took S seconds (at least one runs)
  --lib L              our children load the library from src (tsx), dist (compiled; what users run) or auto
  --skip-ours | --skip-mljs | --skip-sklearn
  --out DIR            results folder (default benchmarks/results/<date>-<machine>[-<profile>])
  --machine NAME       machine name in the default results folder (default: the host name)
  --ours-timeout S     per-fit cap for our models before the child is killed
  --sklearn-timeout S  per-fit cap for scikit-learn
  --mljs-timeout S     per-fit cap for ml.js
  --load-timeout S     cap for start-up + loading a data pair (default 300)
  --python PATH        interpreter with scikit-learn (default /usr/bin/python3)
  --regenerate         rewrite the cached data in benchmarks/.data/
  --dry-run            print the planned child processes and exit
`;

const CAP_FLAGS: Record<string, SystemName> = {
  '--ours-timeout': 'autolearn',
  '--sklearn-timeout': 'scikit-learn',
  '--mljs-timeout': 'ml.js',
};

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const given: Partial<BenchOptions> = {};
  const caps: Partial<Record<SystemName, number>> = {};
  let profile: ProfileName = 'readme';
  let syn1m = false;
  const o = {
    dataDirs: [] as string[],
    devices: null as string[] | null,
    skipOurs: false,
    skipSklearn: false,
    out: null as string | null,
    machine: null as string | null,
    loadTimeoutS: 300,
    python: '/usr/bin/python3',
    regenerate: false,
    dryRun: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = Number(value());
      if (!(Number.isInteger(v) && v >= 0)) throw new Error(`${a} needs an integer >= 0`);
      return v;
    };
    const seconds = (): number => {
      const v = Number(value());
      if (!(v > 0)) throw new Error(`${a} needs a positive number of seconds`);
      return v;
    };
    switch (a) {
      case '--profile': {
        const p = value();
        if (!PROFILES.includes(p as ProfileName))
          throw new Error(`--profile must be one of ${PROFILES.join(', ')}, got '${p}'`);
        profile = p as ProfileName;
        break;
      }
      case '--quick':
        profile = 'quick';
        break;
      case '--data-dir':
        o.dataDirs.push(value());
        break;
      case '--syn1m':
        syn1m = true;
        break;
      case '--only':
        given.models = matchModels(list(value()));
        break;
      case '--datasets':
        given.datasets = list(value());
        break;
      case '--devices':
        o.devices = list(value());
        break;
      case '--threads': {
        const t = list(value());
        const bad = t.filter((x) => !THREADS.includes(x as Threads));
        if (bad.length || t.length === 0)
          throw new Error(`--threads takes 1 and/or all, got '${t.join(',')}'`);
        given.threads = THREADS.filter((x) => t.includes(x));
        break;
      }
      case '--cold-runs': {
        const n = count();
        if (n < 1) throw new Error('--cold-runs needs at least 1');
        given.coldRuns = n;
        given.coldRepeatUnderS = Number.POSITIVE_INFINITY;
        break;
      }
      case '--repeats':
        given.repeats = count();
        break;
      case '--warm-budget':
        given.warmBudgetS = seconds();
        break;
      case '--lib': {
        const l = value();
        if (l !== 'auto' && l !== 'src' && l !== 'dist') throw new Error(`--lib must be auto, src or dist`);
        given.lib = l;
        break;
      }
      case '--skip-ours':
        o.skipOurs = true;
        break;
      case '--skip-mljs':
        given.skipMljs = true;
        break;
      case '--skip-sklearn':
        o.skipSklearn = true;
        break;
      case '--out':
        o.out = value();
        break;
      case '--machine':
        o.machine = value();
        break;
      case '--ours-timeout':
      case '--sklearn-timeout':
      case '--mljs-timeout':
        caps[CAP_FLAGS[a]!] = seconds();
        break;
      case '--load-timeout':
        o.loadTimeoutS = seconds();
        break;
      case '--python':
        o.python = value();
        break;
      case '--regenerate':
        o.regenerate = true;
        break;
      case '--dry-run':
        o.dryRun = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new Error(`unknown option '${a}'\n\n${USAGE}`);
    }
  }
  const base = PROFILE_DEFAULTS[profile];
  const datasets = [...(given.datasets ?? base.datasets)];
  if (syn1m && !datasets.includes('syn1m')) datasets.push('syn1m');
  return {
    ...base,
    ...o,
    ...given,
    profile,
    datasets,
    devices: o.devices ?? (profile === 'quick' ? ['cpu'] : null),
    caps: { ...base.caps, ...caps },
  };
}
