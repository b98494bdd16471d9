/**
 * The result-row schema every system writes (one row per system x model x dataset x device x
 * threads) and its validator. The results.json of a run (benchmarks/results/<date>-<machine>/) holds
 * a list of these rows.
 */

export const MODEL_NAMES = [
  'SVC-rbf',
  'SVC-linear',
  'LinearSVC',
  'LogisticRegression',
  'LR-liblinear-l1',
  'LR-newton-cg',
  'LR-newton-cholesky',
  'LR-sag',
  'LR-saga-elasticnet',
  'LinSVC-l1',
  'LinSVC-crammer_singer',
  'DecisionTree',
  'RandomForest',
  'GaussianNB',
] as const;
/**
 * Opt-in rows (not in the default run): non-default tree / forest options against the same
 * scikit-learn settings. `--only` takes them by exact name, or all of them as 'tree-options'.
 */
export const OPTION_MODEL_NAMES = [
  'DecisionTree(max_leaf_nodes=100)',
  'DecisionTree(ccp_alpha=0.0002)',
  'RandomForest(max_leaf_nodes=100)',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number] | (typeof OPTION_MODEL_NAMES)[number];
/** Every row name, default rows first (table order). */
export const ALL_MODEL_NAMES: readonly ModelName[] = [...MODEL_NAMES, ...OPTION_MODEL_NAMES];

/**
 * LogisticRegression / LinearSVC solver and penalty variants: run only when named with --only
 * (e.g. `--only LR,LinSVC`), so the default and --quick runs keep their size.
 */
export const VARIANT_MODELS: readonly ModelName[] = [
  'LR-liblinear-l1',
  'LR-newton-cg',
  'LR-newton-cholesky',
  'LR-sag',
  'LR-saga-elasticnet',
  'LinSVC-l1',
  'LinSVC-crammer_singer',
];

export const SYSTEMS = ['autolearn', 'scikit-learn', 'ml.js'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** Models whose inputs are standardized (scaler fit on train, outside the timed region). */
export const STANDARDIZED_MODELS: readonly ModelName[] = [
  'SVC-rbf',
  'SVC-linear',
  'LinearSVC',
  'LogisticRegression',
  'LR-liblinear-l1',
  'LR-newton-cg',
  'LR-newton-cholesky',
  'LR-sag',
  'LR-saga-elasticnet',
  'LinSVC-l1',
  'LinSVC-crammer_singer',
];

/** Kernel SVC only runs on sets up to this many rows (train + test). */
export const KERNEL_SVC_MAX_ROWS = 20_000;

/** The thread columns: `1` (nJobs 1, BLAS/OpenMP threads 1) and `all` (every core). */
export const THREADS = ['1', 'all'] as const;
export type Threads = (typeof THREADS)[number];

/**
 * Models that can use more than one core, per system: only these get an `all` row (a model with
 * no parallel option runs the same code whatever the column; its `1` row stands for both).
 * scikit-learn: the models with n_jobs (RandomForest; LogisticRegression, whose lbfgs also uses
 * BLAS threads). Ours: nJobs (SVC, RandomForest) and LogisticRegression's cross-entropy row pool.
 */
export const PARALLEL_MODELS: Readonly<Record<SystemName, readonly ModelName[]>> = {
  autolearn: [
    'SVC-rbf',
    'SVC-linear',
    'LogisticRegression',
    'RandomForest',
    'RandomForest(max_leaf_nodes=100)',
  ],
  'scikit-learn': ['LogisticRegression', 'RandomForest', 'RandomForest(max_leaf_nodes=100)'],
  'ml.js': [],
};

export interface ResultRow {
  system: SystemName;
  model: ModelName;
  dataset: string;
  device: string;
  threads: Threads;
  n_train: number;
  n_test: number;
  d: number;
  /** First fit (and its predict) of a fresh process, median over `cold_runs` processes. */
  cold_fit_s: number | null;
  cold_predict_s: number | null;
  cold_runs: number;
  /** Warm: the fits after the first one in the same process; median and best of `repeats`. */
  fit_s: number | null;
  fit_best_s: number | null;
  predict_s: number | null;
  predict_best_s: number | null;
  repeats: number;
  accuracy: number | null;
  precision_macro: number | null;
  recall_macro: number | null;
  /** Peak resident set of the whole child process (MiB): start-up, data, every fit and predict. */
  peak_rss_mb: number | null;
  /** Peak resident set during the first fit, with the train part loaded and the test part not yet. */
  fit_peak_rss_mb: number | null;
  /** Resident set after start-up and imports, before any data (the runtime's own share). */
  runtime_rss_mb: number | null;
  /** The train part as the fit sees it: float64 matrix + labels. */
  data_mb: number | null;
  /** The fitted model's state (ours: checkpoint, 8 bytes a number; scikit-learn: pickle size). */
  model_mb: number | null;
  /** Free text: 'timeout ...', 'error: ...', 'not converged', adapter caveats; '' when none. */
  note: string;
}

const NUMBER_OR_NULL = [
  'cold_fit_s',
  'cold_predict_s',
  'fit_s',
  'fit_best_s',
  'predict_s',
  'predict_best_s',
  'accuracy',
  'precision_macro',
  'recall_macro',
  'peak_rss_mb',
  'fit_peak_rss_mb',
  'runtime_rss_mb',
  'data_mb',
  'model_mb',
] as const;

const KNOWN_FIELDS = new Set<string>([
  'system',
  'model',
  'dataset',
  'device',
  'threads',
  'n_train',
  'n_test',
  'd',
  'cold_runs',
  'repeats',
  ...NUMBER_OR_NULL,
  'note',
]);

/** The row's fields in a stable order (the CSV columns). */
export const ROW_FIELDS: readonly (keyof ResultRow)[] = [
  'system',
  'model',
  'dataset',
  'device',
  'threads',
  'n_train',
  'n_test',
  'd',
  'cold_fit_s',
  'cold_predict_s',
  'cold_runs',
  'fit_s',
  'fit_best_s',
  'predict_s',
  'predict_best_s',
  'repeats',
  'accuracy',
  'precision_macro',
  'recall_macro',
  'peak_rss_mb',
  'fit_peak_rss_mb',
  'runtime_rss_mb',
  'data_mb',
  'model_mb',
  'note',
];

/** Returns the row typed as ResultRow, or throws a TypeError naming the first bad field. */
export function validateRow(x: unknown): ResultRow {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    throw new TypeError('result row is not an object');
  const r = x as Record<string, unknown>;
  const fail = (field: string, want: string): never => {
    throw new TypeError(`result row field '${field}' must be ${want}, got ${JSON.stringify(r[field])}`);
  };
  for (const k of KNOWN_FIELDS) if (!(k in r)) fail(k, 'present');
  for (const k of Object.keys(r)) if (!KNOWN_FIELDS.has(k)) fail(k, 'absent (unknown field)');
  if (!SYSTEMS.includes(r.system as SystemName)) fail('system', `one of ${SYSTEMS.join(', ')}`);
  if (!ALL_MODEL_NAMES.includes(r.model as ModelName)) fail('model', `one of ${ALL_MODEL_NAMES.join(', ')}`);
  for (const f of ['dataset', 'device', 'note'] as const) if (typeof r[f] !== 'string') fail(f, 'a string');
  if ((r.dataset as string).length === 0) fail('dataset', 'a non-empty string');
  if (!THREADS.includes(r.threads as Threads)) fail('threads', `one of ${THREADS.join(', ')}`);
  for (const f of ['n_train', 'n_test', 'd'] as const) {
    if (!Number.isInteger(r[f]) || (r[f] as number) < 1) fail(f, 'a positive integer');
  }
  for (const f of ['cold_runs', 'repeats'] as const) {
    if (!Number.isInteger(r[f]) || (r[f] as number) < 0) fail(f, 'an integer >= 0');
  }
  for (const f of NUMBER_OR_NULL) {
    const v = r[f];
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      fail(f, 'a finite number >= 0 or null');
  }
  for (const f of ['accuracy', 'precision_macro', 'recall_macro'] as const) {
    if (typeof r[f] === 'number' && (r[f] as number) > 1) fail(f, 'at most 1');
  }
  if ((r.fit_s === null || r.cold_fit_s === null) && r.note === '')
    fail('note', "a reason when fit_s or cold_fit_s is null (e.g. 'timeout')");
  return r as unknown as ResultRow;
}

/** Model names matching a user filter token: exact name, or a case-insensitive prefix ('RandomForest'). */
export function matchModels(tokens: readonly string[]): ModelName[] {
  const out = new Set<ModelName>();
  for (const t of tokens) {
    const low = t.toLowerCase();
    const hits: ModelName[] =
      low === 'tree-options'
        ? [...OPTION_MODEL_NAMES]
        : [
            ...MODEL_NAMES.filter((m) => m.toLowerCase() === low || m.toLowerCase().startsWith(low)),
            ...OPTION_MODEL_NAMES.filter((m) => m.toLowerCase() === low),
          ];
    if (hits.length === 0) {
      throw new Error(
        `--only: unknown model '${t}'; known: ${ALL_MODEL_NAMES.join(', ')}, tree-options (all option rows)`,
      );
    }
    for (const h of hits) out.add(h);
  }
  return ALL_MODEL_NAMES.filter((m) => out.has(m));
}
