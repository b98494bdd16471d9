/**
 * LinearSVC: the L2-regularized linear SVM of liblinear (hinge or squared-hinge loss), one-vs-rest
 * for several classes, parameters and attributes as scikit-learn's LinearSVC (camelCase).
 *
 * Solvers: 'cd' = liblinear's exact solvers — dual coordinate descent (Hsieh et al. 2008, seeded
 * random permutation, shrinking) or, for the squared hinge with `dual: false`, a primal Newton-CG
 * method; `dual: 'auto'` (default) picks the primal when nSamples > nFeatures (where dual CD can need
 * thousands of epochs, scikit-learn's ConvergenceWarning) and the dual otherwise. 'sgd' = averaged
 * mini-batch SGD on a margin Loss (a custom Loss can be passed to fit). As in liblinear the intercept
 * is a feature of value interceptScaling and is regularized (cd); the SGD solver does not regularize it.
 * `penalty: 'l1'` (squared hinge, primal) is liblinear's L1-regularized coordinate descent (l1-cd.ts);
 * `multiClass: 'crammer_singer'` is Crammer & Singer's joint multi-class dual (crammer-singer.ts).
 */
import type { DeviceName } from '../../core/backend.js';
import { DEVICE_NAMES } from '../../core/backend.js';
import { ParamError } from '../../core/errors.js';
import type { LinearFunctions } from '../../core/kernels/index.js';
import type { Matrix, MatrixLike } from '../../core/matrix.js';
import { type ParamSpec, resolveParams } from '../../core/params.js';
import { Rng } from '../../core/rng.js';
import { HingeLoss } from '../../losses/hinge.js';
import { SquaredHingeLoss } from '../../losses/squared-hinge.js';
import type { Loss } from '../../losses/types.js';
import { type DecisionValues, type FitContext, progressStep } from '../base.js';
import {
  type ClassWeight,
  ClassWeightedClassifier,
  classWeightSpec,
  resolveClassWeight,
} from '../class-weight.js';
import { linearPredict } from '../linear-decision.js';
import { solveCrammerSinger } from './crammer-singer.js';
import { type LinearSolveResult, solveDualCd } from './dual-cd.js';
import { solveL1SquaredHinge } from './l1-cd.js';
import { type GramCache, solvePrimalNewton } from './primal-newton.js';
import { solveSgd } from './sgd.js';

export interface LinearSVCParams {
  penalty: 'l2' | 'l1';
  loss: 'hinge' | 'squared_hinge';
  dual: boolean | 'auto';
  multiClass: 'ovr' | 'crammer_singer';
  tol: number;
  C: number;
  fitIntercept: boolean;
  interceptScaling: number;
  classWeight: ClassWeight;
  maxIter: number;
  solver: 'cd' | 'sgd';
  learningRate: number;
  batchSize: number;
  seed: number;
}

export const LINEAR_SVC_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'penalty',
    type: 'string',
    default: 'l2',
    options: ['l2', 'l1'],
    description:
      "Regularization of the weights: 'l2' 0.5 ||w||^2, or 'l1' ||w||_1 (sparse weights; squared_hinge with the primal, dual false or 'auto': liblinear's coordinate descent).",
  },
  {
    name: 'loss',
    type: 'string',
    default: 'squared_hinge',
    options: ['squared_hinge', 'hinge'],
    description:
      "Margin loss: 'squared_hinge' max(0, 1 - y f)^2 (smooth) or 'hinge' max(0, 1 - y f) (standard SVM).",
  },
  {
    name: 'dual',
    type: 'bool',
    default: 'auto',
    options: ['auto'],
    description:
      "Solve the dual (coordinate descent) or the primal (Newton, squared_hinge only); 'auto' = primal when nSamples > nFeatures and the loss allows it.",
  },
  {
    name: 'multiClass',
    type: 'string',
    default: 'ovr',
    options: ['ovr', 'crammer_singer'],
    description:
      "'ovr': one binary SVM per class; 'crammer_singer': Crammer & Singer's joint multi-class SVM (liblinear's dual solver; loss, penalty and dual are then ignored, as scikit-learn).",
  },
  {
    name: 'tol',
    type: 'float',
    default: 1e-4,
    min: 0,
    minExclusive: true,
    description: 'Stopping tolerance (dual: projected-gradient gap; primal: relative gradient norm).',
  },
  {
    name: 'C',
    type: 'float',
    default: 1,
    min: 0,
    minExclusive: true,
    description: 'Regularization: the penalty on margin violations (larger C = less regularization).',
  },
  {
    name: 'fitIntercept',
    type: 'bool',
    default: true,
    description: 'Fit an intercept (as liblinear: an extra feature of value interceptScaling).',
  },
  {
    name: 'interceptScaling',
    type: 'float',
    default: 1,
    min: 0,
    minExclusive: true,
    description:
      'Value of the synthetic intercept feature; larger values weaken the regularization of the intercept.',
  },
  classWeightSpec(
    "Per-class multiplier of C: null, 'balanced' (n / (nClasses * count)) or {label: weight} (liblinear one-vs-rest: the weight applies to the positive class).",
  ),
  {
    name: 'maxIter',
    type: 'int',
    default: 1000,
    min: 1,
    description: 'Maximum iterations (dual: epochs; primal: Newton steps; sgd: epochs).',
  },
  {
    name: 'solver',
    type: 'string',
    default: 'cd',
    options: ['cd', 'sgd'],
    description:
      "'cd': liblinear's exact solvers (dual coordinate descent / primal Newton); 'sgd': averaged mini-batch SGD on the loss.",
  },
  {
    name: 'learningRate',
    type: 'float',
    default: 0.1,
    min: 0,
    minExclusive: true,
    description: "Initial step eta0 of the 'sgd' solver.",
  },
  {
    name: 'batchSize',
    type: 'int',
    default: 64,
    min: 1,
    description: "Mini-batch size of the 'sgd' solver.",
  },
  {
    name: 'seed',
    type: 'int',
    default: 0,
    min: 0,
    description: 'Seed of the coordinate permutations (cd) or of the batch shuffling (sgd).',
  },
];

export interface LinearSVCState {
  readonly coef: number[];
  readonly intercept: number[];
  readonly nIter: number;
  readonly converged: boolean;
  readonly dual: boolean;
}

/**
 * Linear support vector classifier (scikit-learn's `LinearSVC`, liblinear): squared-hinge or hinge loss
 * with an l2 (or l1) penalty, solved by dual coordinate descent, a primal Newton method or SGD;
 * one-vs-rest for more than two classes. Scales to many samples where the kernel `SVC` does not.
 *
 * @example
 * ```ts
 * import { LinearSVC, makeClassification } from 'autolearn';
 *
 * const { X, y } = makeClassification({ nSamples: 200, nFeatures: 5, seed: 1 });
 * const model = await new LinearSVC({ C: 0.5 }).fit(X, y);
 * console.log(await model.predict(X));
 * ```
 */
export class LinearSVC extends ClassWeightedClassifier<LinearSVCParams, LinearSVCState> {
  static override readonly name = 'LinearSVC';
  static readonly paramSpecs = LINEAR_SVC_PARAM_SPECS;
  readonly name = 'LinearSVC';
  readonly paramSpecs = LINEAR_SVC_PARAM_SPECS;
  override readonly supportedDevices: readonly DeviceName[] = DEVICE_NAMES;

  /** Weights, one row per one-vs-rest problem (1 row for two classes: the score of classes[1]). */
  coef: Matrix = { rows: 0, cols: 0, data: new Float64Array(0) };
  intercept: Float64Array = new Float64Array(0);
  /** Largest number of iterations over the one-vs-rest problems. */
  nIter = 0;
  /** Every problem met the tolerance before maxIter. */
  converged = false;
  /** Whether the dual was solved (false: primal Newton or SGD). */
  dualUsed = true;

  constructor(params: Partial<LinearSVCParams> = {}) {
    super(params);
  }

  /**
   * Params for this fit: the model's, overridden by learning hyper-parameters given to fit (checked
   * against the same specs), a loss name ('hinge' | 'squared_hinge') and an algorithm name ('cd' | 'sgd').
   */
  private fitParams(ctx: FitContext): LinearSVCParams {
    const P = { ...this.getParams() } as LinearSVCParams;
    const over = resolveParams<LinearSVCParams>(this.paramSpecs, { ...P, ...ctx.trainingParams }, this.name);
    Object.assign(P, over);
    if (typeof ctx.loss === 'string') {
      if (ctx.loss !== 'hinge' && ctx.loss !== 'squared_hinge') {
        throw new ParamError('loss', ctx.loss, "'hinge', 'squared_hinge' or a Loss object", this.name);
      }
      P.loss = ctx.loss;
    }
    if (typeof ctx.optimizer === 'string') {
      if (ctx.optimizer !== 'cd' && ctx.optimizer !== 'sgd') {
        throw new ParamError('optimizer', ctx.optimizer, "'cd' or 'sgd'", this.name);
      }
      P.solver = ctx.optimizer;
    }
    if (ctx.loss !== undefined && typeof ctx.loss === 'object' && P.solver !== 'sgd') {
      throw new ParamError(
        'solver',
        P.solver,
        "'sgd' (a custom Loss object is minimized by the sgd solver)",
        this.name,
      );
    }
    return P;
  }

  protected async fitEncoded(X: Matrix, y: Int32Array, k: number, ctx: FitContext): Promise<void> {
    const P = this.fitParams(ctx);
    const cw = resolveClassWeight(P.classWeight, y, k, this.pendingClasses, this.name);
    // scikit-learn's sample_weight: C_i = C * classWeight * w_i (liblinear's per-instance weights)
    const sw = ctx.sampleWeight;
    const n = X.rows;
    const d = X.cols;
    const nOut = k === 2 ? 1 : k;
    const coef = new Float64Array(nOut * d);
    const intercept = new Float64Array(nOut);
    const rng = new Rng(P.seed);
    const cs = P.multiClass === 'crammer_singer';
    if (P.solver === 'sgd' && (cs || P.penalty === 'l1')) {
      throw new ParamError(
        'solver',
        'sgd',
        `'cd' (${cs ? "multiClass 'crammer_singer'" : "penalty 'l1'"} is solved by liblinear's coordinate descent)`,
        this.name,
      );
    }
    if (cs) {
      await this.fitCrammerSinger(X, y, k, P, cw, rng, ctx);
      return;
    }
    if (P.penalty === 'l1') {
      if (P.loss === 'hinge') {
        throw new ParamError(
          'loss',
          'hinge',
          "'squared_hinge' with penalty 'l1' (the combination of penalty 'l1' and loss 'hinge' is not supported)",
          this.name,
        );
      }
      if (P.dual === true) {
        throw new ParamError(
          'dual',
          true,
          "false or 'auto' with penalty 'l1' (penalty 'l1' with loss 'squared_hinge' is not supported when dual=true)",
          this.name,
        );
      }
    }
    if (P.solver === 'sgd') {
      const custom = typeof ctx.loss === 'object' ? ((ctx.loss as Loss | null) ?? undefined) : undefined;
      if (custom !== undefined && (typeof custom !== 'object' || typeof custom.valueAndGrad !== 'function')) {
        throw new ParamError('loss', custom, 'a Loss object with valueAndGrad(backend, w, batch)', this.name);
      }
      const l2 = 1 / (P.C * n);
      const lossObj = custom ?? (P.loss === 'hinge' ? new HingeLoss({ l2 }) : new SquaredHingeLoss({ l2 }));
      const res = await solveSgd(
        ctx.backend,
        lossObj,
        {
          X: X.data,
          n,
          d,
          y,
          nClasses: k,
          sampleWeight: Float64Array.from(y, (c, i) => cw[c]! * (sw ? sw[i]! : 1)),
        },
        { epochs: P.maxIter, batchSize: P.batchSize, eta0: P.learningRate, l2, tol: P.tol },
        rng,
        ctx.logger ? sgdProgress(ctx, P.maxIter) : undefined,
      );
      ctx.logger?.({
        iteration: res.iterations,
        total: P.maxIter,
        fraction: 1,
        message: res.converged ? 'converged' : 'maxIter reached',
      });
      coef.set(res.w.subarray(0, nOut * d));
      intercept.set(res.w.subarray(nOut * d));
      this.setFitted(coef, d, intercept, res.iterations, res.converged, false);
      return;
    }
    if (P.loss === 'hinge' && P.dual === false) {
      throw new ParamError(
        'dual',
        false,
        "true or 'auto' with loss 'hinge' (liblinear has no primal solver for the L2-regularized hinge loss)",
        this.name,
      );
    }
    const D = P.fitIntercept ? d + 1 : d;
    const useDual =
      P.penalty !== 'l1' && (P.loss === 'hinge' || P.dual === true || (P.dual === 'auto' && n <= d));
    // the primal Newton solver takes X as it is, the intercept feature implicit; the coordinate
    // descent solvers read the bias-augmented copy
    const newton = P.penalty !== 'l1' && !useDual;
    const Xb = newton ? X.data : withBiasColumn(X, P.fitIntercept ? P.interceptScaling : undefined);
    const bias = newton && P.fitIntercept ? P.interceptScaling : undefined;
    const yb = new Int8Array(n);
    const Cb = new Float64Array(n);
    let nIter = 0;
    let converged = true;
    const logger = ctx.logger;
    const step = progressStep(P.maxIter * nOut);
    const gramCache: GramCache = {}; // the classes' primal Newton solves share X and, mostly, C
    for (let c = 0; c < nOut; c++) {
      const onIter = logger
        ? (it: number) => {
            if (it % step === 0 && it < P.maxIter) {
              logger({ iteration: it, total: P.maxIter, fraction: (c + it / P.maxIter) / nOut });
            }
          }
        : undefined;
      const pos = k === 2 ? 1 : c;
      for (let i = 0; i < n; i++) {
        const isPos = y[i] === pos;
        yb[i] = isPos ? 1 : -1;
        // liblinear: binary problems weight both classes, one-vs-rest problems only the positive one
        Cb[i] = P.C * (isPos ? cw[pos]! : k === 2 ? cw[y[i]!]! : 1) * (sw ? sw[i]! : 1);
      }
      const prob = { X: Xb, n, D, y: yb, C: Cb, bias };
      const res: LinearSolveResult =
        P.penalty === 'l1'
          ? solveL1SquaredHinge(prob, P.tol, P.maxIter, rng, onIter)
          : useDual
            ? solveDualCd(prob, P.loss, P.tol, P.maxIter, rng, onIter)
            : solvePrimalNewton(prob, P.tol, P.maxIter, onIter, { gramCache });
      coef.set(res.w.subarray(0, d), c * d);
      intercept[c] = P.fitIntercept ? res.w[d]! * P.interceptScaling : 0;
      nIter = Math.max(nIter, res.iterations);
      if (!res.converged) converged = false;
      logger?.({
        iteration: res.iterations,
        total: P.maxIter,
        fraction: (c + 1) / nOut,
        message: `class ${c}: ${res.converged ? 'converged' : 'maxIter reached'}`,
      });
    }
    this.setFitted(coef, d, intercept, nIter, converged, useDual);
  }

  /**
   * Crammer-Singer: one joint dual over all classes, C_i = C x classWeight[y_i] x sampleWeight_i,
   * the intercept a penalized feature of value interceptScaling (liblinear). For two classes the
   * model keeps scikit-learn's single row: the score of classes[1] minus that of classes[0].
   */
  private async fitCrammerSinger(
    X: Matrix,
    y: Int32Array,
    k: number,
    P: LinearSVCParams,
    cw: Float64Array,
    rng: Rng,
    ctx: FitContext,
  ): Promise<void> {
    const { rows: n, cols: d } = X;
    const sw = ctx.sampleWeight;
    const D = P.fitIntercept ? d + 1 : d;
    const Xb = withBiasColumn(X, P.fitIntercept ? P.interceptScaling : undefined);
    const Ci = Float64Array.from(y, (c, i) => P.C * (cw[c] as number) * (sw ? (sw[i] as number) : 1));
    const logger = ctx.logger;
    const step = progressStep(P.maxIter);
    const res = solveCrammerSinger(
      Xb,
      n,
      D,
      y,
      k,
      Ci,
      P.tol,
      P.maxIter,
      rng,
      logger
        ? (it) => {
            if (it % step === 0 && it < P.maxIter) {
              logger({ iteration: it, total: P.maxIter, fraction: it / P.maxIter });
            }
          }
        : undefined,
    );
    const nOut = k === 2 ? 1 : k;
    const coef = new Float64Array(nOut * d);
    const intercept = new Float64Array(nOut);
    const row = (m: number, j: number): number => res.W[m * D + j] as number;
    for (let c = 0; c < nOut; c++) {
      for (let j = 0; j < d; j++) coef[c * d + j] = k === 2 ? row(1, j) - row(0, j) : row(c, j);
      if (P.fitIntercept) {
        intercept[c] = (k === 2 ? row(1, d) - row(0, d) : row(c, d)) * P.interceptScaling;
      }
    }
    logger?.({
      iteration: res.iterations,
      total: P.maxIter,
      fraction: 1,
      message: res.converged ? 'converged' : 'maxIter reached',
    });
    this.setFitted(coef, d, intercept, res.iterations, res.converged, true);
  }

  private setFitted(
    coef: Float64Array,
    d: number,
    intercept: Float64Array,
    nIter: number,
    converged: boolean,
    dual: boolean,
  ): void {
    this.coef = { rows: intercept.length, cols: d, data: coef };
    this.intercept = intercept;
    this.nIter = nIter;
    this.converged = converged;
    this.dualUsed = dual;
  }

  /** Scores X W^T + b: (n,) for two classes (> 0 meaning classes[1]), n x nClasses otherwise. */
  async decisionFunction(X: MatrixLike): Promise<DecisionValues> {
    return this.decisionShape(await this.scores(this.checkInput(X)));
  }

  private async scores(X: Matrix): Promise<Matrix> {
    const k = this.intercept.length;
    const data =
      X.rows === 0 ? new Float64Array(0) : await (await this.getKernels()).linearScores(X, this.functions);
    return { rows: X.rows, cols: k, data };
  }

  private get functions(): LinearFunctions {
    return { W: this.coef.data, b: this.intercept, k: this.intercept.length };
  }

  protected override readonly predictChecksFinite = true;

  protected override async predictEncoded(X: Matrix): Promise<Int32Array> {
    if (X.rows === 0) return new Int32Array(0);
    return linearPredict(await this.getKernels(), X, this.functions);
  }

  /**
   * Not calibrated (LinearSVC has no probability model): the logistic of each one-vs-rest score,
   * normalized per row (scikit-learn's `_predict_proba_lr`). Its argmax is always `predict`.
   */
  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    const s = await this.scores(X);
    const k = this.classes!.length;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      if (s.cols === 1) {
        const p = 1 / (1 + Math.exp(-s.data[i]!));
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const p = 1 / (1 + Math.exp(-s.data[i * k + c]!));
        out[i * k + c] = p;
        sum += p;
      }
      for (let c = 0; c < k; c++) out[i * k + c] = out[i * k + c]! / sum;
    }
    return { rows: X.rows, cols: k, data: out };
  }

  protected getState(): LinearSVCState {
    return {
      coef: Array.from(this.coef.data),
      intercept: Array.from(this.intercept),
      nIter: this.nIter,
      converged: this.converged,
      dual: this.dualUsed,
    };
  }

  protected setState(s: LinearSVCState): void {
    this.setFitted(
      Float64Array.from(s.coef),
      this.nFeatures,
      Float64Array.from(s.intercept),
      s.nIter,
      s.converged,
      s.dual,
    );
  }
}

/** X (n x d) with a last column of value `bias` (n x (d + 1)), or X's data without one. */
function withBiasColumn(X: Matrix, bias: number | undefined): Float64Array {
  if (bias === undefined) return X.data;
  const { rows: n, cols: d, data } = X;
  const D = d + 1;
  const Xb = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    const o = i * D;
    const oi = i * d;
    for (let j = 0; j < d; j++) Xb[o + j] = data[oi + j] as number;
    Xb[o + d] = bias;
  }
  return Xb;
}

/** The SGD epoch callback: loss per epoch and fraction = epochs done / maxIter (<= ~100 reports). */
function sgdProgress(ctx: FitContext, epochs: number): (epoch: number, value: number) => void {
  const logger = ctx.logger!;
  const step = progressStep(epochs);
  return (epoch, value) => {
    const done = epoch + 1;
    if (done % step !== 0 || done >= epochs) return;
    logger({ iteration: epoch, loss: value, total: epochs, fraction: done / epochs });
  };
}
