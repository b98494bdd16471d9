import { describe, expect, it } from 'vitest';
import type { Backend } from '../../core/backend.js';
import { cpuBackend } from '../../core/backends/cpu.js';
import type { DatasetLike, Label } from '../../core/data.js';
import { availableDeviceNames, registerBackend, unregisterBackend } from '../../core/devices.js';
import { NotFittedError, ParamError } from '../../core/errors.js';
import { type Matrix, toMatrix } from '../../core/matrix.js';
import { CrossEntropyLoss } from '../../losses/cross-entropy.js';
import type { Loss, LossBatch } from '../../losses/types.js';
import { Adam, Lbfgs } from '../../optimizers/index.js';
import { FitAbortedError } from '../base.js';
import { loadFixture } from '../test-utils/fixtures.js';
import fixture from './fixtures/logistic-sklearn.json' with { type: 'json' };
import { LogisticRegression } from './index.js';

interface Case {
  name: string;
  data: string;
  X: number[][];
  y: number[];
  params: Record<string, unknown>;
  coef: number[][];
  intercept: number[];
  nIter: number;
  predictions: number[];
  proba: number[][];
}

function agreement(a: readonly Label[], b: readonly Label[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** max |a - b| / max(|b|_inf, 1e-3) over matrices */
function relErr(a: number[][], b: number[][]): number {
  let scale = 1e-3;
  let err = 0;
  b.forEach((row, i) => {
    row.forEach((v, j) => {
      scale = Math.max(scale, Math.abs(v));
      err = Math.max(err, Math.abs((a[i]?.[j] as number) - v));
    });
  });
  return err / scale;
}

function dataset(X: Matrix, y: readonly number[]): DatasetLike {
  const classes = [...new Set(y)].sort((p, q) => p - q);
  const part = { X, y: Int32Array.from(y, (v) => classes.indexOf(v)), classes, featureNames: [] };
  return { isDataset: true, name: 'inline', part: () => part };
}

const datasets = fixture.datasets as Record<string, { X: number[][]; y: number[] }>;
const all: Case[] = (fixture.cases as Omit<Case, 'X' | 'y'>[]).map((c) => ({
  ...c,
  X: datasets[c.data]?.X as number[][],
  y: datasets[c.data]?.y as number[],
}));
const caseNamed = (name: string): Case => all.find((c) => c.name === name) as Case;

describe('LogisticRegression vs scikit-learn 1.2.1 (lbfgs)', () => {
  for (const c of all) {
    it(c.name, async () => {
      const m = await new LogisticRegression(c.params).fit(c.X, c.y);
      const ours = c.name === 'binary as multinomial' ? [m.coef[1] as number[]] : m.coef;
      const oursB = c.name === 'binary as multinomial' ? [m.intercept[1] as number] : m.intercept;
      // both follow the same L-BFGS-B path (same line search, same stopping rules)
      expect(relErr(ours, c.coef)).toBeLessThan(1e-3);
      expect(relErr([oursB], [c.intercept])).toBeLessThan(1e-3);
      expect(agreement(await m.predict(c.X), c.predictions)).toBe(1);
      const p = await m.predictProba(c.X.slice(0, 10));
      c.proba.forEach((row, i) => {
        row.forEach((v, j) => {
          expect(Math.abs((p.data[i * p.cols + j] as number) - v)).toBeLessThan(1e-4);
        });
      });
      expect(Math.abs(m.nIter - c.nIter)).toBeLessThanOrEqual(1);
      expect(m.converged).toBe(true);
    });
  }
});

describe('LogisticRegression parity fixtures (iris, breast_cancer, synthetic 5000, height-weight)', () => {
  for (const name of ['iris', 'breast-cancer', 'synthetic', 'height-weight']) {
    const loaded = loadFixture(name);
    it.skipIf(!loaded.ok)(`${name}: >= 99% prediction agreement and coef within 1e-3`, async () => {
      if (!loaded.ok) return;
      const { data } = loaded;
      const entry = data.fixture.models.find((e) => e.family === 'LogisticRegression');
      expect(entry).toBeDefined();
      if (!entry) return;
      const m = await new LogisticRegression(entry.params).fit(data.XtrainScaled, data.yTrain);
      const pred = await m.predict(data.XtestScaled);
      expect(agreement(pred, entry.predictions)).toBeGreaterThanOrEqual(0.99);
      const coef = entry.coef as number[][];
      // scikit-learn keeps only the class-1 row of a binary multinomial fit
      const ours = coef.length === 1 && m.coef.length === 2 ? [m.coef[1] as number[]] : m.coef;
      expect(relErr(ours, coef)).toBeLessThan(1e-3);
    });
  }
});

describe('LogisticRegression behaviour', () => {
  const c3 = caseNamed('multinomial defaults');
  const cb = caseNamed('binary defaults');

  it('probabilities are a softmax: rows sum to 1 and argmax is predict; binary is a single sigmoid', async () => {
    const m = await new LogisticRegression().fit(c3.X, c3.y);
    const p = await m.predictProba(c3.X);
    const pred = await m.predict(c3.X);
    for (let i = 0; i < p.rows; i++) {
      let s = 0;
      let best = 0;
      for (let j = 0; j < p.cols; j++) {
        s += p.data[i * p.cols + j] as number;
        if ((p.data[i * p.cols + j] as number) > (p.data[i * p.cols + best] as number)) best = j;
      }
      expect(s).toBeCloseTo(1, 12);
      expect(pred[i]).toBe(m.classes?.[best]);
    }
    const mb = await new LogisticRegression().fit(cb.X, cb.y);
    expect(mb.outputMode).toBe('binary');
    expect(mb.coef).toHaveLength(1);
  });

  it('accepts string labels and keeps them', async () => {
    const names = ['ant', 'bee', 'cat'];
    const m = await new LogisticRegression().fit(
      c3.X,
      c3.y.map((v) => names[v] as string),
    );
    expect(m.classes).toEqual(names);
    const pred = await m.predict(c3.X);
    expect(
      agreement(
        pred,
        c3.predictions.map((v) => names[v] as string),
      ),
    ).toBe(1);
  });

  it('checkpoint round-trip gives identical probabilities', async () => {
    const m = await new LogisticRegression({ C: 0.3 }).fit(c3.X, c3.y);
    const json = JSON.stringify(m.saveCheckpoint());
    const back = LogisticRegression.loadCheckpoint(json);
    expect(back.coef).toEqual(m.coef);
    expect(back.nIter).toBe(m.nIter);
    expect((await back.predictProba(c3.X)).data).toEqual((await m.predictProba(c3.X)).data);
    expect(back.getParams().C).toBe(0.3);
  });

  it('uses a custom Loss instance and a custom Optimizer instance passed to fit', async () => {
    class CountingLoss implements Loss {
      readonly name = 'counting-ce';
      calls = 0;
      private readonly inner = new CrossEntropyLoss();
      async valueAndGrad(backend: Parameters<Loss['valueAndGrad']>[0], w: Float64Array, batch: LossBatch) {
        this.calls++;
        return this.inner.valueAndGrad(backend, w, batch);
      }
    }
    const loss = new CountingLoss();
    const ref = await new LogisticRegression({ tol: 1e-8, maxIter: 1000 }).fit(c3.X, c3.y);
    const m = await new LogisticRegression({ tol: 1e-8, maxIter: 1000 }).fit(
      dataset(toMatrix(c3.X), c3.y),
      {},
      loss,
      new Lbfgs({ memory: 3 }),
    );
    expect(loss.calls).toBeGreaterThan(5);
    expect(relErr(m.coef, ref.coef)).toBeLessThan(1e-4);
    // a first-order optimizer instance runs its own minimize (full batch)
    const a = await new LogisticRegression({ tol: 1e-3, maxIter: 5000 }).fit(
      dataset(toMatrix(c3.X), c3.y),
      {},
      undefined,
      new Adam({ learningRate: 0.05 }),
    );
    expect(agreement(await a.predict(c3.X), await ref.predict(c3.X))).toBeGreaterThanOrEqual(0.97);
  });

  for (const solver of ['sgd', 'momentum', 'adam'] as const) {
    it(`solver '${solver}' (mini-batch, seeded) reaches lbfgs's predictions and is deterministic`, async () => {
      const params = {
        solver,
        learningRate: { sgd: 0.05, momentum: 0.005, adam: 0.01 }[solver],
        batchSize: 16,
        maxIter: 200,
        seed: 3,
      };
      const m1 = await new LogisticRegression(params).fit(c3.X, c3.y);
      const m2 = await new LogisticRegression(params).fit(c3.X, c3.y);
      expect(m1.coef).toEqual(m2.coef);
      expect(agreement(await m1.predict(c3.X), c3.predictions)).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('training hyper-parameters override the model settings; bad ones are rejected', async () => {
    const ds = dataset(toMatrix(c3.X), c3.y);
    const events: number[] = [];
    const m = await new LogisticRegression().fit(ds, { maxIter: 2 }, undefined, undefined, (e) =>
      events.push(e.iteration),
    );
    expect(m.nIter).toBe(2);
    expect(m.converged).toBe(false);
    expect(events).toEqual([1, 2]);
    const s = await new LogisticRegression().fit(
      ds,
      { learningRate: 0.05, maxIter: 3 },
      'cross_entropy',
      'sgd',
    );
    expect(s.nIter).toBe(3);
    await expect(new LogisticRegression().fit(ds, { learningRate: 0.1 })).rejects.toThrow(ParamError);
    await expect(new LogisticRegression().fit(ds, { maxIter: 0 })).rejects.toThrow(ParamError);
    await expect(new LogisticRegression().fit(ds, {}, 'hinge')).rejects.toThrow(ParamError);
    await expect(new LogisticRegression().fit(ds, {}, undefined, 'newton')).rejects.toThrow(ParamError);
  });

  it('an already aborted AbortSignal rejects the fit with FitAbortedError and leaves the model unfitted', async () => {
    const ac = new AbortController();
    ac.abort();
    const m = new LogisticRegression();
    await expect(
      m.fit(dataset(toMatrix(c3.X), c3.y), { signal: ac.signal } as Record<string, unknown>),
    ).rejects.toBeInstanceOf(FitAbortedError);
    await expect(m.fit(c3.X, c3.y, { signal: ac.signal })).rejects.toBeInstanceOf(FitAbortedError);
    expect(m.isFitted).toBe(false);
  });

  it('validates params and fitted state', async () => {
    await expect(new LogisticRegression({ C: 0 }).fit(c3.X, c3.y)).rejects.toThrow(ParamError);
    await expect(new LogisticRegression({ solver: 'newton' as never }).fit(c3.X, c3.y)).rejects.toThrow(
      ParamError,
    );
    await expect(new LogisticRegression({ classWeight: { 7: 1 } }).fit(c3.X, c3.y)).rejects.toThrow(
      ParamError,
    );
    await expect(new LogisticRegression().predict(c3.X)).rejects.toThrow(NotFittedError);
  });
});

describe('LogisticRegression on the op-composed (non-fused) path', () => {
  it('uploads X once per solved problem (not per iteration) and matches the fused cpu fit in float64', async () => {
    // the real cpu ops registered under another device name: the model gets kernels composed from them
    const uploads: number[][] = [];
    const counted: Backend = {
      ...cpuBackend,
      name: 'tfjs-cpu',
      fromArray(data, shape) {
        uploads.push([...shape]);
        return cpuBackend.fromArray(data, shape);
      },
    };
    registerBackend(counted);
    try {
      for (const name of ['multinomial defaults', 'binary C=0.5 balanced', 'ovr classWeight dict']) {
        const c = caseNamed(name);
        uploads.length = 0;
        const m = await new LogisticRegression(c.params).setUp({}, 'tfjs-cpu').fit(c.X, c.y);
        const n = c.X.length;
        const d = (c.X[0] as number[]).length;
        // one prepared loss per sub-problem: one per class for one-vs-rest, else one
        const problems = m.outputMode === 'ovr' ? m.classes?.length : 1;
        expect(uploads.filter((s) => s[0] === n && s[1] === d)).toHaveLength(problems ?? 0);
        const ref = await new LogisticRegression(c.params).fit(c.X, c.y);
        expect(relErr(m.coef, ref.coef)).toBeLessThan(1e-8);
        expect(m.nIter).toBe(ref.nIter);
        const pm = await m.predictProba(c.X);
        const pr = await ref.predictProba(c.X);
        for (let i = 0; i < pr.data.length; i++) expect(pm.data[i]).toBeCloseTo(pr.data[i] as number, 10);
      }
    } finally {
      unregisterBackend('tfjs-cpu');
    }
  });
});

const floatDevices = (['tfjs-cpu', 'wasm'] as const).filter((d) => availableDeviceNames().includes(d));

describe.skipIf(floatDevices.length === 0)('LogisticRegression on float32 tfjs devices', () => {
  for (const device of floatDevices) {
    it(`${device}: same fit as cpu within float32 tolerance; changeComputeDevice keeps predictions`, async () => {
      const c = caseNamed('multinomial C=0.1 tight');
      const cpu = await new LogisticRegression({ C: 0.1, tol: 1e-4 }).fit(c.X, c.y);
      const dev = await new LogisticRegression({ C: 0.1, tol: 1e-4 }).setUp({}, device).fit(c.X, c.y);
      expect(relErr(dev.coef, cpu.coef)).toBeLessThan(2e-3);
      expect(agreement(await dev.predict(c.X), await cpu.predict(c.X))).toBeGreaterThanOrEqual(0.99);
      const pd = await dev.predictProba(c.X);
      const pc = await cpu.predictProba(c.X);
      for (let i = 0; i < pc.data.length; i++)
        expect(Math.abs((pd.data[i] as number) - (pc.data[i] as number))).toBeLessThan(1e-3);
      const b = caseNamed('binary C=0.5 balanced');
      const cb = await new LogisticRegression({ C: 0.5, classWeight: 'balanced' }).fit(b.X, b.y);
      const db = await new LogisticRegression({ C: 0.5, classWeight: 'balanced' })
        .setUp({}, device)
        .fit(b.X, b.y);
      expect(relErr(db.coef, cb.coef)).toBeLessThan(2e-3);
      await cpu.changeComputeDevice(device);
      expect(cpu.computeDevice).toBe(device);
      expect(agreement(await cpu.predict(c.X), c.predictions)).toBe(1);
      await cpu.changeComputeDevice('cpu');
      expect(agreement(await cpu.predict(c.X), c.predictions)).toBe(1);
    });
  }
});
