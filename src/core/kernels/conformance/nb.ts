/**
 * Conformance cases of the Gaussian NB kernels (seeded inputs, edge cases): class moments with and
 * without sample weights, K = 1, n = 1 (variance 0), d = 1, data far from the origin (the
 * variance must not cancel); the joint log-likelihood for several shapes, data far from the
 * origin, and small variances.
 */
import { Rng } from '../../rng.js';
import type { Kernels } from '../index.js';
import { labels, matrix, normals, uniforms } from './random.js';
import type { KernelCase } from './types.js';

function momentsCase(
  name: string,
  seed: number,
  n: number,
  d: number,
  K: number,
  o: { weights?: boolean; offset?: number } = {},
): KernelCase {
  const rng = new Rng(seed);
  const X = matrix(n, d, normals(rng, n * d, 1.5, o.offset ?? 0));
  const y = labels(rng, n, K);
  const w = o.weights ? uniforms(rng, n, 0.1, 4) : null;
  return {
    kernel: 'classMoments',
    name,
    tolerance: { float32: 2e-4 },
    run: async (k: Kernels) => {
      const m = await k.classMoments(X, y, w, K);
      return [m.count, m.mean, m.variance];
    },
  };
}

function jllCase(
  name: string,
  seed: number,
  n: number,
  d: number,
  K: number,
  o: { offset?: number; minVar?: number } = {},
): KernelCase {
  const rng = new Rng(seed);
  const offset = o.offset ?? 0;
  const X = matrix(n, d, normals(rng, n * d, 1.2, offset));
  const theta = normals(rng, K * d, 0.8, offset);
  const lo = o.minVar ?? 0.3;
  const invVar = uniforms(rng, K * d, lo, lo * 8).map((v) => 1 / v);
  const logConst = normals(rng, K, 2, -4);
  return {
    kernel: 'jointLogLikelihood',
    name,
    run: async (k: Kernels) => [await k.jointLogLikelihood(X, theta, invVar, logConst)],
  };
}

export const nbCases: readonly KernelCase[] = [
  momentsCase('n=60 d=4 K=3', 41, 60, 4, 3),
  momentsCase('weighted n=75 d=5 K=4', 42, 75, 5, 4, { weights: true }),
  momentsCase('K=1 n=13 d=3', 43, 13, 3, 1),
  momentsCase('n=1 K=1 (variance 0)', 44, 1, 5, 1),
  momentsCase('d=1 n=20 K=2 weighted', 45, 20, 1, 2, { weights: true }),
  momentsCase('offset 1e3 (no cancellation) n=50 d=3 K=3', 46, 50, 3, 3, { offset: 1e3 }),
  jllCase('n=37 d=5 K=3', 51, 37, 5, 3),
  jllCase('K=1 n=9 d=4', 52, 9, 4, 1),
  jllCase('n=1 d=6 K=4', 53, 1, 6, 4),
  jllCase('d=1 n=22 K=5', 54, 22, 1, 5),
  jllCase('n=64 d=20 K=10', 55, 64, 20, 10),
  jllCase('offset 1e2 (no cancellation) n=30 d=4 K=3', 56, 30, 4, 3, { offset: 100 }),
  jllCase('small variances (1e-4) n=25 d=3 K=3', 57, 25, 3, 3, { minVar: 1e-4 }),
];
