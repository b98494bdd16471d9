/**
 * The estimator contract's two faces (src/models/base.ts): the scikit-learn face (fit options,
 * score, predictLogProba, decisionFunction, getParams / setParams / clone, statics, the one model
 * registry) and the seed's MLEngine face as a thin adapter over it. Independent references: weight
 * k equals k copies of a row (the weighted objectives are sums), hand-computed weighted accuracy,
 * log identities.
 */
import { describe, expect, it } from 'vitest';
import { builtinModels } from '../catalog/builtins.js';
import type { DatasetLike, Label } from '../core/data.js';
import { CheckpointError, DataError, ParamError } from '../core/errors.js';
import { type Matrix, takeRows } from '../core/matrix.js';
import { loadIris } from '../datasets/iris.js';
import { Classifier, FitAbortedError } from './base.js';
import { LinearSVC } from './linear-svc/index.js';
import { loadCheckpoint, MODEL_CLASSES, modelClass, modelClasses } from './load-checkpoint.js';
import { LogisticRegression } from './logistic/index.js';
import { GaussianNB } from './naive-bayes/index.js';
import { SVC } from './svc/index.js';
import { makeBlobs } from './test-utils/blobs.js';
import { decisionData } from './test-utils/decision.js';

const { X, y } = makeBlobs({ perClass: 25, nClasses: 3, nFeatures: 3, separation: 1.2, seed: 4 });
const rows = (m: Matrix): number[][] =>
  Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
const Xa = rows(X);

/** Rows repeated by integer weights (weight 0 drops the row). */
function repeatRows(w: readonly number[]): { X: number[][]; y: number[] } {
  const idx: number[] = [];
  w.forEach((k, i) => {
    for (let t = 0; t < k; t++) idx.push(i);
  });
  return { X: rows(takeRows(X, idx)), y: idx.map((i) => y[i]!) };
}

const counts = y.map((_, i) => [0, 1, 2, 3][(i * 7) % 4]!);

describe('fit options', () => {
  it('LogisticRegression: integer sampleWeight equals repeating rows (weighted loss = sum)', async () => {
    const p = { tol: 1e-10, maxIter: 2000 };
    const a = await new LogisticRegression(p).fit(X, y, { sampleWeight: counts });
    const r = repeatRows(counts);
    const b = await new LogisticRegression(p).fit(r.X, r.y);
    expect(Math.max(...a.coef.flat().map((v, i) => Math.abs(v - b.coef.flat()[i]!)))).toBeLessThan(1e-5);
    expect(await a.predict(X)).toEqual(await b.predict(X));
  });

  it('GaussianNB: integer sampleWeight gives the moments of the repeated rows', async () => {
    const a = await new GaussianNB({ varSmoothing: 0 }).fit(X, y, { sampleWeight: counts });
    const r = repeatRows(counts);
    const b = await new GaussianNB({ varSmoothing: 0 }).fit(r.X, r.y);
    for (const k of ['theta', 'var'] as const) {
      const d = a[k]!.data.map((v, i) => Math.abs(v - b[k]!.data[i]!));
      expect(Math.max(...d)).toBeLessThan(1e-10);
    }
    expect(Array.from(a.classCount!)).toEqual(Array.from(b.classCount!));
  });

  // a fixed gamma: 'scale' reads the variance of X itself, which repeating rows changes
  it('SVC and LinearSVC: integer sampleWeight gives the decision function of the repeated rows', async () => {
    const r = repeatRows(counts);
    for (const [A, B] of [
      [
        new SVC({ tol: 1e-8, gamma: 0.5, decisionFunctionShape: 'ovo' }),
        new SVC({ tol: 1e-8, gamma: 0.5, decisionFunctionShape: 'ovo' }),
      ],
      [
        new LinearSVC({ tol: 1e-10, maxIter: 100000, dual: true }),
        new LinearSVC({ tol: 1e-10, maxIter: 100000, dual: true }),
      ],
    ] as const) {
      await A.fit(X, y, { sampleWeight: counts });
      await B.fit(r.X, r.y);
      const da = decisionData(await A.decisionFunction(X));
      const db = decisionData(await B.decisionFunction(X));
      expect(Math.max(...da.map((v, i) => Math.abs(v - db[i]!)))).toBeLessThan(1e-4);
    }
  });

  it('onProgress receives the reports; an AbortSignal fired mid-fit rejects with FitAbortedError', async () => {
    const events: number[] = [];
    await new LogisticRegression({ maxIter: 50 }).fit(X, y, {
      onProgress: (e) => events.push(e.fraction ?? -1),
    });
    expect(events.at(-1)).toBe(1);
    const ac = new AbortController();
    const m = new LogisticRegression({ maxIter: 500, tol: 1e-12 });
    const err = await m
      .fit(X, y, { signal: ac.signal, onProgress: () => ac.abort() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FitAbortedError);
    expect(m.isFitted).toBe(false);
    // SVC stops between one-vs-one pairs: 6 pairs for 4 classes, aborted after the first
    const four = makeBlobs({ perClass: 20, nClasses: 4, nFeatures: 2, seed: 2 });
    const pairs: number[] = [];
    const ac2 = new AbortController();
    const svc = new SVC({ nJobs: 1 });
    const e2 = await svc
      .fit(four.X, four.y, {
        signal: ac2.signal,
        onProgress: (e) => {
          pairs.push(e.iteration);
          ac2.abort();
        },
      })
      .catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(FitAbortedError);
    expect(pairs).toEqual([1]);
    expect(svc.isFitted).toBe(false);
  });

  it('misuse of the options is a type error and a typed error at run time', async () => {
    const m = new LinearSVC();
    // @ts-expect-error a loss name is not the options object (it goes in { loss })
    await expect(m.fit(X, y, 'hinge')).rejects.toBeInstanceOf(ParamError);
    // @ts-expect-error a misspelt option
    const typo = await m.fit(X, y, { sampleWeigth: counts }).catch((e: unknown) => e);
    expect(typo).toBeInstanceOf(ParamError);
    expect((typo as ParamError).param).toBe('sampleWeigth');
    // @ts-expect-error the seed's positional loss / optimizer only exist on the Dataset face
    await expect(m.fit(X, y, {}, 'sgd')).rejects.toBeInstanceOf(ParamError);
    await expect(m.fit(X, y, { onProgress: 3 as never })).rejects.toBeInstanceOf(ParamError);
    await expect(m.fit(X, y, { maxClasses: 1 })).rejects.toBeInstanceOf(ParamError);
  });

  it('maxClasses caps the distinct labels (default 1000)', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => [i, i % 7]);
    const labels = many.map((_, i) => `c${i}`);
    await expect(new GaussianNB().fit(many, labels)).rejects.toThrow(/1001 distinct classes.*1000/);
    await expect(new GaussianNB().fit(Xa, y, { maxClasses: 2 })).rejects.toThrow(/limit of 2/);
  });
});

describe('scikit-learn methods', () => {
  it('score is the (weighted) accuracy', async () => {
    const m = await new GaussianNB().fit(X, y);
    const pred = await m.predict(X);
    const w = y.map((_, i) => 1 + (i % 5));
    let hit = 0;
    let tot = 0;
    pred.forEach((p, i) => {
      tot += w[i]!;
      if (p === y[i]) hit += w[i]!;
    });
    expect(await m.score(X, y, { sampleWeight: w })).toBeCloseTo(hit / tot, 14);
    expect(await m.score(X, y)).toBeCloseTo(pred.filter((p, i) => p === y[i]).length / y.length, 14);
    await expect(m.score(X, y.slice(1))).rejects.toBeInstanceOf(DataError);
  });

  it('predictLogProba is log(predictProba), finite where exp underflows (NB, LR)', async () => {
    for (const m of [new GaussianNB(), new LogisticRegression(), new SVC({ probability: true })]) {
      await m.fit(X, y);
      const p = await m.predictProba(X);
      const lp = await m.predictLogProba(X);
      for (let i = 0; i < p.data.length; i++) {
        if (p.data[i]! > 1e-300) expect(Math.abs(lp.data[i]! - Math.log(p.data[i]!))).toBeLessThan(1e-9);
      }
    }
    const far = [[1e4, -1e4, 1e4]];
    const nb = await new GaussianNB().fit(X, y);
    expect(Array.from((await nb.predictLogProba(far)).data).every(Number.isFinite)).toBe(true);
  });

  it('decisionFunction: (n,) for binary problems, n x k otherwise, on SVC, LinearSVC and LogisticRegression', async () => {
    const bin = y.map((v) => (v === 0 ? 0 : 1));
    for (const M of [SVC, LinearSVC, LogisticRegression]) {
      const b = await new M().fit(X, bin);
      const d = await b.decisionFunction(X);
      expect(d).toBeInstanceOf(Float64Array);
      expect((d as Float64Array).length).toBe(X.rows);
      expect(Array.from(d as Float64Array, (v) => (v > 0 ? 1 : 0))).toEqual(await b.predict(X));
      const m = await new M().fit(X, y);
      const dm = (await m.decisionFunction(X)) as Matrix;
      expect([dm.rows, dm.cols]).toEqual([X.rows, 3]);
    }
    const lr = await new LogisticRegression().fit(X, bin);
    const lin = decisionData(await lr.decisionFunction(X));
    const w = lr.coef[0]!;
    const b0 = lr.intercept[0]!;
    Xa.forEach((r, i) => {
      expect(lin[i]).toBeCloseTo(
        r.reduce((s, v, j) => s + v * w[j]!, b0),
        12,
      );
    });
  });

  it('SVC(probability: true) predicts from the decision function, so class weights act on predict', async () => {
    const cw = { classWeight: { '0': 30, '1': 0.05, '2': 0.05 }, C: 0.05 };
    const plain = await new SVC(cw).fit(X, y);
    const prob = await new SVC({ ...cw, probability: true }).fit(X, y);
    expect(await prob.predict(X)).toEqual(await plain.predict(X));
    expect(await prob.predict(X)).not.toEqual(
      await new SVC({ C: 0.05, probability: true }).fit(X, y).then((m) => m.predict(X)),
    );
  });

  it('getParams never throws; setParams stores; clone copies params deeply and is unfitted', async () => {
    const m = new SVC().setUp({ C: -1 } as never);
    expect(m.getParams().C).toBe(-1);
    await expect(m.fit(X, y)).rejects.toBeInstanceOf(ParamError);
    m.setParams({ C: 2, classWeight: { '0': 2 } });
    expect(m.getParams().C).toBe(2);
    await m.fit(X, y);
    const c = m.clone();
    expect(c).toBeInstanceOf(SVC);
    expect(c.isFitted).toBe(false);
    expect(c.getParams()).toEqual(m.getParams());
    (c.getParams().classWeight as Record<string, number>)['0'] = 99;
    expect((m.getParams().classWeight as Record<string, number>)['0']).toBe(2);
    expect(m.nFeaturesIn).toBe(3);
    expect(c.nFeaturesIn).toBe(0);
  });

  it('inputs: Float32Array matrix and column-vector y accepted; 1-D X, null cells, Map classWeight refused clearly', async () => {
    const f32 = { rows: X.rows, cols: X.cols, data: Float32Array.from(X.data) };
    const a = await new GaussianNB().fit(
      f32,
      y.map((v) => [v]),
    );
    expect(a.classes).toEqual([0, 1, 2]);
    expect((await a.predict(f32)).length).toBe(X.rows);
    await expect(new GaussianNB().fit([1, 2, 3] as never, [0, 1, 0])).rejects.toThrow(
      /got a 1-D array of 3 values/,
    );
    const withNull = Xa.map((r, i) => (i === 7 ? [r[0]!, null as never, r[2]!] : r));
    await expect(new GaussianNB().fit(withNull, y)).rejects.toThrow(
      /missing value \(null\) at row 7, column 1/,
    );
    const fitted = await new GaussianNB().fit(X, y);
    await expect(fitted.predict([['' as never, 1, 2]])).rejects.toThrow(/empty string\) at row 0, column 0/);
    await expect(new SVC().fit(X, null as never)).rejects.toBeInstanceOf(DataError);
    for (const bad of [new Map([['0', 2]]), new (class W {})()]) {
      const e = await new SVC({ classWeight: bad as never }).fit(X, y).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ParamError);
      expect((e as ParamError).param).toBe('classWeight');
    }
    await expect(
      new LogisticRegression({ classWeight: new Map() as never }).fit(X, y),
    ).rejects.toBeInstanceOf(ParamError);
    await expect(new LinearSVC({ classWeight: new Map() as never }).fit(X, y)).rejects.toBeInstanceOf(
      ParamError,
    );
  });
});

describe('one registry of model classes', () => {
  it('classes carry their name and ParamSpec table as statics; the catalog reads the same objects', () => {
    expect(SVC.name).toBe('SVC');
    expect(SVC.paramSpecs).toBe(new SVC().paramSpecs);
    expect(LinearSVC.paramSpecs).toBe(new LinearSVC().paramSpecs);
    expect(LogisticRegression.paramSpecs).toBe(new LogisticRegression().paramSpecs);
    expect(GaussianNB.paramSpecs).toBe(new GaussianNB().paramSpecs);
    const catalog = builtinModels();
    expect(catalog.map((e) => e.name)).toEqual(Object.keys(MODEL_CLASSES));
    for (const info of modelClasses()) {
      expect(new info.Ctor().name).toBe(info.name);
      expect(info.paramSpecs).toEqual(new info.Ctor().paramSpecs);
      expect(catalog.find((e) => e.name === info.name)!.paramSpecs).toBe(info.paramSpecs);
    }
    expect(modelClass('toString')).toBeUndefined();
  });

  it('loadCheckpoint and the catalog load the same checkpoints and refuse another model', async () => {
    const m = await new LogisticRegression().fit(X, y);
    const ck = JSON.stringify(m.saveCheckpoint());
    expect(await loadCheckpoint(ck).predict(X)).toEqual(await m.predict(X));
    const entry = builtinModels().find((e) => e.name === 'LogisticRegression')!;
    expect(await entry.load(ck).predict(X)).toEqual(await m.predict(X));
    const svcEntry = builtinModels().find((e) => e.name === 'SVC')!;
    expect(() => svcEntry.load(ck)).toThrow(CheckpointError);
    expect(() => loadCheckpoint({ ...JSON.parse(ck), model: 'Nope' })).toThrow(
      /no built-in model named 'Nope'/,
    );
  });
});

describe("the seed's MLEngine face is an adapter over the scikit-learn face", () => {
  it('setUp -> fit(dataset, training, loss, optimizer, logger) -> evaluate / inference / changeComputeDevice', async () => {
    const ds: DatasetLike = loadIris({ split: { test: 0.3, seed: 1 } });
    const train = ds.part('train');
    const labels: Label[] = Array.from(train.y, (i) => train.classes[i]!);
    const events: number[] = [];
    const seed = new LogisticRegression().setUp({ C: 0.5 }, 'cpu');
    await seed.fit(ds, { maxIter: 300 }, 'cross_entropy', 'lbfgs', (e) => events.push(e.iteration));
    const sk = await new LogisticRegression({ C: 0.5, maxIter: 300 }).fit(train.X, labels);
    const test = ds.part('test');
    expect(await seed.predict(test.X)).toEqual(await sk.predict(test.X));
    expect(events.length).toBeGreaterThan(0);
    const report = await seed.evaluate(ds);
    const truth = Array.from(test.y, (i) => test.classes[i]!);
    expect(report.accuracy).toBeCloseTo(await sk.score(test.X, truth), 12);
    const row = Array.from(test.X.data.subarray(0, test.X.cols));
    expect(await seed.inference(row)).toBe((await sk.predict([row]))[0]);
    await seed.changeComputeDevice('tfjs-cpu');
    expect(seed.computeDevice).toBe('tfjs-cpu');
    const moved = await seed.predict(test.X);
    expect(moved.filter((p, i) => p === truth[i]).length).toBeGreaterThanOrEqual(
      (await sk.predict(test.X)).filter((p, i) => p === truth[i]).length - 1,
    );
    expect(seed).toBeInstanceOf(Classifier);
  });
});
