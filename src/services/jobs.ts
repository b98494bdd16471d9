/**
 * The CPU-bound work of the Training and Evaluation services, as plain functions over a Registry.
 * They run inside worker threads (train-worker.ts); a test can also call them directly.
 */
import type { Registry } from '../catalog/registry.js';
import type { CsvSource, LearningChoice } from '../catalog/types.js';
import { NotFoundError } from '../core/errors.js';
import { type ClassificationReport, toEvalData } from '../metrics/report.js';
import type { TrainingLogger } from '../models/base.js';
import { cardedCheckpoint, type FitTiming } from './model-card.js';
import { type PredictJob, type PredictResult, runPredictJob } from './predict.js';
import type { MetricOutcome } from './stores/types.js';
import { loadSource } from './user-datasets.js';

export type { PredictJob, PredictResult };

export interface DatasetRef {
  readonly name: string;
  readonly task: string;
  readonly splitTest: number;
  readonly splitSeed: number;
  /** A file-backed (uploaded) dataset: loaded from here, whatever the worker's registry holds. */
  readonly source?: CsvSource;
}

export interface TrainJob {
  readonly kind: 'train';
  readonly dataset: DatasetRef;
  readonly model: { readonly name: string; readonly task: string; readonly params: Record<string, unknown> };
  readonly learning: LearningChoice;
}

export interface EvaluateJob {
  readonly kind: 'evaluate';
  readonly dataset: DatasetRef;
  readonly model: { readonly name: string; readonly task: string };
  /** The checkpoint as stored (JSON text). */
  readonly checkpoint: string;
}

export type Job = TrainJob | EvaluateJob | PredictJob;

export interface TrainResult {
  /** Deterministic: the same job gives the same checkpoint (the model card's timing is null here). */
  readonly checkpoint: string;
  /** The fit's wall time and end, written into the stored record's model card. */
  readonly timing?: FitTiming;
}

export interface EvaluateResult {
  readonly eval_data: MetricOutcome[];
}

/**
 * Loads the dataset by name, splits it, builds the model from the registry, fits; returns the
 * checkpoint. `logger` receives the fit's progress reports.
 */
export async function runTrainJob(
  registry: Registry,
  job: TrainJob,
  logger?: TrainingLogger,
): Promise<TrainResult> {
  const dataset = await loadDataset(registry, job.dataset);
  const entry = modelEntry(registry, job.model);
  const model = entry.create(job.model.params, job.learning);
  if (logger && typeof model.fit === 'function') {
    // catalog entries call model.fit(dataset, params, loss, algorithm) without a logger: supply it
    const plainFit = model.fit.bind(model) as (...args: unknown[]) => Promise<typeof model>;
    (model as { fit: unknown }).fit = (
      data: unknown,
      training?: unknown,
      loss?: unknown,
      optimizer?: unknown,
      given?: unknown,
    ) => plainFit(data, training, loss, optimizer, given ?? logger);
  }
  const t0 = performance.now();
  if (entry.fit) await entry.fit(model, dataset, job.learning);
  else await model.fit(dataset, job.learning.params);
  const timing = {
    fit_ms: Math.round((performance.now() - t0) * 1000) / 1000,
    trained_at: new Date().toISOString(),
  };
  return { checkpoint: JSON.stringify(await cardedCheckpoint(model, dataset, job)), timing };
}

/**
 * Evaluates a checkpoint on the test and the training part of the same split (the seed's point
 * against Custom Vision: both sets). Metric names: `test_accuracy`, `test_precision_macro`, ...,
 * `train_accuracy`, ...
 */
export async function runEvaluateJob(registry: Registry, job: EvaluateJob): Promise<EvaluateResult> {
  const dataset = await loadDataset(registry, job.dataset);
  const entry = modelEntry(registry, job.model);
  const model = entry.load(JSON.parse(job.checkpoint));
  const out: MetricOutcome[] = [];
  for (const part of ['test', 'train'] as const) {
    const report: ClassificationReport = await model.evaluate(dataset, { on: part });
    for (const m of toEvalData(report, { perClass: false })) {
      out.push({ metric_name: `${part}_${m.metric_name}`, metric_value: m.metric_value });
    }
  }
  return { eval_data: out };
}

/**
 * Runs one training or evaluation job in this thread against a registry (what the worker threads and
 * the scale-out workers call).
 */
export function runJob(
  registry: Registry,
  job: Job,
  logger?: TrainingLogger,
): Promise<TrainResult | EvaluateResult | PredictResult> {
  if (job.kind === 'predict') return runPredictJob(job);
  return job.kind === 'train' ? runTrainJob(registry, job, logger) : runEvaluateJob(registry, job);
}

async function loadDataset(registry: Registry, ref: DatasetRef) {
  const split = { test: ref.splitTest, seed: ref.splitSeed };
  if (ref.source) return loadSource(ref.name, ref.source, split);
  const entry = registry.dataset(ref.name, ref.task);
  if (!entry) {
    throw new NotFoundError(
      'dataset',
      `${ref.name} (${ref.task})`,
      registry.datasets().map((d) => d.name),
    );
  }
  return entry.load(split);
}

function modelEntry(registry: Registry, ref: { readonly name: string; readonly task: string }) {
  const entry = registry.model(ref.name, ref.task);
  if (!entry) {
    throw new NotFoundError(
      'model',
      `${ref.name} (${ref.task})`,
      registry.models().map((m) => m.name),
    );
  }
  return entry;
}

/**
 * Wraps `post` so that it runs at most once per `intervalMs` (reports in between are dropped), except
 * that the report completing the fit (fraction 1) always goes through: how training workers forward
 * fit progress to the main thread without flooding it.
 */
export function throttleProgress(
  post: TrainingLogger,
  intervalMs = 100,
  clock: () => number = Date.now,
): TrainingLogger {
  let last = -Infinity;
  return (e) => {
    if (e.fraction === undefined) return;
    const now = clock();
    if (e.fraction < 1 && now - last < intervalMs) return;
    last = now;
    post(e);
  };
}
