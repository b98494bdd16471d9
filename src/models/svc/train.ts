/**
 * C-SVC training as libsvm's svm_train does it: one binary SMO problem per pair of classes
 * (classes in sorted order, samples of the first class labelled +1), support vectors gathered
 * per class, the (k-1) x nSV coefficient layout, and optional Platt probabilities from an
 * internal 5-fold cross-validation per pair.
 */
import type { DeviceName } from '../../core/backend.js';
import { getKernels } from '../../core/kernels/registry.js';
import type { SvmKernelSpec } from '../../core/kernels/svm.js';
import { Rng } from '../../core/rng.js';
import { sigmoidTrain } from './platt.js';
import { SvcQ } from './q-matrix.js';
import { solveSmo } from './smo.js';
import { featureSource, type KernelSource } from './source.js';

export interface TrainOptions {
  readonly tol: number;
  readonly shrinking: boolean;
  readonly maxIter: number;
  readonly cacheBytes: number;
  readonly probability: boolean;
  readonly seed: number;
}

/** A binary problem: source rows of the samples, their +1/-1 labels and upper bounds. */
interface BinaryProblem {
  readonly rows: Int32Array;
  readonly y: Int8Array;
  readonly C: Float64Array;
}

interface BinaryFit {
  /** alpha_i * y_i, in problem order. */
  readonly coef: Float64Array;
  readonly rho: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** libsvm's model in its own sign convention (decision > 0 votes for the pair's first class). */
export interface OvoModel {
  /** Training-row index of each support vector, grouped by class, ascending within a class. */
  readonly support: Int32Array;
  readonly nSupport: Int32Array;
  /** (k-1) x nSV row-major (libsvm's sv_coef). */
  readonly svCoef: Float64Array;
  /** One per pair (0,1), (0,2), ..., (k-2,k-1). */
  readonly rho: Float64Array;
  readonly probA: Float64Array | null;
  readonly probB: Float64Array | null;
  readonly iterations: Int32Array;
  readonly converged: boolean;
}

export async function trainBinary(
  src: KernelSource,
  prob: BinaryProblem,
  opts: TrainOptions,
): Promise<BinaryFit> {
  const l = prob.rows.length;
  const kernel = src.prepare(prob.rows, prob.y);
  try {
    const Q = await SvcQ.create(kernel, opts.cacheBytes);
    const p = new Float64Array(l).fill(-1);
    const res = await solveSmo(Q, p, prob.y, prob.C, new Float64Array(l), {
      eps: opts.tol,
      shrinking: opts.shrinking,
      maxIter: opts.maxIter,
    });
    const coef = res.alpha;
    for (let i = 0; i < l; i++) coef[i] = (coef[i] as number) * (prob.y[i] as number);
    return { coef, rho: res.rho, iterations: res.iterations, converged: res.converged };
  } finally {
    kernel.dispose();
  }
}

/** Decision values of a binary fit on the given source rows (for the probability CV). */
async function binaryDecision(
  src: KernelSource,
  train: BinaryProblem,
  fit: BinaryFit,
  rows: Int32Array,
): Promise<Float64Array> {
  const sv: number[] = [];
  for (let i = 0; i < fit.coef.length; i++) if (fit.coef[i] !== 0) sv.push(i);
  const svRows = Int32Array.from(sv, (i) => train.rows[i] as number);
  const coef = Float64Array.from(sv, (i) => fit.coef[i] as number);
  const out = Float64Array.from(await src.decision(rows, svRows, coef, 1));
  for (let r = 0; r < out.length; r++) out[r] = (out[r] as number) - fit.rho;
  return out;
}

/** libsvm's svm_binary_svc_probability: 5-fold CV decision values, then the sigmoid fit. */
export async function binaryProbability(
  src: KernelSource,
  prob: BinaryProblem,
  opts: TrainOptions,
  rng: Rng,
): Promise<{ A: number; B: number }> {
  const l = prob.rows.length;
  const nrFold = 5;
  const perm = new Int32Array(l);
  for (let i = 0; i < l; i++) perm[i] = i;
  for (let i = 0; i < l; i++) {
    const j = i + rng.int(l - i);
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  const dec = new Float64Array(l);
  const sub = { ...opts, probability: false };
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor((f * l) / nrFold);
    const end = Math.floor(((f + 1) * l) / nrFold);
    const m = l - (end - begin);
    const rows = new Int32Array(m);
    const y = new Int8Array(m);
    const C = new Float64Array(m);
    let k = 0;
    let pCount = 0;
    for (let j = 0; j < l; j++) {
      if (j >= begin && j < end) continue;
      const s = perm[j] as number;
      rows[k] = prob.rows[s] as number;
      y[k] = prob.y[s] as number;
      C[k] = prob.C[s] as number;
      if (y[k] === 1) pCount++;
      k++;
    }
    const nCount = m - pCount;
    const held = perm.subarray(begin, end);
    if (pCount === 0 && nCount === 0) for (const s of held) dec[s] = 0;
    else if (pCount > 0 && nCount === 0) for (const s of held) dec[s] = 1;
    else if (pCount === 0 && nCount > 0) for (const s of held) dec[s] = -1;
    else {
      const fold: BinaryProblem = { rows, y, C };
      const fit = await trainBinary(src, fold, sub);
      const heldRows = Int32Array.from(held, (s) => prob.rows[s] as number);
      const d = await binaryDecision(src, fold, fit, heldRows);
      for (let t = 0; t < held.length; t++) dec[held[t] as number] = d[t] as number;
    }
  }
  const positive = Uint8Array.from(prob.y, (v) => (v === 1 ? 1 : 0));
  return sigmoidTrain(dec, positive);
}

/** One pair's binary problem, ready to solve here or on a worker thread. */
export interface PairJob {
  readonly pair: number;
  readonly rows: Int32Array;
  readonly y: Int8Array;
  readonly C: Float64Array;
}

export interface PairResult {
  readonly pair: number;
  readonly coef: Float64Array;
  readonly rho: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly probA: number;
  readonly probB: number;
}

/** Solves one pair (Platt CV first when asked, seeded per pair so scheduling does not matter). */
export async function trainPair(src: KernelSource, job: PairJob, opts: TrainOptions): Promise<PairResult> {
  const prob: BinaryProblem = { rows: job.rows, y: job.y, C: job.C };
  let probA = 0;
  let probB = 0;
  if (opts.probability) {
    const ab = await binaryProbability(src, prob, opts, new Rng((opts.seed * 7919 + job.pair) >>> 0));
    probA = ab.A;
    probB = ab.B;
  }
  const fit = await trainBinary(src, prob, opts);
  return {
    pair: job.pair,
    coef: fit.coef,
    rho: fit.rho,
    iterations: fit.iterations,
    converged: fit.converged,
    probA,
    probB,
  };
}

/** Feature rows as plain data, what a worker thread rebuilds its kernel source from. */
export interface FeatureData {
  readonly X: Float64Array;
  readonly d: number;
  readonly spec: SvmKernelSpec;
  /** The model's device: the worker computes with that device's kernels. */
  readonly device: DeviceName;
}

/** Solves one pair from plain feature data (on a worker thread). */
export async function trainPairFromData(
  data: FeatureData,
  job: PairJob,
  opts: TrainOptions,
): Promise<PairResult> {
  const kernels = await getKernels(data.device);
  const X = { rows: data.X.length / Math.max(data.d, 1), cols: data.d, data: data.X };
  return trainPair(featureSource(kernels, X, data.spec), job, opts);
}

/** Solves the pairs: in this thread, or on worker threads. */
export type PairRunner = (jobs: readonly PairJob[], onResult?: () => void) => Promise<PairResult[]>;

/**
 * One-vs-one training. `y` holds encoded classes 0..k-1, `C` the per-sample bound (C times the
 * class weight); `src` serves the kernel values of the training samples.
 */
export async function trainOvo(
  src: KernelSource,
  y: Int32Array,
  k: number,
  C: Float64Array,
  opts: TrainOptions,
  runner?: PairRunner,
  onPair?: (done: number, total: number) => void,
): Promise<OvoModel> {
  const n = y.length;
  const count = new Int32Array(k);
  for (let i = 0; i < n; i++) count[y[i] as number]++;
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = (start[c - 1] as number) + (count[c - 1] as number);
  const perm = new Int32Array(n);
  const fillPos = Int32Array.from(start);
  for (let i = 0; i < n; i++) perm[fillPos[y[i] as number]++] = i;

  const nPairs = (k * (k - 1)) / 2;
  const pairSamples: Int32Array[] = [];
  const jobs: PairJob[] = [];
  const results: PairResult[] = new Array(nPairs);
  let p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const ci = count[i] as number;
      const cj = count[j] as number;
      const samples = new Int32Array(ci + cj);
      samples.set(perm.subarray(start[i], (start[i] as number) + ci), 0);
      samples.set(perm.subarray(start[j], (start[j] as number) + cj), ci);
      pairSamples.push(samples);
      const yb = new Int8Array(ci + cj);
      yb.fill(1, 0, ci);
      yb.fill(-1, ci);
      const Cb = Float64Array.from(samples, (s) => C[s] as number);
      if (runner) jobs.push({ pair: p, rows: samples, y: yb, C: Cb });
      else {
        results[p] = await trainPair(src, { pair: p, rows: samples, y: yb, C: Cb }, opts);
        onPair?.(p + 1, nPairs);
      }
      p++;
    }
  }
  if (runner) {
    let done = 0;
    const onResult = onPair ? () => onPair(++done, nPairs) : undefined;
    for (const r of await runner(jobs, onResult)) results[r.pair] = r;
  }

  const nonzero = new Uint8Array(n);
  const rho = new Float64Array(nPairs);
  const iterations = new Int32Array(nPairs);
  const probA = opts.probability ? new Float64Array(nPairs) : null;
  const probB = opts.probability ? new Float64Array(nPairs) : null;
  let converged = true;
  for (let q = 0; q < nPairs; q++) {
    const r = results[q] as PairResult;
    rho[q] = r.rho;
    iterations[q] = r.iterations;
    if (probA && probB) {
      probA[q] = r.probA;
      probB[q] = r.probB;
    }
    if (!r.converged) converged = false;
    const samples = pairSamples[q] as Int32Array;
    for (let t = 0; t < samples.length; t++) if (r.coef[t] !== 0) nonzero[samples[t] as number] = 1;
  }

  // support vectors grouped by class (perm order), and the sv_coef layout
  const nSupport = new Int32Array(k);
  const svPos = new Int32Array(n).fill(-1);
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < (count[c] as number); t++) {
      const s = perm[(start[c] as number) + t] as number;
      if (nonzero[s]) {
        svPos[s] = support.length;
        support.push(s);
        nSupport[c]++;
      }
    }
  }
  const nSV = support.length;
  const svCoef = new Float64Array(Math.max(k - 1, 1) * nSV);
  p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const coef = (results[p] as PairResult).coef;
      const ci = count[i] as number;
      const cj = count[j] as number;
      for (let t = 0; t < ci; t++) {
        const s = perm[(start[i] as number) + t] as number;
        if (nonzero[s]) svCoef[(j - 1) * nSV + (svPos[s] as number)] = coef[t] as number;
      }
      for (let t = 0; t < cj; t++) {
        const s = perm[(start[j] as number) + t] as number;
        if (nonzero[s]) svCoef[i * nSV + (svPos[s] as number)] = coef[ci + t] as number;
      }
      p++;
    }
  }
  return {
    support: Int32Array.from(support),
    nSupport,
    svCoef,
    rho,
    probA,
    probB,
    iterations,
    converged,
  };
}
