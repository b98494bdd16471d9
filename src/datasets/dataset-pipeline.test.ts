import { describe, expect, it } from 'vitest';
import { takeRows } from '../core/matrix.js';
import { loadCheckpoint } from '../index.js';
import { SVC } from '../models/svc/index.js';
import { Pipeline } from '../preprocessing/pipeline.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { loadIris } from './iris.js';
import { IRIS_VALUES } from './iris-data.js';

/** Raw (unscaled, in cm) Iris rows 0, 100 and 50: setosa, virginica, versicolor. */
const RAW = [0, 100, 50].map((i) => IRIS_VALUES.slice(i * 4, i * 4 + 4));
const SPECIES = ['setosa', 'virginica', 'versicolor'];

describe('a model trained from a scaled Dataset, on raw rows', () => {
  it('ds.pipeline(model) carries the train-fitted scaler: raw rows predict right, also after a checkpoint', async () => {
    const ds = loadIris({ split: { test: 0.3, seed: 3 } });
    const svc = await new SVC().fit(ds);
    // The bare model expects the Dataset's scaled features (ds.transform(raw)); the pipeline takes raw rows.
    expect(await svc.predict(ds.transform(RAW))).toEqual(SPECIES);
    const pipe = ds.pipeline(svc);
    expect(pipe.isFitted).toBe(true);
    expect(pipe.namedSteps.scaler).toBe(ds.scaler);
    expect(await pipe.predict(RAW)).toEqual(SPECIES);
    expect(await pipe.predict(ds.rawPart('test').X)).toEqual(await svc.predict(ds.part('test').X));
    const report = await pipe.evaluate(ds);
    const direct = await svc.evaluate(ds);
    expect(report.accuracy).toBe(direct.accuracy);
    expect(report.confusion).toEqual(direct.confusion);
    const back = loadCheckpoint(JSON.stringify(pipe.saveCheckpoint()));
    expect(back).toBeInstanceOf(Pipeline);
    expect(await back.predict(RAW)).toEqual(SPECIES);
  });

  it('an unfitted ds.pipeline(model) fits on the raw training part and learns the same scaler and model', async () => {
    const ds = loadIris({ split: { test: 0.3, seed: 3 } });
    const pipe = await ds.pipeline(new SVC()).fit(ds);
    const scaler = pipe.namedSteps.scaler as StandardScaler;
    const ref = new StandardScaler().fit(takeRows(ds.rawPart('all').X, ds.splitIndices().train));
    expect(scaler.mean).toEqual(ref.mean);
    expect(scaler.scale).toEqual(ref.scale);
    const svc = await new SVC().fit(ds);
    expect(await pipe.predict(ds.rawPart('test').X)).toEqual(await svc.predict(ds.part('test').X));
    expect(await pipe.predict(RAW)).toEqual(SPECIES);
  });

  it('rawPart returns the data as loaded; part stays scaled (what models fitted on the Dataset expect)', () => {
    const ds = loadIris({ split: { test: 0.3, seed: 3 } });
    const raw = ds.rawPart('test').X;
    const scaled = ds.part('test').X;
    expect(Array.from(ds.transform(raw).data)).toEqual(Array.from(scaled.data));
    expect(Array.from(ds.rawPart('all').X.data)).toEqual(IRIS_VALUES);
    expect(ds.pipeline(new SVC()).steps.map(([n]) => n)).toEqual(['scaler', 'model']);
    expect(
      loadIris({ scaler: null })
        .pipeline(new SVC())
        .steps.map(([n]) => n),
    ).toEqual(['model']);
  });
});
