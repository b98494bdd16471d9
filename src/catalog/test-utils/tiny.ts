/**
 * A model and a dataset that exist only in tests: they prove that registering in code is all it
 * takes for something to appear in the catalog, validate, train and evaluate.
 */
import type { DatasetLike, LabeledData, PartName } from '../../core/data.js';
import { type Matrix, matrix } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import { Rng } from '../../core/rng.js';
import { Classifier } from '../../models/base.js';
import type { Registry } from '../registry.js';
import type { DatasetEntry, ModelEntry, TrainRequest } from '../types.js';

interface NcParams {
  metric: 'euclidean' | 'manhattan';
  temperature: number;
}

/** Nearest-centroid classifier: the class whose mean is closest wins. */
export class TinyCentroid extends Classifier<NcParams, { centroids: number[] }> {
  readonly name = 'TinyCentroid';
  readonly paramSpecs: readonly ParamSpec[] = [
    {
      name: 'metric',
      type: 'string',
      default: 'euclidean',
      description: 'distance',
      options: ['euclidean', 'manhattan'],
    },
    {
      name: 'temperature',
      type: 'float',
      default: 1,
      description: 'softmax temperature',
      min: 0,
      minExclusive: true,
      max: 100,
    },
  ];
  private centroids: Float64Array = new Float64Array(0);
  private k = 0;

  protected fitEncoded(X: Matrix, y: Int32Array, nClasses: number): void {
    const c = new Float64Array(nClasses * X.cols);
    const n = new Float64Array(nClasses);
    for (let i = 0; i < X.rows; i++) {
      const k = y[i] as number;
      n[k]!++;
      for (let j = 0; j < X.cols; j++) c[k * X.cols + j]! += X.data[i * X.cols + j] as number;
    }
    for (let k = 0; k < nClasses; k++) for (let j = 0; j < X.cols; j++) c[k * X.cols + j]! /= n[k] as number;
    this.centroids = c;
    this.k = nClasses;
  }

  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    const { metric, temperature } = this.getParams();
    const out = matrix(X.rows, this.k);
    for (let i = 0; i < X.rows; i++) {
      let sum = 0;
      for (let k = 0; k < this.k; k++) {
        let d = 0;
        for (let j = 0; j < X.cols; j++) {
          const diff = (X.data[i * X.cols + j] as number) - (this.centroids[k * X.cols + j] as number);
          d += metric === 'euclidean' ? diff * diff : Math.abs(diff);
        }
        const e = Math.exp(-d / temperature);
        out.data[i * this.k + k] = e;
        sum += e;
      }
      for (let k = 0; k < this.k; k++) out.data[i * this.k + k]! /= sum || 1;
    }
    return out;
  }

  protected getState(): { centroids: number[] } {
    return { centroids: Array.from(this.centroids) };
  }

  protected setState(s: { centroids: number[] }): void {
    this.centroids = Float64Array.from(s.centroids);
    this.k = this.classes!.length;
  }
}

export const tinyModelEntry: ModelEntry = {
  name: 'TinyCentroid',
  task: 'classification',
  description: 'test-only nearest centroid',
  paramSpecs: new TinyCentroid().paramSpecs,
  learning: [
    {
      loss: 'squared_distance',
      learningAlgorithm: 'closed_form',
      hyperparams: [
        { name: 'passes', type: 'int', default: 1, description: 'passes over the data', min: 1, max: 10 },
      ],
    },
  ],
  create: (params) => new TinyCentroid(params as Partial<NcParams>),
  load: (ck) => TinyCentroid.loadCheckpoint(ck),
};

/** Three Gaussian blobs in 2-D, 20 points each (seed 7), labels 'a' | 'b' | 'c'. */
export function blobs(): { X: number[][]; y: string[] } {
  const rng = new Rng(7);
  const X: number[][] = [];
  const y: string[] = [];
  const centers = [
    [0, 0],
    [5, 5],
    [0, 6],
  ];
  centers.forEach((c, k) => {
    for (let i = 0; i < 20; i++) {
      X.push([(c[0] as number) + rng.next() * 2 - 1, (c[1] as number) + rng.next() * 2 - 1]);
      y.push('abc'[k] as string);
    }
  });
  return { X, y };
}

/** Seeded shuffle split (Fisher-Yates on indices), test part first. */
export function splitBlobs(test: number, seed: number): DatasetLike {
  const { X, y } = blobs();
  const idx = Array.from(X, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  const nTest = Math.max(1, Math.round(test * idx.length));
  const classes = ['a', 'b', 'c'];
  const part = (rows: number[]): LabeledData => ({
    X: matrix(rows.length, 2, Float64Array.from(rows.flatMap((r) => X[r] as number[]))),
    y: Int32Array.from(rows, (r) => classes.indexOf(y[r] as string)),
    classes,
    featureNames: ['x0', 'x1'],
  });
  const parts: Record<PartName, LabeledData> = {
    test: part(idx.slice(0, nTest)),
    train: part(idx.slice(nTest)),
    validation: part([]),
    all: part(idx),
  };
  return { isDataset: true, name: 'TinyBlobs', part: (w: PartName) => parts[w] };
}

export const tinyDatasetEntry: DatasetEntry = {
  name: 'TinyBlobs',
  task: 'classification',
  description: 'three 2-D Gaussian blobs (test only)',
  features: ['x0', 'x1'],
  label: ['blob'],
  nRecords: 60,
  preProcessing: [{ step: 1, computation: 'shuffle (seeded)' }],
  load: async (s) => splitBlobs(s.test, s.seed),
};

export function registerTiny(registry: Registry): Registry {
  if (!registry.model('TinyCentroid', 'classification')) registry.registerModel(tinyModelEntry);
  if (!registry.dataset('TinyBlobs', 'classification')) registry.registerDataset(tinyDatasetEntry);
  registry.registerMetric({ task: 'classification', name: 'precision' });
  registry.registerMetric({ task: 'classification', name: 'recall' });
  return registry;
}

/** A valid request for the tiny model. */
export function tinyRequest(): TrainRequest {
  return {
    train_data: {
      dataset: { dataset_name: 'TinyBlobs', dataset_task: 'classification', split_test: 0.25, split_seed: 3 },
      model: {
        model_name: 'TinyCentroid',
        model_task: 'classification',
        model_hyperparams: [{ hyper_param_name: 'metric', hyper_param_value: 'manhattan' }],
      },
      learning: {
        loss: 'squared_distance',
        learning_algorithm: 'closed_form',
        learning_hyperparams: [{ hyper_param_name: 'passes', hyper_param_value: 2 }],
      },
    },
  };
}
