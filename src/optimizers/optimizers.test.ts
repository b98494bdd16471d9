import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { Adam, createOptimizer, Lbfgs, Momentum, moreThuente, Sgd } from './index.js';
import type { Objective } from './types.js';

/** f(w) = 0.5 w'Aw - b'w with A = M'M + mu I (SPD); minimizer solves A w = b. */
function quadratic(n: number, seed: number, mu = 0.5) {
  const rng = new Rng(seed);
  const M = Float64Array.from({ length: n * n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? mu : 0;
      for (let k = 0; k < n; k++) s += (M[k * n + i] as number) * (M[k * n + j] as number);
      A[i * n + j] = s;
    }
  const b = Float64Array.from({ length: n }, () => rng.normal());
  let evals = 0;
  const objective: Objective = {
    async valueAndGrad(w) {
      evals++;
      const grad = new Float64Array(n);
      let value = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (A[i * n + j] as number) * (w[j] as number);
        grad[i] = s - (b[i] as number);
        value += 0.5 * (w[i] as number) * s - (b[i] as number) * (w[i] as number);
      }
      return { value, grad };
    },
  };
  // reference minimizer by Gaussian elimination with partial pivoting
  const aug = Array.from({ length: n }, (_, i) => [...A.subarray(i * n, i * n + n), b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(aug[r]![c]!) > Math.abs(aug[p]![c]!)) p = r;
    [aug[c], aug[p]] = [aug[p]!, aug[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = aug[r]![c]! / aug[c]![c]!;
      for (let k = c; k <= n; k++) aug[r]![k]! -= f * aug[c]![k]!;
    }
  }
  const solution = aug.map((row, i) => row[n]! / row[i]!);
  return { objective, solution, evals: () => evals };
}

const rosenbrock: Objective = {
  async valueAndGrad(w) {
    const n = w.length;
    let value = 0;
    const grad = new Float64Array(n);
    for (let i = 0; i < n - 1; i++) {
      const a = w[i] as number;
      const b = w[i + 1] as number;
      value += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
      grad[i] = (grad[i] as number) - 400 * a * (b - a * a) - 2 * (1 - a);
      grad[i + 1] = (grad[i + 1] as number) + 200 * (b - a * a);
    }
    return { value, grad };
  },
};

describe('lbfgs', () => {
  it('minimizes random SPD quadratics to the linear-solve solution', async () => {
    for (const seed of [1, 2, 3]) {
      const q = quadratic(12, seed);
      const r = await new Lbfgs({ ftol: 0 }).minimize(new Float64Array(12), q.objective, {
        maxIter: 200,
        tol: 1e-7,
      });
      expect(r.converged).toBe(true);
      expect(r.iterations).toBeLessThan(100);
      r.w.forEach((v, i) => {
        expect(v).toBeCloseTo(q.solution[i] as number, 5);
      });
    }
  });

  it('solves the Rosenbrock function from the classic start (-1.2, 1) and in 10 dimensions', async () => {
    const r = await new Lbfgs({ ftol: 0 }).minimize(Float64Array.of(-1.2, 1), rosenbrock, {
      maxIter: 200,
      tol: 1e-8,
    });
    expect(r.stopReason).toBe('gradient');
    expect(r.w[0]).toBeCloseTo(1, 6);
    expect(r.w[1]).toBeCloseTo(1, 6);
    expect(r.iterations).toBeLessThan(60);
    const r10 = await new Lbfgs({ ftol: 0 }).minimize(new Float64Array(10), rosenbrock, {
      maxIter: 500,
      tol: 1e-8,
    });
    r10.w.forEach((v) => {
      expect(v).toBeCloseTo(1, 5);
    });
  });

  it('never increases the objective across steps, and step() continues where minimize would', async () => {
    const q = quadratic(8, 9);
    const opt = new Lbfgs();
    const w = new Float64Array(8);
    let prev = Infinity;
    for (let i = 0; i < 15; i++) {
      const r = await opt.step(w, q.objective);
      expect(r.value).toBeLessThanOrEqual(prev + 1e-12);
      prev = r.value;
    }
    const m = await new Lbfgs().minimize(new Float64Array(8), q.objective, { maxIter: 15, tol: 0 });
    expect(m.value).toBeCloseTo(prev, 10);
  });

  it('stops on maxIter, on an aborted signal, and reports iteration progress', async () => {
    const seen: number[] = [];
    const r = await new Lbfgs().minimize(Float64Array.of(-1.2, 1), rosenbrock, {
      maxIter: 3,
      tol: 1e-12,
      onIteration: (it) => seen.push(it),
    });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
    expect(r.stopReason).toBe('maxIter');
    expect(seen).toEqual([1, 2, 3]);
    const ac = new AbortController();
    ac.abort();
    const a = await new Lbfgs().minimize(Float64Array.of(-1.2, 1), rosenbrock, {
      maxIter: 100,
      tol: 0,
      signal: ac.signal,
    });
    expect(a.stopReason).toBe('aborted');
    expect(a.iterations).toBe(0);
  });

  it('returns at once when started at a stationary point', async () => {
    const r = await new Lbfgs().minimize(Float64Array.of(1, 1), rosenbrock, { maxIter: 100, tol: 1e-8 });
    expect(r.iterations).toBe(0);
    expect(r.converged).toBe(true);
  });
});

describe('Moré-Thuente line search', () => {
  it('returns steps satisfying the strong Wolfe conditions on random 1-D quartics', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 1e-3, max: 100, noNaN: true }),
        async (a, c, stp0) => {
          // phi(t) = a (t - c)^4 / 4 + (t - c)^2 - shifted so phi'(0) < 0 is guaranteed by choosing t* > 0
          const center = Math.abs(c) + 0.5;
          const phi = async (t: number) => ({
            f: (a * (t - center) ** 4) / 4 + (t - center) ** 2,
            gd: a * (t - center) ** 3 + 2 * (t - center),
          });
          const p0 = await phi(0);
          const r = await moreThuente(phi, p0.f, p0.gd, stp0);
          expect(r.status).toBe('converged');
          expect(r.f).toBeLessThanOrEqual(p0.f + 1e-3 * r.stp * p0.gd + 1e-12);
          expect(Math.abs(r.gd)).toBeLessThanOrEqual(0.9 * Math.abs(p0.gd) + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('first-order optimizers', () => {
  for (const [name, make, maxIter] of [
    ['sgd', () => new Sgd({ learningRate: 0.02 }), 20000],
    ['momentum', () => new Momentum({ learningRate: 0.005 }), 8000],
    ['nesterov', () => new Momentum({ learningRate: 0.005, nesterov: true }), 8000],
    ['adam', () => new Adam({ learningRate: 0.05 }), 20000],
  ] as const) {
    it(`${name} converges to the minimizer of a well-conditioned quadratic`, async () => {
      const q = quadratic(5, 4, 2);
      const r = await make().minimize(new Float64Array(5), q.objective, { maxIter, tol: 1e-7 });
      expect(r.converged).toBe(true);
      r.w.forEach((v, i) => {
        expect(v).toBeCloseTo(q.solution[i] as number, 4);
      });
    });
  }

  it('sgd step is exactly w - lr * grad; momentum accumulates velocity', async () => {
    const q = quadratic(3, 5);
    const w = Float64Array.of(0.3, -0.2, 0.1);
    const { grad } = await q.objective.valueAndGrad(w);
    const w1 = w.slice();
    await new Sgd({ learningRate: 0.1 }).step(w1, q.objective);
    w1.forEach((v, i) => {
      expect(v).toBeCloseTo((w[i] as number) - 0.1 * (grad[i] as number), 14);
    });
    const opt = new Momentum({ learningRate: 0.1, momentum: 0.5 });
    const w2 = w.slice();
    await opt.step(w2, q.objective);
    const { grad: g2 } = await q.objective.valueAndGrad(w2);
    const w3 = w2.slice();
    await opt.step(w3, q.objective);
    w3.forEach((v, i) => {
      const v1 = -0.1 * (grad[i] as number);
      const v2 = 0.5 * v1 - 0.1 * (g2[i] as number);
      expect(v).toBeCloseTo((w2[i] as number) + v2, 14);
    });
  });

  it('adam first step moves every coordinate by learningRate against the gradient sign', async () => {
    const q = quadratic(4, 6);
    const w = Float64Array.of(1, -1, 2, 0.5);
    const { grad } = await q.objective.valueAndGrad(w);
    const w1 = w.slice();
    await new Adam({ learningRate: 0.01 }).step(w1, q.objective);
    w1.forEach((v, i) => {
      expect(v).toBeCloseTo((w[i] as number) - 0.01 * Math.sign(grad[i] as number), 6);
    });
  });

  it('createOptimizer builds by name and rejects unknown names and bad options', () => {
    expect(createOptimizer('lbfgs').name).toBe('lbfgs');
    expect(createOptimizer('momentum', { learningRate: 0.1 }).name).toBe('momentum');
    expect(() => createOptimizer('newton')).toThrow(ParamError);
    expect(() => new Sgd({ learningRate: 0 })).toThrow(ParamError);
    expect(() => new Adam({ beta1: 1 })).toThrow(ParamError);
    expect(() => new Lbfgs({ memory: 0 })).toThrow(ParamError);
  });
});
