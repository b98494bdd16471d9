/**
 * LogisticRegression's scikit-learn solvers (liblinear primal / dual / L1, newton-cg,
 * newton-cholesky, sag, saga with l1 / elasticnet / l2 / none), sample weights, class weights and
 * interceptScaling against scikit-learn 1.2.1 (fixtures/gen_solvers.py): at tol 1e-10 the
 * coefficients agree within 1e-6 of the coefficient scale and the predictions are identical.
 */
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/solvers-sklearn.json' with { type: 'json' };
import { LogisticRegression } from './index.js';

interface Case {
  name: string;
  data: string;
  params: Record<string, unknown>;
  sampleWeight: number[] | null;
  coef: number[][];
  intercept: number[];
  nIter: number;
  predictions: number[];
}

const datasets = fixture.datasets as Record<string, { X: number[][]; y: number[] }>;
const cases = fixture.cases as Case[];

/** max |a - b| over coef and intercept, divided by max(|coef|_inf, 1). */
function relErr(coef: number[][], intercept: number[], c: Case): number {
  let scale = 1;
  let err = 0;
  c.coef.forEach((row, i) => {
    row.forEach((v, j) => {
      scale = Math.max(scale, Math.abs(v));
      err = Math.max(err, Math.abs((coef[i]?.[j] as number) - v));
    });
  });
  c.intercept.forEach((v, i) => {
    err = Math.max(err, Math.abs((intercept[i] as number) - v));
  });
  return err / scale;
}

describe('LogisticRegression solvers match scikit-learn 1.2', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { X, y } = datasets[c.data] as { X: number[][]; y: number[] };
    const m = new LogisticRegression(c.params);
    await m.fit(X, y, c.sampleWeight ? { sampleWeight: c.sampleWeight } : {});
    expect(m.coef.length).toBe(c.coef.length);
    expect(relErr(m.coef, m.intercept, c)).toBeLessThan(1e-6);
    expect(Array.from(await m.predict(X))).toEqual(c.predictions);
  });
});
