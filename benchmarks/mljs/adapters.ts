/**
 * ml.js equivalents of our models, each set as close to scikit-learn's defaults as the library
 * allows; the notes say where it cannot follow (they end up in the result rows).
 * Inputs are converted to the libraries' formats (number[][], ml-matrix) before the timed region.
 */
import { createRequire } from 'node:module';
import type { Prepared, Trial } from '../lib/protocol.js';
import type { ModelName } from '../lib/schema.js';
import { gammaScale } from '../lib/stats.js';

const require = createRequire(import.meta.url);

interface LibsvmModel {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
  free(): void;
}
interface LibsvmCtor {
  new (options: Record<string, unknown>): LibsvmModel;
  KERNEL_TYPES: Record<'RBF' | 'LINEAR', number>;
  SVM_TYPES: Record<'C_SVC', number>;
}
interface Fittable {
  train(x: unknown, y: unknown): void;
  predict(x: unknown): number[];
}
type Ctor = new (...args: unknown[]) => Fittable;

/** Options shared by ml-cart trees: scikit-learn's unlimited depth, split while >= 2 samples, any positive gain. */
const CART_OPTIONS = {
  gainFunction: 'gini',
  minNumSamples: 1,
  maxDepth: Number.POSITIVE_INFINITY,
  gainThreshold: 0,
};

function toRows(x: Float64Array, rows: number, d: number, bias = false): number[][] {
  const out: number[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const r = Array.from(x.subarray(i * d, (i + 1) * d));
    if (bias) r.push(1);
    out[i] = r;
  }
  return out;
}

/** Models ml.js has an equivalent of (no LinearSVC; ml-random-forest has no parallel fit). */
export const MLJS_MODELS: readonly ModelName[] = [
  'SVC-rbf',
  'SVC-linear',
  'LogisticRegression',
  'DecisionTree',
  'RandomForest',
  'GaussianNB',
];

/** A Trial factory for `model` on prepared data; undefined when ml.js has no equivalent. */
export async function mljsTrial(model: ModelName, data: Prepared): Promise<(() => Trial) | undefined> {
  const { train } = data;
  const test = data.test();
  const d = train.d;
  const Xtr = toRows(train.X, train.rows, d);
  const Xte = toRows(test.X, test.rows, d);
  const ytr = Array.from(train.y);
  switch (model) {
    case 'SVC-rbf':
    case 'SVC-linear': {
      const SVM = (await require('libsvm-js')) as LibsvmCtor;
      const options = {
        type: SVM.SVM_TYPES.C_SVC,
        kernel: model === 'SVC-rbf' ? SVM.KERNEL_TYPES.RBF : SVM.KERNEL_TYPES.LINEAR,
        cost: 1,
        gamma: gammaScale(train.X, d),
        cacheSize: 200,
        tolerance: 1e-3,
        shrinking: true,
        quiet: true,
      };
      return () => {
        const svm = new SVM(options);
        return {
          fit: () => svm.train(Xtr, ytr),
          predict: () => svm.predict(Xte),
          note: () =>
            `libsvm-js 0.2.1 (libsvm 3.22 compiled to wasm), C=1${model === 'SVC-rbf' ? `, gamma=scale (${options.gamma.toPrecision(4)})` : ''}`,
          dispose: () => svm.free(),
        };
      };
    }
    case 'LogisticRegression': {
      const { Matrix } = require('ml-matrix') as {
        Matrix: { new (rows: number[][]): unknown; columnVector(v: number[]): unknown };
      };
      const LR = require('ml-logistic-regression') as Ctor;
      const X = new Matrix(toRows(train.X, train.rows, d, true));
      const Y = Matrix.columnVector(ytr);
      const XteB = new Matrix(toRows(test.X, test.rows, d, true));
      return () => {
        const lr = new LR({ numSteps: 50_000, learningRate: 5e-4 });
        return {
          fit: () => lr.train(X, Y),
          predict: () => lr.predict(XteB),
          note: () =>
            'ml-logistic-regression 2.0.0: one-vs-rest batch gradient ascent, library defaults (50000 steps, lr 5e-4), no regularization; bias column appended',
        };
      };
    }
    case 'DecisionTree': {
      const { DecisionTreeClassifier } = require('ml-cart') as { DecisionTreeClassifier: Ctor };
      return () => {
        const t = new DecisionTreeClassifier(CART_OPTIONS);
        return {
          fit: () => t.train(Xtr, ytr),
          predict: () => t.predict(Xte),
          note: () => 'ml-cart 2.1.1, gini, unlimited depth, minNumSamples=1, gainThreshold=0',
        };
      };
    }
    case 'RandomForest': {
      const { RandomForestClassifier } = require('ml-random-forest') as { RandomForestClassifier: Ctor };
      return () => {
        const rf = new RandomForestClassifier({
          nEstimators: 100,
          maxFeatures: 1.0,
          replacement: false,
          useSampleBagging: true,
          noOOB: true,
          seed: 0,
          treeOptions: CART_OPTIONS,
        });
        return {
          fit: () => rf.train(Xtr, ytr),
          predict: () => rf.predict(Xte),
          note: () =>
            'ml-random-forest 2.1.0, 100 bootstrapped ml-cart trees; no per-split feature sampling (its maxFeatures is per tree: all features used)',
        };
      };
    }
    case 'GaussianNB': {
      const { GaussianNB } = require('ml-naivebayes') as { GaussianNB: Ctor };
      return () => {
        const nb = new GaussianNB();
        return {
          fit: () => nb.train(Xtr, ytr),
          predict: () => nb.predict(Xte),
          note: () =>
            'ml-naivebayes 4.0.0 GaussianNB is wrong as shipped: predict scores only the first 2 features (verified: same predictions as a model fit on f0,f1) and compares exp(log-likelihood), which underflows to class -1 far from the means; reported as is',
        };
      };
    }
    default:
      return undefined;
  }
}
