/**
 * Trains on a user's CSV file in this process: the file becomes a catalog dataset (in a private
 * registry next to the built-in models), the request is validated like any other, and the platform's
 * own train / evaluate jobs run on it. With `testCsv` the second file is the test set (features
 * standardized with the training file's mean and deviation); otherwise a seeded split. The dataset
 * is named `csv:<file name without extension>` (built-in names never hold a colon), and the trained
 * model is recorded as a session in the data dir (`record`) like every other training.
 */
import { basename, extname } from 'node:path';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { buildCatalog } from '../catalog/render.js';
import type { ValidTrainRequest } from '../catalog/types.js';
import { validateTrainRequest } from '../catalog/validate.js';
import type { DatasetLike, LabeledData, PartName } from '../core/data.js';
import { loadCsvDataset } from '../datasets/csv-dataset.js';
import { StandardScaler } from '../datasets/scalers.js';
import { runEvaluateJob, runTrainJob } from '../services/jobs.js';
import type { FitTiming } from '../services/model-card.js';
import type { MetricOutcome } from '../services/stores/types.js';
import { buildRequest, type RequestChoice } from './request.js';

/** The request fields of `RequestChoice`, with a CSV file (and its label column) as the dataset. */
export interface CsvTrainOptions extends Omit<RequestChoice, 'dataset'> {
  readonly csv: string;
  readonly label: string;
  readonly testCsv?: string;
  /** Records the trained model as a session record (the CLI passes the in-process platform's). */
  readonly record?: (r: {
    valid: ValidTrainRequest;
    checkpoint: string;
    timing?: FitTiming;
    eval_data: MetricOutcome[];
  }) => Promise<{
    token: string;
  }>;
  /** Step names (`loading`, `training`, `evaluating`) as the run reaches them. */
  readonly onPhase?: (phase: string) => void;
  /** The fit's fraction done, 0..1. */
  readonly onProgress?: (fraction: number) => void;
}

/** The catalog name of a user CSV dataset: `csv:<file name without extension>`. */
export function csvDatasetName(file: string): string {
  return `csv:${basename(file, extname(file))}`;
}

export interface CsvTrainResult {
  dataset: string;
  model: string;
  loss: string;
  learning_algorithm: string;
  features: string[];
  train_rows: number;
  test_rows: number;
  eval_data: MetricOutcome[];
  /** The session record's public id (absent with --no-record). */
  token?: string;
}

export async function trainOnCsv(o: CsvTrainOptions): Promise<CsvTrainResult> {
  const splitTest = o.splitTest ?? 0.3;
  const splitSeed = o.splitSeed ?? 0;
  let data: DatasetLike;
  let features: string[];
  let nRecords: number;
  o.onPhase?.('loading');
  if (o.testCsv) {
    const train = await loadCsvDataset(o.csv, { label: o.label, scaler: null });
    const test = await loadCsvDataset(o.testCsv, { label: o.label, scaler: null });
    const a = train.part('all');
    const b = test.part('all');
    const scaler = new StandardScaler().fit(a.X);
    const parts: Record<string, LabeledData> = {
      train: { ...a, X: scaler.transform(a.X) },
      test: { ...b, X: scaler.transform(b.X) },
    };
    parts.all = parts.train!;
    const extras = { featureNames: [...train.featureNames], scaler };
    data = {
      ...extras,
      isDataset: true,
      name: csvDatasetName(o.csv),
      part: (w: PartName) => {
        const p = parts[w];
        if (!p) throw new Error(`no '${w}' part`);
        return p;
      },
    };
    features = [...train.featureNames];
    nRecords = train.nRecords + test.nRecords;
  } else {
    const ds = await loadCsvDataset(o.csv, {
      name: csvDatasetName(o.csv),
      label: o.label,
      split: { test: splitTest, seed: splitSeed },
    });
    data = ds;
    features = [...ds.featureNames];
    nRecords = ds.nRecords;
  }
  const registry = registerBuiltins(new Registry());
  // a file named like a built-in dataset (iris.csv) must not clash with it
  const taken = new Set(registry.datasets().map((d) => d.name));
  const name = taken.has(data.name) ? `${data.name}.csv` : data.name;
  registry.registerDataset({
    name,
    task: 'classification',
    description: `user CSV ${o.csv}`,
    features,
    label: [o.label],
    nRecords,
    preProcessing: [],
    load: async () => data,
  });
  const request = buildRequest(buildCatalog(registry), {
    dataset: name,
    model: o.model,
    splitTest,
    splitSeed,
    loss: o.loss,
    algorithm: o.algorithm,
    params: o.params,
    learningParams: o.learningParams,
  });
  const valid = validateTrainRequest(request, registry);
  o.onPhase?.('training');
  const { checkpoint, timing } = await runTrainJob(
    registry,
    { kind: 'train', dataset: valid.dataset, model: valid.model, learning: valid.learning },
    o.onProgress ? (e) => e.fraction !== undefined && o.onProgress?.(e.fraction) : undefined,
  );
  o.onPhase?.('evaluating');
  const { eval_data } = await runEvaluateJob(registry, {
    kind: 'evaluate',
    dataset: valid.dataset,
    model: { name: valid.model.name, task: valid.model.task },
    checkpoint,
  });
  const recorded = o.record ? await o.record({ valid, checkpoint, timing, eval_data }) : undefined;
  return {
    ...(recorded ? { token: recorded.token } : {}),
    dataset: data.name,
    model: valid.model.name,
    loss: valid.learning.loss,
    learning_algorithm: valid.learning.learningAlgorithm,
    features,
    train_rows: data.part('train').X.rows,
    test_rows: data.part('test').X.rows,
    eval_data,
  };
}
