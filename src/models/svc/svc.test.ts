import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { decisionData, decisionMatrix } from '../test-utils/decision.js';
import { SVC, type SVCParams } from './svc.js';

interface Case {
  name: string;
  params: Record<string, unknown>;
  n_support: number[];
  support: number[];
  dual_coef: number[][];
  intercept: number[];
  decision: number[] | number[][];
  decision_ovo?: number[][];
  predict: number[];
  coef?: number[][];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/svc-sklearn.json', import.meta.url), 'utf8')) as {
  iris: { X: number[][]; y: number[] };
  binary: { X: number[][]; y: number[] };
  models: Case[];
};

function toParams(p: Record<string, unknown>): Partial<SVCParams> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    const key = k === 'class_weight' ? 'classWeight' : k;
    out[key] = v;
  }
  return out as Partial<SVCParams>;
}

function rows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('SVC vs scikit-learn 1.2.1 (libsvm)', () => {
  for (const c of fx.models) {
    it(c.name, async () => {
      const data = c.name.startsWith('iris') ? fx.iris : fx.binary;
      const m = await new SVC(toParams(c.params)).fit(data.X, data.y);
      expect(Array.from(m.nSupport)).toEqual(c.n_support);
      expect(Array.from(m.support)).toEqual(c.support);
      // dual coefficients and intercepts agree to the solver tolerance
      expect(maxAbsDiff(Array.from(m.dualCoef.data), c.dual_coef.flat())).toBeLessThan(1e-8);
      expect(maxAbsDiff(Array.from(m.intercept), c.intercept)).toBeLessThan(1e-8);
      const dec = await m.decisionFunction(data.X);
      const ref = (c.decision as (number | number[])[]).flat();
      expect(maxAbsDiff(Array.from(decisionData(dec)), ref)).toBeLessThan(1e-8);
      const pred = await m.predict(data.X);
      let agree = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === c.predict[i]) agree++;
      expect(agree).toBe(pred.length);
      if (c.decision_ovo) {
        const ovo = await new SVC({ ...toParams(c.params), decisionFunctionShape: 'ovo' }).fit(
          data.X,
          data.y,
        );
        const d2 = await ovo.decisionFunction(data.X);
        expect(decisionMatrix(d2).cols).toBe(3);
        expect(maxAbsDiff(Array.from(decisionData(d2)), c.decision_ovo.flat())).toBeLessThan(1e-8);
      }
      if (c.coef) expect(maxAbsDiff(Array.from(m.coef.data), c.coef.flat())).toBeLessThan(1e-8);
    });
  }
});

describe('SVC behaviour', () => {
  const { X, y } = fx.iris;

  it('precomputed Gram matrix gives the same model as the rbf kernel', async () => {
    const rbf = await new SVC({ gamma: 0.3 }).fit(X, y);
    const n = X.length;
    const K = X.map((a) => X.map((b) => Math.exp(-0.3 * a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0))));
    const pre = await new SVC({ kernel: 'precomputed' }).fit(K, y);
    expect(Array.from(pre.support)).toEqual(Array.from(rbf.support));
    expect(maxAbsDiff(Array.from(pre.dualCoef.data), Array.from(rbf.dualCoef.data))).toBeLessThan(1e-5);
    expect(maxAbsDiff(Array.from(pre.intercept), Array.from(rbf.intercept))).toBeLessThan(1e-5);
    const d1 = await rbf.decisionFunction(X);
    const d2 = await pre.decisionFunction(K);
    expect(maxAbsDiff(Array.from(decisionData(d1)), Array.from(decisionData(d2)))).toBeLessThan(1e-5);
    expect(K.length).toBe(n);
  });

  it('KKT conditions hold at the solution (binary, independent of scikit-learn)', async () => {
    const { X: Xb, y: yb } = fx.binary;
    const C = 2;
    const tol = 1e-4;
    const m = await new SVC({ C, tol }).fit(Xb, yb);
    const f = decisionData(await m.decisionFunction(Xb)); // > 0 means class 1
    const alpha = new Float64Array(yb.length); // y_i alpha_i in scikit-learn's sign
    m.support.forEach((s, t) => {
      alpha[s] = m.dualCoef.data[t]!;
    });
    let sum = 0;
    for (let i = 0; i < yb.length; i++) {
      const yi = yb[i] === 1 ? 1 : -1;
      const a = alpha[i]! * yi; // alpha_i >= 0
      sum += alpha[i]!;
      expect(a).toBeGreaterThanOrEqual(-1e-12);
      expect(a).toBeLessThanOrEqual(C + 1e-12);
      const margin = yi * f[i]!;
      if (a <= 1e-12) expect(margin).toBeGreaterThan(1 - 2 * tol);
      else if (a >= C - 1e-12) expect(margin).toBeLessThan(1 + 2 * tol);
      else expect(Math.abs(margin - 1)).toBeLessThan(2 * tol);
    }
    expect(Math.abs(sum)).toBeLessThan(1e-9);
  });

  it("classWeight 'balanced' raises recall of the minority class", async () => {
    const { X: Xb, y: yb } = fx.binary;
    const recall1 = (pred: number[]): number => {
      let tp = 0;
      let p = 0;
      for (let i = 0; i < yb.length; i++) {
        if (yb[i] === 1) {
          p++;
          if (pred[i] === 1) tp++;
        }
      }
      return tp / p;
    };
    const plain = await new SVC({ C: 0.1 }).fit(Xb, yb);
    const bal = await new SVC({ C: 0.1, classWeight: 'balanced' }).fit(Xb, yb);
    const w = Array.from(bal.classWeight);
    const n1 = yb.filter((v) => v === 1).length;
    expect(w[1]).toBeCloseTo(yb.length / (2 * n1), 12);
    expect(recall1((await bal.predict(Xb)) as number[])).toBeGreaterThan(
      recall1((await plain.predict(Xb)) as number[]),
    );
  });

  it('predictProba rows sum to 1; predict is the decision-function vote, as without probability', async () => {
    const m = await new SVC({ probability: true, seed: 1 }).fit(X, y);
    const p = await m.predictProba(X);
    const pred = await m.predict(X);
    // scikit-learn: predict ignores the Platt model (same predictions as probability: false)
    expect(await new SVC({ seed: 1 }).fit(X, y).then((plain) => plain.predict(X))).toEqual(pred);
    let correct = 0;
    let agree = 0;
    for (let i = 0; i < p.rows; i++) {
      let s = 0;
      let best = 0;
      for (let j = 0; j < 3; j++) {
        s += p.data[i * 3 + j]!;
        if (p.data[i * 3 + j]! > p.data[i * 3 + best]!) best = j;
      }
      expect(s).toBeCloseTo(1, 10);
      if (pred[i] === m.classes![best]) agree++;
      if (pred[i] === y[i]) correct++;
    }
    expect(agree / y.length).toBeGreaterThan(0.9);
    expect(correct / y.length).toBeGreaterThan(0.95);
    expect(m.probA!.every((a) => a < 0)).toBe(true); // larger decision value -> more probable first class
  });

  it('predictProba without probability: true is a ParamError', async () => {
    const m = await new SVC().fit(X, y);
    await expect(m.predictProba(X)).rejects.toBeInstanceOf(ParamError);
  });

  it('checkpoint round-trip gives identical predictions and decision values', async () => {
    const m = await new SVC({ probability: true, C: 3 }).fit(X, y);
    const json = JSON.stringify(m.saveCheckpoint());
    const back = SVC.loadCheckpoint(json);
    expect(await back.predict(X)).toEqual(await m.predict(X));
    expect(rows(decisionMatrix(await back.decisionFunction(X)))).toEqual(
      rows(decisionMatrix(await m.decisionFunction(X))),
    );
    expect(rows(await back.predictProba(X))).toEqual(rows(await m.predictProba(X)));
  });

  it('string labels, breakTies, maxIter and bad params', async () => {
    const names = y.map((v) => ['setosa', 'versicolor', 'virginica'][v]!);
    const m = await new SVC({ breakTies: true }).fit(X, names);
    const pred = await m.predict(X);
    expect(pred.filter((p, i) => p === names[i]).length / names.length).toBeGreaterThan(0.95);
    const capped = await new SVC({ maxIter: 2 }).fit(X, y);
    expect(capped.converged).toBe(false);
    expect(Math.max(...capped.nIter)).toBeLessThanOrEqual(2);
    await expect(new SVC({ gamma: -1 }).fit(X, y)).rejects.toBeInstanceOf(ParamError);
    await expect(new SVC({ classWeight: { 7: 2 } }).fit(X, y)).rejects.toBeInstanceOf(ParamError);
    await expect(new SVC({ breakTies: true, decisionFunctionShape: 'ovo' }).fit(X, y)).rejects.toBeInstanceOf(
      ParamError,
    );
  });
});

describe('SVC execution paths', () => {
  // three well-separated-ish classes, large enough that every pair does real SMO work
  const X: number[][] = [];
  const y: number[] = [];
  let s = 12345;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  };
  for (let i = 0; i < 450; i++) {
    const c = i % 3;
    X.push([c + 2 * rnd(), (c === 1 ? 1 : 0) + 2 * rnd(), 2 * rnd()]);
    y.push(c);
  }

  it('worker threads (nJobs 2) build exactly the model of one thread', async () => {
    const one = await new SVC({ nJobs: 1, probability: true }).fit(X, y);
    const two = await new SVC({ nJobs: 2, probability: true }).fit(X, y);
    expect(Array.from(two.support)).toEqual(Array.from(one.support));
    expect(Array.from(two.dualCoef.data)).toEqual(Array.from(one.dualCoef.data));
    expect(Array.from(two.intercept)).toEqual(Array.from(one.intercept));
    expect(Array.from(two.probA!)).toEqual(Array.from(one.probA!));
  });

  it('tfjs-cpu device (float32 kernel rows brought in batches, composed decision kernel) agrees with cpu', async () => {
    const cpu = await new SVC({ gamma: 0.5 }).fit(X, y);
    const tf = new SVC({ gamma: 0.5 });
    tf.setUp({}, 'tfjs-cpu');
    await tf.fit(X, y);
    expect(Math.abs(tf.support.length - cpu.support.length)).toBeLessThanOrEqual(3);
    const a = await cpu.predict(X);
    const b = await tf.predict(X);
    expect(a.filter((v, i) => v === b[i]).length / a.length).toBeGreaterThanOrEqual(0.99);
    const d1 = decisionData(await cpu.decisionFunction(X));
    const d2 = decisionData(await tf.decisionFunction(X));
    let m = 0;
    for (let i = 0; i < d1.length; i++) m = Math.max(m, Math.abs(d1[i]! - d2[i]!));
    expect(m).toBeLessThan(1e-2);
  });
});
