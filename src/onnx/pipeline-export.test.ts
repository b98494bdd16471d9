/** A scikit-learn-style Pipeline exports to ONNX: onnxruntime on the raw rows gives the pipeline's answers. */
import { describe, expect, it } from 'vitest';
import { toArrays } from '../core/matrix.js';
import { loadIris } from '../datasets/iris.js';
import { IRIS_FEATURES } from '../datasets/iris-data.js';
import { LogisticRegression } from '../models/logistic/index.js';
import { SVC } from '../models/svc/index.js';
import { MinMaxScaler } from '../preprocessing/min-max-scaler.js';
import { OneHotEncoder } from '../preprocessing/one-hot-encoder.js';
import { makePipeline } from '../preprocessing/pipeline.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { OnnxExportError } from './errors.js';
import { pipelineToOnnx } from './pipeline-export.js';
import { runOnnx } from './test-utils/ort.js';

function rawIris() {
  const ds = loadIris({ split: { test: 0.3, seed: 3 }, scaler: null });
  const train = ds.part('train');
  const test = ds.part('test');
  const names = (y: Int32Array) => Array.from(y, (k) => train.classes[k] as string);
  return { Xtrain: toArrays(train.X), ytrain: names(train.y), Xtest: test.X, rows: toArrays(test.X) };
}

describe('ONNX export of a Pipeline', () => {
  it('StandardScaler + MinMaxScaler + SVC(probability): onnxruntime on raw rows = the pipeline', async () => {
    const d = rawIris();
    const pipe = makePipeline(
      new StandardScaler(),
      new MinMaxScaler(),
      new SVC({ probability: true, seed: 0 }),
    );
    await pipe.fit(d.Xtrain, d.ytrain);
    const got = await runOnnx(pipelineToOnnx(pipe), d.Xtest);
    expect(got.labels).toEqual(await pipe.predict(d.rows));
    const proba = await pipe.predictProba(d.rows);
    const ours = Array.from(proba.data);
    expect(got.probabilities!.length).toBe(ours.length);
    for (let i = 0; i < ours.length; i++)
      expect(Math.abs(got.probabilities![i]! - ours[i]!)).toBeLessThan(1e-5);
    // and from the checkpoint, as a saved pipeline would be exported
    const again = await runOnnx(pipelineToOnnx(JSON.stringify(pipe.saveCheckpoint())), d.Xtest);
    expect(again.labels).toEqual(got.labels);
  });

  it('StandardScaler + LogisticRegression', async () => {
    const d = rawIris();
    const pipe = makePipeline(new StandardScaler(), new LogisticRegression());
    await pipe.fit(d.Xtrain, d.ytrain);
    const got = await runOnnx(pipelineToOnnx(pipe), d.Xtest);
    expect(got.labels).toEqual(await pipe.predict(d.rows));
    expect(IRIS_FEATURES.length).toBe(d.Xtest.cols);
  });

  it('refuses steps it cannot express, naming them', async () => {
    const pipe = makePipeline(new OneHotEncoder(), new LogisticRegression());
    await pipe.fit([['a'], ['b'], ['a'], ['b']], [0, 1, 0, 1]);
    expect(() => pipelineToOnnx(pipe)).toThrow(OnnxExportError);
    expect(() => pipelineToOnnx(pipe)).toThrow(/onehotencoder/i);
    const clip = makePipeline(new MinMaxScaler({ clip: true }), new LogisticRegression());
    await clip.fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(() => pipelineToOnnx(clip)).toThrow(/clip/);
  });
});
