import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../core/errors.js';
import { SquaredHingeLoss } from '../../losses/squared-hinge.js';
import { SVC } from '../svc/svc.js';
import { decisionData } from '../test-utils/decision.js';
import { LinearSVC, type LinearSVCParams } from './linear-svc.js';

interface Case {
  name: string;
  params: Record<string, unknown>;
  coef: number[][];
  intercept: number[];
  predict: number[];
  decision: number[] | number[][];
}
const fx = JSON.parse(
  readFileSync(new URL('./fixtures/linear-svc-sklearn.json', import.meta.url), 'utf8'),
) as {
  iris: { X: number[][]; y: number[] };
  binary: { X: number[][]; y: number[] };
  models: Case[];
};
const NAMES: Record<string, string> = {
  class_weight: 'classWeight',
  fit_intercept: 'fitIntercept',
  intercept_scaling: 'interceptScaling',
};
function toParams(p: Record<string, unknown>): Partial<LinearSVCParams> {
  return Object.fromEntries(
    Object.entries(p).map(([k, v]) => [NAMES[k] ?? k, v]),
  ) as Partial<LinearSVCParams>;
}
function maxAbsDiff(a: ArrayLike<number>, b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
function agreement(a: unknown[], b: unknown[]): number {
  return a.filter((v, i) => v === b[i]).length / a.length;
}

describe('LinearSVC vs scikit-learn 1.2.1 (liblinear)', () => {
  for (const c of fx.models) {
    const data = c.name.startsWith('iris') ? fx.iris : fx.binary;
    const duals: (boolean | 'auto')[] = c.params.loss === 'hinge' ? [true] : [true, false];
    for (const dual of duals) {
      it(`${c.name} (dual=${dual})`, async () => {
        // tight tolerance: both reach the unique optimum
        const m = await new LinearSVC({ ...toParams(c.params), dual, tol: 1e-10, maxIter: 100000 }).fit(
          data.X,
          data.y,
        );
        expect(m.converged).toBe(true);
        expect(maxAbsDiff(m.coef.data, c.coef.flat())).toBeLessThan(1e-7);
        // scikit-learn reports intercept_ = 0.0 (a scalar) without an intercept
        const refIcpt =
          c.intercept.length === m.intercept.length
            ? c.intercept
            : Array.from(m.intercept, () => c.intercept[0]!);
        expect(maxAbsDiff(m.intercept, refIcpt)).toBeLessThan(1e-7);
        const dec = await m.decisionFunction(data.X);
        expect(maxAbsDiff(decisionData(dec), (c.decision as (number | number[])[]).flat())).toBeLessThan(
          1e-6,
        );
        // default tolerance: predictions agree on >= 99% of rows
        const d = await new LinearSVC({ ...toParams(c.params), dual }).fit(data.X, data.y);
        expect(agreement(await d.predict(data.X), c.predict)).toBeGreaterThanOrEqual(0.99);
      });
    }
  }
});

describe('LinearSVC behaviour', () => {
  const { X, y } = fx.iris;

  it("dual 'auto' picks the primal when n > d and converges in few Newton steps", async () => {
    const m = await new LinearSVC().fit(X, y);
    expect(m.dualUsed).toBe(false);
    expect(m.converged).toBe(true);
    expect(m.nIter).toBeLessThan(30);
  });

  it('linear-kernel SVC and LinearSVC (hinge, weak intercept penalty) find nearly the same binary hyperplane', async () => {
    const { X: Xb, y: yb } = fx.binary;
    const svc = await new SVC({ kernel: 'linear', C: 0.5 }).fit(Xb, yb);
    const lin = await new LinearSVC({
      loss: 'hinge',
      C: 0.5,
      interceptScaling: 100,
      tol: 1e-8,
      maxIter: 200000,
    }).fit(Xb, yb);
    const a = svc.coef.data;
    const b = lin.coef.data;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let j = 0; j < a.length; j++) {
      dot += a[j]! * b[j]!;
      na += a[j]! * a[j]!;
      nb += b[j]! * b[j]!;
    }
    expect(dot / Math.sqrt(na * nb)).toBeGreaterThan(0.999);
    expect(agreement(await svc.predict(Xb), await lin.predict(Xb))).toBeGreaterThanOrEqual(0.98);
  });

  it('sgd solver with the default loss and with a custom Loss instance', async () => {
    const cd = await new LinearSVC({ C: 1 }).fit(X, y);
    const sgd = await new LinearSVC({ solver: 'sgd', maxIter: 60, seed: 3 }).fit(X, y);
    expect(agreement(await sgd.predict(X), await cd.predict(X))).toBeGreaterThan(0.9);
    const custom = await new LinearSVC({ solver: 'sgd', maxIter: 60 }).fit(X, y, {
      loss: new SquaredHingeLoss({ l2: 1e-3 }),
    });
    expect(agreement(await custom.predict(X), y)).toBeGreaterThan(0.85);
  });

  it('predictProba rows sum to 1 with argmax = predict; checkpoint round-trip', async () => {
    const m = await new LinearSVC({ classWeight: 'balanced' }).fit(X, y);
    const p = await m.predictProba(X);
    const pred = await m.predict(X);
    for (let i = 0; i < p.rows; i++) {
      const row = Array.from(p.data.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(pred[i]).toBe(row.indexOf(Math.max(...row)));
    }
    const back = LinearSVC.loadCheckpoint(JSON.stringify(m.saveCheckpoint()));
    expect(await back.predict(X)).toEqual(pred);
    expect(Array.from(decisionData(await back.decisionFunction(X)))).toEqual(
      Array.from(decisionData(await m.decisionFunction(X))),
    );
  });

  it('maxIter reached is reported, hinge with dual=false is rejected', async () => {
    const m = await new LinearSVC({ dual: true, maxIter: 2 }).fit(X, y);
    expect(m.converged).toBe(false);
    expect(m.nIter).toBe(2);
    await expect(new LinearSVC({ loss: 'hinge', dual: false }).fit(X, y)).rejects.toBeInstanceOf(ParamError);
    await expect(new LinearSVC({ C: 0 }).fit(X, y)).rejects.toBeInstanceOf(ParamError);
  });

  it('loss and algorithm names given to fit select the solver; a custom Loss needs sgd', async () => {
    const byName = await new LinearSVC({ maxIter: 40 }).fit(X, y, { loss: 'hinge', optimizer: 'sgd' });
    const byParams = await new LinearSVC({ maxIter: 40, loss: 'hinge', solver: 'sgd' }).fit(X, y);
    expect(Array.from(byName.coef.data)).toEqual(Array.from(byParams.coef.data));
    expect(byName.dualUsed).toBe(false);
    await expect(new LinearSVC().fit(X, y, { loss: new SquaredHingeLoss() })).rejects.toBeInstanceOf(
      ParamError,
    );
    await expect(new LinearSVC().fit(X, y, { loss: 'log_loss' })).rejects.toBeInstanceOf(ParamError);
  });

  it('tfjs-cpu device: decision function through the backend matmul, sgd batches on the backend', async () => {
    const cpu = await new LinearSVC().fit(X, y);
    const tf = new LinearSVC();
    tf.setUp({}, 'tfjs-cpu');
    await tf.fit(X, y);
    expect(maxAbsDiff(tf.coef.data, Array.from(cpu.coef.data))).toBeLessThan(1e-12); // host solver
    expect(
      maxAbsDiff(
        decisionData(await tf.decisionFunction(X)),
        Array.from(decisionData(await cpu.decisionFunction(X))),
      ),
    ).toBeLessThan(1e-4);
    const sgd = new LinearSVC({ solver: 'sgd', maxIter: 30 });
    sgd.setUp({}, 'tfjs-cpu');
    await sgd.fit(X, y);
    expect(agreement(await sgd.predict(X), y)).toBeGreaterThan(0.85);
  });
});
