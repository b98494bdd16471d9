/**
 * LogisticRegression fits with scikit-learn's host solvers (liblinear, newton-cg, newton-cholesky,
 * sag, saga): builds each sub-problem (binary, multinomial or one per class for 'ovr') with the
 * per-sample weights scikit-learn uses, runs the solver, and returns the coefficients in the
 * model's layout (k x d weights, k intercepts).
 */
import type { Matrix } from '../../core/matrix.js';
import { Rng } from '../../core/rng.js';
import type { ClassWeight } from '../class-weight.js';
import { combineWeights, resolveClassWeight } from '../class-weight.js';
import type { BinaryLinearProblem, LinearSolveResult } from '../linear-svc/dual-cd.js';
import type { LogisticProblem } from './host-problem.js';
import { solveLiblinearDual, solveLiblinearL1, solveLiblinearPrimal } from './liblinear.js';
import type { HostSolveResult } from './newton.js';
import { solveNewtonCg, solveNewtonCholesky } from './newton.js';
import type { LogisticSolver } from './params.js';
import { solveSag } from './sag.js';

export type HostSolver = Extract<
  LogisticSolver,
  'liblinear' | 'newton-cg' | 'newton-cholesky' | 'sag' | 'saga'
>;

export const HOST_SOLVERS: readonly string[] = ['liblinear', 'newton-cg', 'newton-cholesky', 'sag', 'saga'];

export interface HostFitSettings {
  readonly solver: HostSolver;
  readonly penalty: 'l1' | 'l2' | 'elasticnet' | 'none';
  readonly C: number;
  readonly l1Ratio: number;
  readonly dual: boolean;
  readonly fitIntercept: boolean;
  readonly interceptScaling: number;
  readonly classWeight: ClassWeight;
  readonly tol: number;
  readonly maxIter: number;
  readonly seed: number;
  readonly sampleWeight: Float64Array | null;
  readonly classes: readonly (string | number)[] | null;
  /** 'multinomial' (k = nClasses outputs), 'binary' (one sigmoid) or 'ovr'. */
  readonly mode: 'binary' | 'multinomial' | 'ovr';
  /** Previous coefficients for a warm start (ignored by liblinear), in the model's layout. */
  readonly warm?: { readonly W: Float64Array; readonly b: Float64Array } | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProblem?: ((problem: number, iter: number) => void) | undefined;
}

export interface HostFitResult {
  readonly k: number;
  readonly W: Float64Array;
  readonly b: Float64Array;
  readonly nIter: number;
  readonly converged: boolean;
}

export function fitHost(X: Matrix, y: Int32Array, nClasses: number, s: HostFitSettings): HostFitResult {
  if (s.solver === 'liblinear') return fitLiblinear(X, y, nClasses, s);
  const { rows: n, cols: d } = X;
  const alpha = s.penalty === 'l2' ? 1 / s.C : s.penalty === 'elasticnet' ? (1 - s.l1Ratio) / s.C : 0;
  const beta = s.penalty === 'l1' ? 1 / s.C : s.penalty === 'elasticnet' ? s.l1Ratio / s.C : 0;
  const cw =
    s.classWeight === null || s.classWeight === undefined
      ? null
      : resolveClassWeight(s.classWeight, y, nClasses, s.classes, 'LogisticRegression');
  const ones = (): Float64Array => new Float64Array(n).fill(1);
  const run = (prob: LogisticProblem, w0: Float64Array | undefined, problem: number): HostSolveResult => {
    const onIter = s.onProblem ? (it: number) => s.onProblem?.(problem, it) : undefined;
    switch (s.solver) {
      case 'newton-cg':
        return solveNewtonCg(prob, { alpha, tol: s.tol, maxIter: s.maxIter, w0, signal: s.signal, onIter });
      case 'newton-cholesky':
        return solveNewtonCholesky(prob, {
          alpha,
          tol: s.tol,
          maxIter: s.maxIter,
          w0,
          signal: s.signal,
          onIter,
        });
      default:
        return solveSag(prob, {
          saga: s.solver === 'saga',
          alpha,
          beta,
          tol: s.tol,
          maxIter: s.maxIter,
          seed: s.seed,
          w0,
          signal: s.signal,
          onIter,
        });
    }
  };
  if (s.mode !== 'ovr') {
    const k = s.mode === 'binary' ? 1 : nClasses;
    const sw = combineWeights(cw, s.sampleWeight, y) ?? ones();
    let w0: Float64Array | undefined;
    if (s.warm && s.warm.W.length === k * d && s.warm.b.length === k) {
      w0 = new Float64Array(k * d + (s.fitIntercept ? k : 0));
      w0.set(s.warm.W);
      if (s.fitIntercept) w0.set(s.warm.b, k * d);
    }
    const r = run({ X: X.data, n, d, k, y, sw, fitIntercept: s.fitIntercept }, w0, 0);
    return {
      k,
      W: r.w.slice(0, k * d),
      b: s.fitIntercept ? r.w.slice(k * d, k * d + k) : new Float64Array(k),
      nIter: r.nIter,
      converged: r.converged,
    };
  }
  const W = new Float64Array(nClasses * d);
  const b = new Float64Array(nClasses);
  let nIter = 0;
  let converged = true;
  for (let c = 0; c < nClasses; c++) {
    const yc = new Int32Array(n);
    for (let i = 0; i < n; i++) yc[i] = y[i] === c ? 1 : 0;
    // scikit-learn: 'balanced' is computed on the masked binary labels, a dict on the original ones
    const balanced = s.classWeight === 'balanced';
    const cwc = balanced ? resolveClassWeight('balanced', yc, 2, null, 'LogisticRegression') : cw;
    const sw = combineWeights(cwc, s.sampleWeight, balanced ? yc : y) ?? ones();
    let w0: Float64Array | undefined;
    if (s.warm && s.warm.W.length === nClasses * d && s.warm.b.length === nClasses) {
      w0 = new Float64Array(d + (s.fitIntercept ? 1 : 0));
      w0.set(s.warm.W.subarray(c * d, (c + 1) * d));
      if (s.fitIntercept) w0[d] = s.warm.b[c] as number;
    }
    const r = run({ X: X.data, n, d, k: 1, y: yc, sw, fitIntercept: s.fitIntercept }, w0, c);
    W.set(r.w.subarray(0, d), c * d);
    if (s.fitIntercept) b[c] = r.w[d] as number;
    nIter = Math.max(nIter, r.nIter);
    converged &&= r.converged;
  }
  return { k: nClasses, W, b, nIter, converged };
}

/**
 * liblinear's one-vs-rest (binary: a single problem for classes[1]), the intercept a penalized
 * feature of value interceptScaling, per-sample costs C x class weight x sample weight
 * (one-vs-rest problems weight only the positive class, as liblinear does).
 */
function fitLiblinear(X: Matrix, y: Int32Array, k: number, s: HostFitSettings): HostFitResult {
  const { rows: n, cols: d } = X;
  const cw = resolveClassWeight(s.classWeight, y, k, s.classes, 'LogisticRegression');
  const sw = s.sampleWeight;
  const D = s.fitIntercept ? d + 1 : d;
  const Xb = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    Xb.set(X.data.subarray(i * d, i * d + d), i * D);
    if (s.fitIntercept) Xb[i * D + d] = s.interceptScaling;
  }
  const nOut = k === 2 ? 1 : k;
  const W = new Float64Array(nOut * d);
  const b = new Float64Array(nOut);
  const rng = new Rng(s.seed);
  let nIter = 0;
  let converged = true;
  for (let c = 0; c < nOut; c++) {
    if (s.signal?.aborted) break;
    const pos = k === 2 ? 1 : c;
    const yb = new Int8Array(n);
    const Cb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const isPos = y[i] === pos;
      yb[i] = isPos ? 1 : -1;
      Cb[i] =
        s.C *
        (isPos ? (cw[pos] as number) : k === 2 ? (cw[y[i] as number] as number) : 1) *
        (sw ? (sw[i] as number) : 1);
    }
    const prob: BinaryLinearProblem = { X: Xb, n, D, y: yb, C: Cb };
    const r: LinearSolveResult =
      s.penalty === 'l1'
        ? solveLiblinearL1(prob, s.tol, s.maxIter)
        : s.dual
          ? solveLiblinearDual(prob, s.tol, s.maxIter, rng)
          : solveLiblinearPrimal(prob, s.tol, s.maxIter);
    W.set(r.w.subarray(0, d), c * d);
    b[c] = s.fitIntercept ? (r.w[d] as number) * s.interceptScaling : 0;
    nIter = Math.max(nIter, r.iterations);
    converged &&= r.converged;
    s.onProblem?.(c, r.iterations);
  }
  return { k: nOut, W, b, nIter, converged };
}
