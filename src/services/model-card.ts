/**
 * The model card: what a reader needs to trust an experiment (dataset and its checksum, split,
 * seed, every resolved hyper-parameter, library version, device, fit time, metrics on the test and
 * the training set, confusion matrices), plus the preprocessing a prediction must apply to raw rows
 * (the Dataset's fitted scaler and the feature names). Both travel inside the JSON checkpoint as
 * extra fields (`card`, `preprocessing`), so the record, the checkpoint and `GET /experiments/{id}`
 * show the same thing; older checkpoints without them still load.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DatasetLike, Label } from '../core/data.js';
import type { Matrix } from '../core/matrix.js';
import type { ClassificationReport } from '../metrics/report.js';
import type { Checkpoint } from '../models/base.js';
import type { TransformerState } from '../preprocessing/data.js';

export interface PartMetrics {
  readonly accuracy: number;
  readonly precision_macro: number;
  readonly recall_macro: number;
  readonly f1_macro: number;
  readonly n: number;
}

export interface ModelCard {
  readonly model: string;
  readonly dataset: {
    readonly name: string;
    readonly task: string;
    /** sha256 of the loaded rows (features float64 little-endian, then label indices, then classes). */
    readonly sha256: string;
    readonly n_records: number;
    readonly n_features: number;
    readonly feature_names: string[];
    readonly classes: Label[];
  };
  readonly split: {
    readonly test: number;
    readonly seed: number;
    readonly n_train: number;
    readonly n_test: number;
  };
  /** The model's own seed (null when it has none). */
  readonly seed: number | null;
  /** Every hyper-parameter, defaults resolved. */
  readonly params: Record<string, unknown>;
  readonly learning: {
    readonly loss: string;
    readonly algorithm: string;
    readonly params: Record<string, unknown>;
  };
  readonly library: { readonly name: string; readonly version: string; readonly node: string };
  readonly device: string;
  /**
   * Wall time of the fit (ms) and when it ended: filled in when the record is written (the training
   * job's own checkpoint keeps them null, so that the same job always gives the same checkpoint).
   */
  readonly fit_ms: number | null;
  readonly trained_at: string | null;
  readonly metrics: { readonly test: PartMetrics; readonly train: PartMetrics };
  readonly confusion: { readonly labels: Label[]; readonly test: number[][]; readonly train: number[][] };
}

/** What a prediction applies to raw rows before the model. */
export interface Preprocessing {
  /** The columns a prediction row names (the model's features, or the raw columns before `steps`). */
  readonly feature_names: string[];
  /** The training scaler's state (`Scaler.toJSON()`), rebuilt with `Scaler.fromJSON`. */
  readonly scaler: TransformerState | null;
  /**
   * Imputation / encoding / scaling fitted on the training part of an uploaded dataset (absent
   * otherwise): raw rows (`feature_names`, text and empty cells allowed) go through it first.
   */
  readonly steps?: InputSteps;
}

/** The fitted input steps of a checkpoint (a ColumnTransformer's state, `transformerFromState`). */
export interface InputSteps {
  readonly state: TransformerState;
  /** Raw columns holding text (categories); the others take numbers. */
  readonly text_columns: string[];
  /** Raw columns with an imputer: a prediction row may leave only these empty. */
  readonly imputed_columns: string[];
  /** The steps' output columns: the model's features. */
  readonly feature_names_out: string[];
}

/** A checkpoint with the card and preprocessing (what the training job stores). */
export type CardedCheckpoint = Checkpoint & { card?: ModelCard; preprocessing?: Preprocessing };

let version: string | null = null;

/** autolearn's version (package.json, read once; 'unknown' when not found). */
export function libraryVersion(): string {
  if (version === null) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: string;
      };
      version = pkg.version ?? 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** Duck-typed view of the Dataset class's extras (a custom DatasetLike may lack them). */
interface DatasetExtras {
  readonly name?: string;
  readonly featureNames?: readonly string[];
  readonly scaler?: { toJSON(): TransformerState } | null;
  /** Fitted input steps (PreparedDataset: an upload with imputation / encoding). */
  readonly preparedInput?: {
    readonly steps: { getState(): TransformerState };
    readonly featureNames: readonly string[];
    readonly textColumns: readonly string[];
    readonly imputedColumns: readonly string[];
    readonly featureNamesOut: readonly string[];
  };
  rawData?(): { X: Matrix; y: ArrayLike<number> };
}

/**
 * sha256 over the dataset's rows as loaded (features float64 little-endian, label indices, classes):
 * independent of the split and the scaler. A DatasetLike without `rawData()` hashes its 'all' part.
 */
export function datasetChecksum(ds: DatasetLike): string {
  const all = ds.part('all');
  const raw = (ds as DatasetExtras).rawData?.() ?? { X: all.X, y: all.y };
  const h = createHash('sha256');
  h.update(Buffer.from(Float64Array.from(raw.X.data).buffer));
  h.update(Buffer.from(Int32Array.from(raw.y).buffer));
  h.update(JSON.stringify(all.classes));
  return h.digest('hex');
}

export function preprocessingOf(ds: DatasetLike, nFeatures: number): Preprocessing {
  const extras = ds as DatasetExtras;
  const input = extras.preparedInput;
  if (input && input.featureNamesOut.length === nFeatures) {
    return {
      feature_names: [...input.featureNames],
      scaler: null,
      steps: {
        state: input.steps.getState(),
        text_columns: [...input.textColumns],
        imputed_columns: [...input.imputedColumns],
        feature_names_out: [...input.featureNamesOut],
      },
    };
  }
  const names =
    extras.featureNames?.length === nFeatures ? [...extras.featureNames] : defaultNames(nFeatures);
  return { feature_names: names, scaler: extras.scaler ? extras.scaler.toJSON() : null };
}

/** The model's own feature names (after the input steps, when there are some). */
export function modelFeatureNames(p: Preprocessing): string[] {
  return [...(p.steps?.feature_names_out ?? p.feature_names)];
}

function defaultNames(d: number): string[] {
  return Array.from({ length: d }, (_, j) => `f${j}`);
}

function partMetrics(r: ClassificationReport): PartMetrics {
  return {
    accuracy: r.accuracy,
    precision_macro: r.macro.precision,
    recall_macro: r.macro.recall,
    f1_macro: r.macro.f1,
    n: r.n,
  };
}

export interface CardInput {
  readonly dataset: DatasetLike;
  readonly datasetRef: {
    readonly name: string;
    readonly task: string;
    readonly splitTest: number;
    readonly splitSeed: number;
  };
  readonly learning: {
    readonly loss: string;
    readonly learningAlgorithm: string;
    readonly params: Record<string, unknown>;
  };
  readonly checkpoint: Checkpoint;
  readonly test: ClassificationReport;
  readonly train: ClassificationReport;
}

export function buildModelCard(c: CardInput): ModelCard {
  const ck = c.checkpoint;
  const all = c.dataset.part('all');
  const seed = ck.params.seed;
  return {
    model: ck.model,
    dataset: {
      name: c.datasetRef.name,
      task: c.datasetRef.task,
      sha256: datasetChecksum(c.dataset),
      n_records: all.X.rows,
      n_features: all.X.cols,
      feature_names: modelFeatureNames(preprocessingOf(c.dataset, ck.nFeatures)),
      classes: [...all.classes],
    },
    split: {
      test: c.datasetRef.splitTest,
      seed: c.datasetRef.splitSeed,
      n_train: c.dataset.part('train').X.rows,
      n_test: c.dataset.part('test').X.rows,
    },
    seed: typeof seed === 'number' ? seed : null,
    params: { ...ck.params },
    learning: {
      loss: c.learning.loss,
      algorithm: c.learning.learningAlgorithm,
      params: { ...c.learning.params },
    },
    library: { name: 'autolearn', version: libraryVersion(), node: process.version },
    device: ck.device,
    fit_ms: null,
    trained_at: null,
    metrics: { test: partMetrics(c.test), train: partMetrics(c.train) },
    confusion: {
      labels: [...c.test.confusion.labels],
      test: c.test.confusion.matrix,
      train: c.train.confusion.matrix,
    },
  };
}

/**
 * The checkpoint a training job stores: the model's own, plus `preprocessing` and `card` (metrics
 * on the test and the training part of the same split, confusion matrices included).
 */
export async function cardedCheckpoint(
  model: {
    saveCheckpoint(): Checkpoint;
    evaluate(d: DatasetLike, o: { on: 'test' | 'train' }): Promise<ClassificationReport>;
  },
  dataset: DatasetLike,
  job: {
    readonly dataset: CardInput['datasetRef'];
    readonly learning: CardInput['learning'];
  },
): Promise<CardedCheckpoint> {
  const checkpoint = model.saveCheckpoint();
  const test = await model.evaluate(dataset, { on: 'test' });
  const train = await model.evaluate(dataset, { on: 'train' });
  return {
    ...checkpoint,
    preprocessing: preprocessingOf(dataset, checkpoint.nFeatures),
    card: buildModelCard({
      dataset,
      datasetRef: job.dataset,
      learning: job.learning,
      checkpoint,
      test,
      train,
    }),
  };
}

/** How long a training job's fit took and when it ended (travels beside the checkpoint). */
export interface FitTiming {
  readonly fit_ms: number;
  readonly trained_at: string;
}

/** The stored checkpoint text: the job's checkpoint with the fit's timing written into its card. */
export function withTiming(checkpoint: string, timing: FitTiming | undefined): string {
  if (!timing) return checkpoint;
  const ck = JSON.parse(checkpoint) as CardedCheckpoint;
  if (!ck.card) return checkpoint;
  return JSON.stringify({
    ...ck,
    card: { ...ck.card, fit_ms: timing.fit_ms, trained_at: timing.trained_at },
  });
}
