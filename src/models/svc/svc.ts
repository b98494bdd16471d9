/**
 * SVC: the kernel support vector classifier trained by libsvm's SMO (WSS2 working sets, shrinking,
 * LRU kernel cache), one-vs-one for several classes, optional Platt probabilities. Parameters and
 * fitted attributes follow scikit-learn's SVC (camelCase).
 *
 * `predict` is the one-vs-one vote (libsvm) whatever `probability` is, as in scikit-learn (so
 * `predict` and the argmax of `predictProba` can disagree, and class weights act on `predict`); with
 * `breakTies: true` (and `decisionFunctionShape: 'ovr'`, > 2 classes) the argmax of the ovr
 * decision function. `sampleWeight` scales C per sample (C_i = C * classWeight[y_i] * w_i);
 * samples of weight 0 are left out of the problem, as libsvm does.
 */
import { availableParallelism } from 'node:os';
import type { DeviceName } from '../../core/backend.js';
import { DEVICE_NAMES } from '../../core/backend.js';
import { availableDevices } from '../../core/devices.js';
import { DataError, ParamError } from '../../core/errors.js';
import type { Matrix, MatrixLike } from '../../core/matrix.js';
import { takeRows } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import { MAX_JOBS } from '../../core/worker.js';
import { type DecisionValues, FitAbortedError, type FitContext, progressStep } from '../base.js';
import {
  type ClassWeight,
  ClassWeightedClassifier,
  classWeightSpec,
  resolveClassWeight,
} from '../class-weight.js';
import { coupledProbabilities, ovoCoefficients, ovrDecision, vote } from './decision.js';
import type { KernelName, KernelSpec } from './kernel.js';
import { runPairsOnWorkers } from './pool.js';
import { featureSource, gramDecision, gramSource } from './source.js';
import { type OvoModel, type PairRunner, trainOvo } from './train.js';

export interface SVCParams {
  C: number;
  kernel: KernelName;
  degree: number;
  gamma: number | 'scale' | 'auto';
  coef0: number;
  shrinking: boolean;
  probability: boolean;
  tol: number;
  cacheSize: number;
  classWeight: ClassWeight;
  maxIter: number;
  decisionFunctionShape: 'ovr' | 'ovo';
  breakTies: boolean;
  seed: number;
  nJobs: number;
}

export const SVC_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'C',
    type: 'float',
    default: 1,
    min: 0,
    minExclusive: true,
    description: 'Regularization: the penalty on margin violations (larger C = less regularization).',
  },
  {
    name: 'kernel',
    type: 'string',
    default: 'rbf',
    options: ['linear', 'poly', 'rbf', 'sigmoid', 'precomputed'],
    description:
      "Kernel: linear x.z, poly (gamma x.z + coef0)^degree, rbf exp(-gamma |x-z|^2), sigmoid tanh(gamma x.z + coef0), or 'precomputed' (X is a Gram matrix).",
  },
  {
    name: 'degree',
    type: 'int',
    default: 3,
    min: 0,
    description: "Degree of the 'poly' kernel (ignored by the others).",
  },
  {
    name: 'gamma',
    type: 'float',
    default: 'scale',
    min: 0,
    minExclusive: true,
    options: ['scale', 'auto'],
    description:
      "Kernel coefficient of rbf/poly/sigmoid: 'scale' = 1 / (nFeatures * X.var()), 'auto' = 1 / nFeatures, or a number > 0.",
  },
  {
    name: 'coef0',
    type: 'float',
    default: 0,
    description: "Independent term of the 'poly' and 'sigmoid' kernels.",
  },
  {
    name: 'shrinking',
    type: 'bool',
    default: true,
    description: 'Use the shrinking heuristic of libsvm (same solution, usually faster).',
  },
  {
    name: 'probability',
    type: 'bool',
    default: false,
    description:
      'Fit Platt probabilities (internal 5-fold cross-validation, about 5x slower fit) for predictProba; predict still uses the decision function, as in scikit-learn.',
  },
  {
    name: 'tol',
    type: 'float',
    default: 1e-3,
    min: 0,
    minExclusive: true,
    description: 'Stopping tolerance of SMO (maximal KKT violation).',
  },
  {
    name: 'cacheSize',
    type: 'float',
    default: 200,
    min: 0,
    minExclusive: true,
    description: 'Kernel cache size in MB.',
  },
  classWeightSpec(
    "Per-class multiplier of C: null (all 1), 'balanced' (n / (nClasses * count)) or an object {label: weight}.",
  ),
  {
    name: 'maxIter',
    type: 'int',
    default: -1,
    min: -1,
    description: 'Cap on SMO iterations per binary problem; -1 means no limit.',
  },
  {
    name: 'decisionFunctionShape',
    type: 'string',
    default: 'ovr',
    options: ['ovr', 'ovo'],
    description:
      "Shape of decisionFunction: 'ovr' (n x nClasses, votes + confidences) or 'ovo' (n x nClasses(nClasses-1)/2).",
  },
  {
    name: 'breakTies',
    type: 'bool',
    default: false,
    description:
      "With 'ovr' and more than 2 classes, predict by the argmax of the decision function instead of the vote.",
  },
  {
    name: 'seed',
    type: 'int',
    default: 0,
    min: 0,
    description: 'Seed of the probability cross-validation folds.',
  },
  {
    name: 'nJobs',
    type: 'int',
    default: 0,
    min: 0,
    max: MAX_JOBS,
    description:
      'Worker threads solving the one-vs-one pairs in parallel (the model is identical for any value): 0 = auto (all cores from 2000 samples and 3 classes up), 1 = this thread.',
  },
];

/** Serialized fitted state. */
export interface SVCState {
  readonly kernel: KernelName;
  readonly gamma: number;
  readonly degree: number;
  readonly coef0: number;
  readonly support: number[];
  /** Support vectors row-major (empty for the precomputed kernel). */
  readonly supportVectors: number[];
  readonly nSupport: number[];
  readonly svCoef: number[];
  readonly rho: number[];
  readonly probA: number[] | null;
  readonly probB: number[] | null;
  readonly nIter: number[];
  readonly converged: boolean;
  readonly classWeight: number[];
}

const PREDICT_CHUNK = 1024;
/** nJobs 0 (auto) uses worker threads from this many training samples up. */
const AUTO_PARALLEL_MIN = 2000;

/**
 * Kernel support vector classifier (scikit-learn's `SVC`, libsvm's C-SVC): SMO on a cached kernel
 * matrix with linear, poly, rbf, sigmoid or precomputed kernels, one-vs-one for more than two classes,
 * optional Platt-scaled probabilities. Hyper-parameters and defaults follow scikit-learn 1.2 and are
 * checked at fit against `SVC_PARAM_SPECS` (a `ParamError` names the parameter, value and what is allowed).
 *
 * @example
 * ```ts
 * import { loadIris, SVC } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 0 } });
 * const svc = new SVC({ kernel: 'rbf', C: 2, gamma: 'scale' });
 * await svc.fit(iris);
 * const report = await svc.evaluate(iris, { on: 'test' });
 * console.log(report.accuracy.toFixed(3));
 * ```
 */
export class SVC extends ClassWeightedClassifier<SVCParams, SVCState> {
  static override readonly name = 'SVC';
  static readonly paramSpecs = SVC_PARAM_SPECS;
  readonly name = 'SVC';
  readonly paramSpecs = SVC_PARAM_SPECS;
  override readonly supportedDevices: readonly DeviceName[] = DEVICE_NAMES;

  /** Training-row indices of the support vectors, grouped by class. */
  support: Int32Array = new Int32Array(0);
  /** The support vectors (nSV x nFeatures); 0 columns for the precomputed kernel. */
  supportVectors: Matrix = { rows: 0, cols: 0, data: new Float64Array(0) };
  /** Support vectors per class. */
  nSupport: Int32Array = new Int32Array(0);
  /** (nClasses-1) x nSV dual coefficients y_i alpha_i, scikit-learn's layout and sign. */
  dualCoef: Matrix = { rows: 0, cols: 0, data: new Float64Array(0) };
  /** One intercept per pair of classes (scikit-learn's sign). */
  intercept: Float64Array = new Float64Array(0);
  /** Platt sigmoid parameters per pair (probability: true). */
  probA: Float64Array | null = null;
  probB: Float64Array | null = null;
  /** SMO iterations per pair. */
  nIter: Int32Array = new Int32Array(0);
  /** false when maxIter stopped some binary problem before the tolerance was met. */
  converged = false;
  /** The gamma actually used (resolved 'scale'/'auto'). */
  fittedGamma = 0;
  /** C multiplier per class. */
  classWeight: Float64Array = new Float64Array(0);

  private model: OvoModel | null = null;
  private spec: KernelSpec | null = null;
  /** What `pairwise` multiplies the kernel block by, for the model `blockFor`. */
  private block: { SV: Matrix; coef: Float64Array } | null = null;
  private blockFor: OvoModel | null = null;

  constructor(params: Partial<SVCParams> = {}) {
    super(params);
  }

  /** Linear kernel only: the primal weights (nPairs x nFeatures), scikit-learn's coef_. */
  get coef(): Matrix {
    const P = this.getParams();
    if (P.kernel !== 'linear' || !this.model) {
      throw new ParamError(
        'kernel',
        P.kernel,
        "'linear' (coef is only defined for the linear kernel, after fit)",
        this.name,
      );
    }
    const k = this.classes!.length;
    const d = this.nFeatures;
    const nPairs = this.model.rho.length;
    const { nSupport, svCoef } = this.model;
    const sv = this.supportVectors.data;
    const nSV = this.support.length;
    const start = new Int32Array(k);
    for (let c = 1; c < k; c++) start[c] = start[c - 1]! + nSupport[c - 1]!;
    const out = new Float64Array(nPairs * d);
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const add = (cls: number, row: number): void => {
          for (let t = 0; t < nSupport[cls]!; t++) {
            const s = start[cls]! + t;
            const c = svCoef[row * nSV + s]!;
            for (let f = 0; f < d; f++) out[p * d + f] += c * sv[s * d + f]!;
          }
        };
        add(i, j - 1);
        add(j, i);
        p++;
      }
    }
    if (k === 2) for (let f = 0; f < d; f++) out[f] = -out[f]!;
    return { rows: nPairs, cols: d, data: out };
  }

  protected fitEncoded(X: Matrix, y: Int32Array, k: number, ctx: FitContext): Promise<void> {
    return this.fitCore(X, y, k, ctx);
  }

  private async fitCore(X0: Matrix, y0: Int32Array, k: number, ctx: FitContext): Promise<void> {
    let X = X0;
    let y = y0;
    const P = this.getParams();
    if (ctx.loss !== undefined && ctx.loss !== 'hinge') {
      throw new ParamError('loss', ctx.loss, "'hinge' (the SVC minimizes the hinge loss by SMO)", this.name);
    }
    if (ctx.optimizer !== undefined && ctx.optimizer !== 'smo') {
      throw new ParamError('optimizer', ctx.optimizer, "'smo'", this.name);
    }
    if (P.breakTies && P.decisionFunctionShape === 'ovo') {
      throw new ParamError('breakTies', true, "false when decisionFunctionShape is 'ovo'", this.name);
    }
    if (P.kernel === 'precomputed' && X.rows !== X.cols) {
      throw new DataError(
        `SVC(kernel='precomputed'): X must be the square Gram matrix of the training set, got ${X.rows}x${X.cols}`,
      );
    }
    const gamma = resolveGamma(P.gamma, X);
    const spec: KernelSpec = { kernel: P.kernel, gamma, degree: P.degree, coef0: P.coef0 };
    const cw = resolveClassWeight(P.classWeight, y, k, this.pendingClasses, this.name);
    const sw = ctx.sampleWeight;
    // libsvm's remove_zero_weight: samples of weight 0 are not part of the problem
    let keep: Int32Array | null = null;
    if (sw?.includes(0)) {
      const idx: number[] = [];
      const seen = new Uint8Array(k);
      for (let i = 0; i < sw.length; i++) {
        if (sw[i]! > 0) {
          idx.push(i);
          seen[y[i]!] = 1;
        }
      }
      const lost = this.pendingClasses?.filter((_, c) => !seen[c]) ?? [];
      if (lost.length > 0) {
        throw new DataError(
          `SVC.fit: every sample of class ${lost.map(String).join(', ')} has weight 0; libsvm would drop the class (give it a weight > 0 or remove it from y)`,
        );
      }
      keep = Int32Array.from(idx);
      if (P.kernel === 'precomputed') {
        const m = keep.length;
        const K = new Float64Array(m * m);
        for (let a = 0; a < m; a++)
          for (let b = 0; b < m; b++) K[a * m + b] = X.data[keep[a]! * X.cols + keep[b]!]!;
        X = { rows: m, cols: m, data: K };
      } else X = takeRows(X, keep);
      y = Int32Array.from(keep, (i) => y[i]!);
    }
    const C = Float64Array.from(y, (c, i) => P.C * cw[c]! * (sw ? sw[keep ? keep[i]! : i]! : 1));
    const cacheBytes = P.cacheSize * 1024 * 1024;
    const src =
      P.kernel === 'precomputed'
        ? gramSource(X)
        : featureSource(await this.getKernels(), X, { ...spec, kernel: P.kernel });
    const opts = {
      tol: P.tol,
      shrinking: P.shrinking,
      maxIter: P.maxIter,
      cacheBytes,
      probability: P.probability,
      seed: P.seed,
    };
    const nPairs = (k * (k - 1)) / 2;
    const nJobs = Math.min(
      nPairs,
      P.nJobs === 0
        ? X.rows >= AUTO_PARALLEL_MIN && onHostCores(this.device)
          ? availableParallelism()
          : 1
        : P.nJobs,
    );
    const kernel = P.kernel;
    const runner: PairRunner | undefined =
      nJobs > 1 && kernel !== 'precomputed'
        ? (jobs, onResult) =>
            runPairsOnWorkers(
              { X: X.data, d: X.cols, spec: { ...spec, kernel }, device: this.device },
              opts,
              jobs,
              nJobs,
              onResult,
            )
        : undefined;
    const logger = ctx.logger;
    const step = progressStep(nPairs);
    const signal = ctx.signal;
    const onPair =
      logger || (signal && !runner)
        ? (done: number, total: number) => {
            // in this thread, an abort stops between pairs (worker pairs run to the end)
            if (!runner && signal?.aborted) throw new FitAbortedError(this.name);
            if (logger && (done % step === 0 || done === total)) {
              logger({ iteration: done, total, fraction: done / total, message: `${done}/${total} pairs` });
            }
          }
        : undefined;
    const model = await trainOvo(src, y, k, C, opts, runner, onPair);
    if (!model.converged) {
      ctx.logger?.({
        fraction: 1,
        iteration: Math.max(...model.iterations),
        message: 'SVC: maxIter reached before the tolerance was met',
      });
    }
    this.spec = spec;
    const sv = P.kernel === 'precomputed' ? null : takeRows(X, model.support);
    const kept = keep;
    const fitted = kept ? { ...model, support: Int32Array.from(model.support, (i) => kept[i]!) } : model;
    this.setModel(fitted, sv, X.cols, cw);
  }

  private setModel(model: OvoModel, sv: Matrix | null, nFeatures: number, cw: Float64Array): void {
    const k = model.nSupport.length;
    const nSV = model.support.length;
    this.model = model;
    this.support = model.support;
    this.supportVectors = sv ?? { rows: nSV, cols: 0, data: new Float64Array(0) };
    void nFeatures;
    this.nSupport = model.nSupport;
    const flip = k === 2 ? -1 : 1;
    this.dualCoef = { rows: Math.max(k - 1, 1), cols: nSV, data: model.svCoef.map((v) => flip * v) };
    this.intercept = model.rho.map((r) => -flip * r);
    this.probA = model.probA;
    this.probB = model.probB;
    this.nIter = model.iterations;
    this.converged = model.converged;
    this.fittedGamma = this.spec!.gamma;
    this.classWeight = cw;
  }

  /** libsvm's pairwise decision values for X (n x nPairs), in chunks of rows. */
  private async pairwise(X: Matrix): Promise<Float64Array> {
    const model = this.model!;
    const spec = this.spec!;
    const nPairs = model.rho.length;
    const { SV, coef } = this.decisionBlock(model);
    const kernel = spec.kernel;
    const kernels = kernel === 'precomputed' ? null : await this.getKernels();
    const out = new Float64Array(X.rows * nPairs);
    for (let r = 0; r < X.rows; r += PREDICT_CHUNK) {
      const e = Math.min(X.rows, r + PREDICT_CHUNK);
      const part: Matrix = { rows: e - r, cols: X.cols, data: X.data.subarray(r * X.cols, e * X.cols) };
      // a precomputed X already holds the kernel values against the training samples
      const dec =
        kernel === 'precomputed' || !kernels
          ? gramDecision(part, null, model.support, coef, nPairs)
          : await kernels.kernelDecision(part, SV, { ...spec, kernel }, coef, nPairs);
      const o = r * nPairs;
      for (let t = 0; t < dec.length; t++)
        out[o + t] = (dec[t] as number) - (model.rho[t % nPairs] as number);
    }
    return out;
  }

  /**
   * The "support vectors" and coefficients of the decision block: for the linear kernel the pairs'
   * primal weights (libsvm's sign) with identity coefficients, so a row costs nPairs x d instead of
   * nSV x d; otherwise the support vectors with the one-vs-one coefficients (nSV x nPairs).
   */
  private decisionBlock(model: OvoModel): { SV: Matrix; coef: Float64Array } {
    if (this.blockFor === model && this.block) return this.block;
    const nPairs = model.rho.length;
    let block: { SV: Matrix; coef: Float64Array };
    if (this.spec!.kernel === 'linear') {
      const W = this.coef;
      const w = Float64Array.from(W.data);
      if (model.nSupport.length === 2) for (let f = 0; f < w.length; f++) w[f] = -(w[f] as number);
      const I = new Float64Array(nPairs * nPairs);
      for (let p = 0; p < nPairs; p++) I[p * nPairs + p] = 1;
      block = { SV: { rows: nPairs, cols: W.cols, data: w }, coef: I };
    } else {
      block = { SV: this.supportVectors, coef: ovoCoefficients(model.nSupport, model.svCoef) };
    }
    this.block = block;
    this.blockFor = model;
    return block;
  }

  /**
   * Decision function (scikit-learn's conventions): 2 classes -> one value per row, a Float64Array
   * of shape (n,) (> 0 means classes[1]); otherwise 'ovo' -> n x nPairs (> 0 favours the pair's
   * first class), 'ovr' -> n x nClasses.
   */
  async decisionFunction(X: MatrixLike): Promise<DecisionValues> {
    const m = this.checkInput(X);
    const dec = await this.pairwise(m);
    const k = this.classes!.length;
    if (k === 2) return dec.map((v) => -v);
    if (this.getParams().decisionFunctionShape === 'ovo')
      return { rows: m.rows, cols: dec.length / m.rows, data: dec };
    return { rows: m.rows, cols: k, data: ovrDecision(dec, m.rows, k) };
  }

  protected override async predictEncoded(X: Matrix): Promise<Int32Array> {
    const P = this.getParams();
    const k = this.classes!.length;
    const dec = await this.pairwise(X);
    if (P.breakTies && k > 2) {
      const ovr = ovrDecision(dec, X.rows, k);
      const out = new Int32Array(X.rows);
      for (let r = 0; r < X.rows; r++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (ovr[r * k + c]! > ovr[r * k + best]!) best = c;
        out[r] = best;
      }
      return out;
    }
    return vote(dec, X.rows, k);
  }

  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    const model = this.model!;
    if (!model.probA || !model.probB) {
      throw new ParamError(
        'probability',
        false,
        'true (predictProba needs an SVC fitted with probability: true)',
        this.name,
      );
    }
    const k = this.classes!.length;
    const dec = await this.pairwise(X);
    return { rows: X.rows, cols: k, data: coupledProbabilities(dec, X.rows, k, model.probA, model.probB) };
  }

  protected getState(): SVCState {
    const m = this.model!;
    const s = this.spec!;
    return {
      kernel: s.kernel,
      gamma: s.gamma,
      degree: s.degree,
      coef0: s.coef0,
      support: Array.from(m.support),
      supportVectors: Array.from(this.supportVectors.data),
      nSupport: Array.from(m.nSupport),
      svCoef: Array.from(m.svCoef),
      rho: Array.from(m.rho),
      probA: m.probA ? Array.from(m.probA) : null,
      probB: m.probB ? Array.from(m.probB) : null,
      nIter: Array.from(m.iterations),
      converged: m.converged,
      classWeight: Array.from(this.classWeight),
    };
  }

  protected setState(state: SVCState): void {
    this.spec = { kernel: state.kernel, gamma: state.gamma, degree: state.degree, coef0: state.coef0 };
    const support = Int32Array.from(state.support);
    const model: OvoModel = {
      support,
      nSupport: Int32Array.from(state.nSupport),
      svCoef: Float64Array.from(state.svCoef),
      rho: Float64Array.from(state.rho),
      probA: state.probA ? Float64Array.from(state.probA) : null,
      probB: state.probB ? Float64Array.from(state.probB) : null,
      iterations: Int32Array.from(state.nIter),
      converged: state.converged,
    };
    const sv =
      state.kernel === 'precomputed'
        ? null
        : { rows: support.length, cols: this.nFeatures, data: Float64Array.from(state.supportVectors) };
    this.setModel(model, sv, this.nFeatures, Float64Array.from(state.classWeight));
  }
}

/** Worker threads pay off where the kernels run on the host's cores (not on a GPU). */
function onHostCores(device: DeviceName): boolean {
  return availableDevices().find((d) => d.name === device)?.kind !== 'gpu';
}

/** 'scale' = 1 / (nFeatures * Var(X)) over all entries (1 when Var is 0), 'auto' = 1 / nFeatures. */
export function resolveGamma(gamma: number | 'scale' | 'auto', X: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  const d = X.data;
  const mean = sumOf(d) / d.length;
  const v = squaredDeviations(d, mean) / d.length;
  return v !== 0 ? 1 / (X.cols * v) : 1;
}

// Two small functions, not two loops in one: V8 optimizes each on its own (one function replaced
// on the stack inside its first loop lacked feedback for the second and deoptimized there).

/** Sum of the values, in order. */
function sumOf(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]!;
  return s;
}

/** Sum of (value - mean)^2, in order. */
function squaredDeviations(d: Float64Array, mean: number): number {
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i]! - mean) * (d[i]! - mean);
  return v;
}
