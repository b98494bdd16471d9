/** Command line of `npm run bench` (benchmarks/run.ts). */
import {
  MODEL_NAMES,
  type ModelName,
  matchModels,
  OPTION_MODEL_NAMES,
  type SystemName,
  VARIANT_MODELS,
} from './schema.js';

export interface BenchOptions {
  dataDirs: string[];
  syn1m: boolean;
  models: ModelName[];
  /** null = every available dataset. */
  datasets: string[] | null;
  /** null = every available device. */
  devices: string[] | null;
  skipOurs: boolean;
  skipMljs: boolean;
  skipSklearn: boolean;
  quick: boolean;
  out: string | null;
  /** Per-fit cap (seconds) of each system before its child is killed. */
  caps: Record<SystemName, number>;
  loadTimeoutS: number;
  python: string;
  regenerate: boolean;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]

  --data-dir DIR       also run every <name>_train.csv + <name>_test.csv pair in DIR (repeatable)
  --syn1m              add syn1m (700k / 300k rows; GaussianNB, LogisticRegression, DecisionTree only)
  --only M[,M...]      models (names or prefixes): ${MODEL_NAMES.join(', ')}; opt-in rows by exact name: ${OPTION_MODEL_NAMES.join(', ')}, or all of them: tree-options
                       (LR-* / LinSVC-* solver variants run only when named: --only LR,LinSVC)
  --datasets D[,D...]  datasets by name (iris, height-weight, syn20k, syn100k, syn1m, external names)
  --devices D[,D...]   our devices (default: every available one)
  --skip-ours | --skip-mljs | --skip-sklearn
  --quick              smoke run: Iris only, cpu only, 1 fit per row, caps 60 s (20 s ml.js)
  --out FILE           results JSON (default benchmarks/results/<date>.json)
  --ours-timeout S     per-fit cap for our models before the child is killed (default 180)
  --sklearn-timeout S  per-fit cap for scikit-learn (default 600)
  --mljs-timeout S     per-fit cap for ml.js (default 60)
  --load-timeout S     cap for start-up + loading a CSV pair (default 300)
  --python PATH        interpreter with scikit-learn (default /usr/bin/python3)
  --regenerate         rewrite the cached CSVs in benchmarks/.data/
`;

/** Per-fit caps: ml.js short (several of its fits would take hours), scikit-learn long (its rows feed every target). */
export const DEFAULT_CAPS: Readonly<Record<SystemName, number>> = {
  autolearn: 180,
  'scikit-learn': 600,
  'ml.js': 60,
};
export const QUICK_CAPS: Readonly<Record<SystemName, number>> = {
  autolearn: 60,
  'scikit-learn': 60,
  'ml.js': 20,
};
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
  const o: BenchOptions = {
    dataDirs: [],
    syn1m: false,
    models: MODEL_NAMES.filter((m) => !VARIANT_MODELS.includes(m)),
    datasets: null,
    devices: null,
    skipOurs: false,
    skipMljs: false,
    skipSklearn: false,
    quick: false,
    out: null,
    caps: { ...DEFAULT_CAPS },
    loadTimeoutS: 300,
    python: '/usr/bin/python3',
    regenerate: false,
    help: false,
  };
  const capGiven = new Set<SystemName>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    const seconds = (): number => {
      const v = Number(value());
      if (!(v > 0)) throw new Error(`${a} needs a positive number of seconds`);
      return v;
    };
    switch (a) {
      case '--data-dir':
        o.dataDirs.push(value());
        break;
      case '--syn1m':
        o.syn1m = true;
        break;
      case '--only':
        o.models = matchModels(list(value()));
        break;
      case '--datasets':
        o.datasets = list(value());
        break;
      case '--devices':
        o.devices = list(value());
        break;
      case '--skip-ours':
        o.skipOurs = true;
        break;
      case '--skip-mljs':
        o.skipMljs = true;
        break;
      case '--skip-sklearn':
        o.skipSklearn = true;
        break;
      case '--quick':
        o.quick = true;
        break;
      case '--out':
        o.out = value();
        break;
      case '--ours-timeout':
      case '--sklearn-timeout':
      case '--mljs-timeout': {
        const system = CAP_FLAGS[a]!;
        o.caps[system] = seconds();
        capGiven.add(system);
        break;
      }
      case '--load-timeout':
        o.loadTimeoutS = seconds();
        break;
      case '--python':
        o.python = value();
        break;
      case '--regenerate':
        o.regenerate = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new Error(`unknown option '${a}'\n\n${USAGE}`);
    }
  }
  if (o.quick) {
    o.datasets ??= ['iris'];
    o.devices ??= ['cpu'];
    for (const system of Object.keys(QUICK_CAPS) as SystemName[]) {
      if (!capGiven.has(system)) o.caps[system] = QUICK_CAPS[system];
    }
  }
  return o;
}
