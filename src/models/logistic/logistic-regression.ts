/**
 * Logistic regression from scratch (scikit-learn's LogisticRegression objective and defaults):
 * multinomial softmax, binary sigmoid or one-vs-rest, L2 penalty 0.5/C ||W||^2 on the weights only,
 * class weights, solvers lbfgs (default) / sgd / momentum / adam, on every device: every loss /
 * gradient evaluation and every score runs as the device's linear kernels (X prepared once per fit).
 */
import { DEVICE_NAMES, type DeviceName } from '../../core/backend.js';
import { CheckpointError, NotFittedError, ParamError } from '../../core/errors.js';
import type { LinearFunctions } from '../../core/kernels/index.js';
import type { Matrix, MatrixLike } from '../../core/matrix.js';
import { resolveParams } from '../../core/params.js';
import { OPTIMIZER_NAMES } from '../../optimizers/index.js';
import type { Optimizer } from '../../optimizers/types.js';
import { type DecisionValues, type FitContext, progressStep, type TrainingLogger } from '../base.js';
import { ClassWeightedClassifier, combineWeights, resolveClassWeight } from '../class-weight.js';
import { linearPredict } from '../linear-decision.js';
import { fitHost, HOST_SOLVERS, type HostSolver } from './host-fit.js';
import { LOGISTIC_PARAM_SPECS, type LogisticParams, type LogisticSolver, learningSpecs } from './params.js';
import { probaFromScores } from './predict.js';
import { checkSolver, normalizePenalty, resolveMultiClass } from './solver-check.js';
import { resolveLoss, type SolveSettings, solveLinear } from './train.js';

/** 'binary': one sigmoid output; 'multinomial': softmax over k outputs; 'ovr': k sigmoids, normalized. */
export type LogisticMode = 'binary' | 'multinomial' | 'ovr';

export interface LogisticState {
  readonly mode: LogisticMode;
  /** k x d weights (k = 1 for 'binary'). */
  readonly coef: number[][];
  readonly intercept: number[];
  readonly nIter: number;
  readonly converged: boolean;
}

/**
 * Multinomial (softmax) or one-vs-rest logistic regression with l2, l1 or elastic-net penalties, trained
 * with L-BFGS, SGD, momentum or Adam on the chosen device; `predictProba` gives class probabilities.
 * Matches scikit-learn's `LogisticRegression` (lbfgs) to about 1e-4 on the same data.
 *
 * @example
 * ```ts
 * import { loadIris, LogisticRegression } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.25, seed: 3 } });
 * const model = new LogisticRegression({ C: 1, maxIter: 200 });
 * await model.fit(iris);
 * console.log((await model.evaluate(iris)).accuracy);
 * ```
 */
export class LogisticRegression extends ClassWeightedClassifier<LogisticParams, LogisticState> {
  static override readonly name = 'LogisticRegression';
  static readonly paramSpecs = LOGISTIC_PARAM_SPECS;
  readonly name = 'LogisticRegression';
  readonly paramSpecs = LOGISTIC_PARAM_SPECS;
  override readonly supportedDevices: readonly DeviceName[] = DEVICE_NAMES;

  private mode: LogisticMode = 'multinomial';
  private W: Float64Array = new Float64Array(0);
  private b: Float64Array = new Float64Array(0);
  private k = 0;
  private iterations = 0;
  private didConverge = false;

  /** Weights, one row per output (1 row for a binary sigmoid model, else one per class). */
  get coef(): number[][] {
    if (!this.isFitted) throw new NotFittedError(this.name);
    const d = this.nFeatures;
    return Array.from({ length: this.k }, (_, c) => Array.from(this.W.subarray(c * d, (c + 1) * d)));
  }

  get intercept(): number[] {
    if (!this.isFitted) throw new NotFittedError(this.name);
    return Array.from(this.b);
  }

  /** Iterations (lbfgs) or epochs (sgd, momentum, adam) of the last fit; the max over classes for 'ovr'. */
  get nIter(): number {
    return this.iterations;
  }

  /** Whether the last fit met its stopping tolerance before maxIter. */
  get converged(): boolean {
    return this.didConverge;
  }

  get outputMode(): LogisticMode {
    return this.mode;
  }

  protected async fitEncoded(X: Matrix, y: Int32Array, nClasses: number, ctx: FitContext): Promise<void> {
    const p = this.getParams();
    const training = { ...ctx.trainingParams };
    const signal = (training.signal as AbortSignal | undefined) ?? ctx.signal;
    delete training.signal;
    // the solver may come from the optimizer argument (a name or an Optimizer instance)
    let solver: LogisticSolver | Optimizer = p.solver;
    if (typeof ctx.optimizer === 'string') {
      if (
        !(OPTIMIZER_NAMES as readonly string[]).includes(ctx.optimizer) &&
        !HOST_SOLVERS.includes(ctx.optimizer)
      ) {
        throw new ParamError(
          'optimizer',
          ctx.optimizer,
          `one of ${[...HOST_SOLVERS, ...OPTIMIZER_NAMES].join(', ')} or an Optimizer`,
          this.name,
        );
      }
      solver = ctx.optimizer as LogisticSolver;
    } else if (ctx.optimizer !== undefined && ctx.optimizer !== null) {
      if (!isOptimizerLike(ctx.optimizer)) {
        throw new ParamError(
          'optimizer',
          ctx.optimizer,
          `one of ${OPTIMIZER_NAMES.join(', ')} or an Optimizer`,
          this.name,
        );
      }
      solver = ctx.optimizer;
    }
    const specs = learningSpecs(typeof solver === 'string' ? solver : 'lbfgs');
    const over = resolveParams<Record<string, unknown>>(
      specs,
      training,
      `${this.name} learning hyper-parameters (${typeof solver === 'string' ? solver : solver.name})`,
    );
    const pick = <T>(key: string, fallback: T): T =>
      key in training && training[key] !== undefined ? (over[key] as T) : fallback;
    const settings: SolveSettings = {
      solver,
      loss: resolveLoss(ctx.loss, p.fitIntercept),
      l2: p.penalty === 'l2' ? 1 / p.C : 0,
      fitIntercept: p.fitIntercept,
      maxIter: pick('maxIter', p.maxIter),
      tol: pick('tol', p.tol),
      learningRate: pick('learningRate', p.learningRate),
      batchSize: pick('batchSize', p.batchSize),
      seed: pick('seed', p.seed),
      signal,
      logger: ctx.logger,
    };
    const classes = this.pendingClasses;
    const cw =
      p.classWeight === null || p.classWeight === undefined
        ? null
        : resolveClassWeight(p.classWeight, y, nClasses, classes, this.name);
    const solverName: LogisticSolver = typeof solver === 'string' ? solver : 'lbfgs';
    const penalty = normalizePenalty(p.penalty);
    checkSolver(solverName, penalty, p.dual ?? false, p.l1Ratio ?? null);
    const mc = resolveMultiClass(p.multiClass, solverName, nClasses);
    const mode: LogisticMode = mc === 'multinomial' ? 'multinomial' : nClasses === 2 ? 'binary' : 'ovr';
    const warm =
      p.warmStart && this.W.length > 0 && this.nFeatures === X.cols ? { W: this.W, b: this.b } : undefined;
    if (HOST_SOLVERS.includes(solverName)) {
      const step = progressStep(settings.maxIter);
      const nProblems = mode === 'ovr' ? nClasses : 1;
      const r = fitHost(X, y, nClasses, {
        solver: solverName as HostSolver,
        penalty,
        C: p.C,
        l1Ratio: p.l1Ratio ?? 0,
        dual: p.dual ?? false,
        fitIntercept: p.fitIntercept,
        interceptScaling: p.interceptScaling ?? 1,
        classWeight: p.classWeight,
        tol: settings.tol,
        maxIter: settings.maxIter,
        seed: settings.seed,
        sampleWeight: ctx.sampleWeight,
        classes,
        mode,
        warm,
        signal,
        onProblem: ctx.logger
          ? (problem, it) => {
              if (it % step !== 0 || it >= settings.maxIter) return;
              ctx.logger?.({
                iteration: it,
                total: settings.maxIter,
                fraction: (problem + it / settings.maxIter) / nProblems,
              });
            }
          : undefined,
      });
      this.mode = solverName === 'liblinear' ? (nClasses === 2 ? 'binary' : 'ovr') : mode;
      this.k = r.k;
      this.W = r.W;
      this.b = r.b;
      this.iterations = r.nIter;
      this.didConverge = r.converged;
      this.nFeatures = X.cols;
      ctx.logger?.({
        iteration: this.iterations,
        total: settings.maxIter,
        fraction: 1,
        message: this.didConverge ? 'converged' : 'maxIter reached',
      });
      return;
    }
    const backend = ctx.backend;
    const d = X.cols;
    const nProblems = mode === 'ovr' ? nClasses : 1;
    const reported = { end: false };
    const progress = progressLogger(ctx.logger, settings.maxIter, nProblems, reported);
    if (mode !== 'ovr') {
      const k = mode === 'binary' ? 1 : nClasses;
      let w0: Float64Array | undefined;
      if (warm && warm.W.length === k * d && warm.b.length === k) {
        w0 = new Float64Array(k * d + (p.fitIntercept ? k : 0));
        w0.set(warm.W);
        if (p.fitIntercept) w0.set(warm.b, k * d);
      }
      const r = await solveLinear(backend, X, y, k, combineWeights(cw, ctx.sampleWeight, y), {
        ...settings,
        w0,
        logger: progress?.(0),
      });
      this.setWeights(mode, k, d, r.w, p.fitIntercept);
      this.iterations = r.nIter;
      this.didConverge = r.converged;
    } else {
      const W = new Float64Array(nClasses * d);
      const b = new Float64Array(nClasses);
      let iters = 0;
      let conv = true;
      for (let c = 0; c < nClasses; c++) {
        const yc = new Int32Array(y.length);
        for (let i = 0; i < y.length; i++) yc[i] = y[i] === c ? 1 : 0;
        // scikit-learn: 'balanced' is computed on the masked binary labels, a dict on the original ones
        const cwc =
          p.classWeight === 'balanced' ? resolveClassWeight('balanced', yc, 2, null, this.name) : cw;
        const r = await solveLinear(
          backend,
          X,
          yc,
          1,
          combineWeights(cwc, ctx.sampleWeight, p.classWeight === 'balanced' ? yc : y),
          {
            ...settings,
            w0:
              warm && warm.W.length === nClasses * d
                ? Float64Array.from([
                    ...warm.W.subarray(c * d, (c + 1) * d),
                    ...(p.fitIntercept ? [warm.b[c] as number] : []),
                  ])
                : undefined,
            logger: progress?.(c),
          },
        );
        W.set(r.w.subarray(0, d), c * d);
        if (p.fitIntercept) b[c] = r.w[d] as number;
        iters = Math.max(iters, r.nIter);
        conv &&= r.converged;
      }
      this.mode = 'ovr';
      this.k = nClasses;
      this.W = W;
      this.b = b;
      this.iterations = iters;
      this.didConverge = conv;
    }
    this.nFeatures = d;
    if (!reported.end) {
      ctx.logger?.({
        iteration: this.iterations,
        total: settings.maxIter,
        fraction: 1,
        message: this.didConverge ? 'converged' : 'maxIter reached',
      });
    }
  }

  /**
   * The linear scores X W^T + b (scikit-learn's decision_function): (n,) for a binary model (> 0
   * means classes[1]), n x nClasses otherwise.
   */
  async decisionFunction(X: MatrixLike): Promise<DecisionValues> {
    const m = this.checkInput(X);
    return this.decisionShape({ rows: m.rows, cols: this.k, data: await this.scores(m) });
  }

  /** Log-probabilities computed from the scores (log-sigmoid / log-softmax: no log(0) underflow). */
  override async predictLogProba(X: MatrixLike): Promise<Matrix> {
    const m = this.checkInput(X);
    if (this.mode === 'ovr') return super.predictLogProba(m);
    const z = await this.scores(m);
    const n = m.rows;
    if (this.mode === 'binary') {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const v = z[i] as number;
        // log sigmoid(v) = -log1p(exp(-v)), stable for both signs
        out[2 * i + 1] = v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v));
        out[2 * i] = -v >= 0 ? -Math.log1p(Math.exp(v)) : -v - Math.log1p(Math.exp(-v));
      }
      return { rows: n, cols: 2, data: out };
    }
    const k = this.k;
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, z[i * k + c] as number);
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp((z[i * k + c] as number) - mx);
      const lse = mx + Math.log(s);
      for (let c = 0; c < k; c++) z[i * k + c] = (z[i * k + c] as number) - lse;
    }
    return { rows: n, cols: k, data: z };
  }

  private setWeights(mode: LogisticMode, k: number, d: number, w: Float64Array, fitIntercept: boolean): void {
    this.mode = mode;
    this.k = k;
    this.W = w.slice(0, k * d);
    this.b = fitIntercept ? w.slice(k * d, k * d + k) : new Float64Array(k);
  }

  private get functions(): LinearFunctions {
    return { W: this.W, b: this.b, k: this.k };
  }

  /** Scores X W^T + b (n x k) on the model's device. */
  private async scores(X: Matrix): Promise<Float64Array> {
    if (X.rows === 0) return new Float64Array(0);
    return (await this.getKernels()).linearScores(X, this.functions);
  }

  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    return probaFromScores(await this.scores(X), X.rows, this.k, this.mode);
  }

  /** The argmax of the scores (scikit-learn's rule), no probabilities built. */
  protected override readonly predictChecksFinite = true;

  protected override async predictEncoded(X: Matrix): Promise<Int32Array> {
    if (X.rows === 0) return new Int32Array(0);
    return linearPredict(await this.getKernels(), X, this.functions);
  }

  protected getState(): LogisticState {
    return {
      mode: this.mode,
      coef: this.coef,
      intercept: this.intercept,
      nIter: this.iterations,
      converged: this.didConverge,
    };
  }

  protected setState(state: LogisticState): void {
    const s = state as Partial<LogisticState> | null;
    if (
      !s ||
      !Array.isArray(s.coef) ||
      !Array.isArray(s.intercept) ||
      !['binary', 'multinomial', 'ovr'].includes(s.mode as string)
    ) {
      throw new CheckpointError('LogisticRegression checkpoint state needs mode, coef and intercept');
    }
    const k = s.coef.length;
    const d = this.nFeatures;
    if (k === 0 || s.intercept.length !== k || s.coef.some((r) => !Array.isArray(r) || r.length !== d)) {
      throw new CheckpointError(
        `LogisticRegression checkpoint: coef must be ${k} x ${d} and intercept of length ${k}`,
      );
    }
    this.mode = s.mode as LogisticMode;
    this.k = k;
    this.W = Float64Array.from(s.coef.flat());
    this.b = Float64Array.from(s.intercept);
    this.iterations = s.nIter ?? 0;
    this.didConverge = s.converged ?? false;
  }
}

function isOptimizerLike(x: unknown): x is Optimizer {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Optimizer).minimize === 'function' &&
    typeof (x as Optimizer).reset === 'function'
  );
}

/**
 * Per sub-problem loggers that turn solver iterations into fractions of the whole fit
 * ((problem + iteration / maxIter) / nProblems), reporting at most about 100 times per fit.
 */
function progressLogger(
  logger: TrainingLogger | undefined,
  maxIter: number,
  nProblems: number,
  reported: { end: boolean },
): ((problem: number) => TrainingLogger) | undefined {
  if (!logger) return undefined;
  const step = progressStep(maxIter * nProblems);
  return (problem) => (e) => {
    const it = Math.min(e.iteration, maxIter);
    if (it % step !== 0) return;
    const fraction = Math.min(1, (problem + it / maxIter) / nProblems);
    if (fraction >= 1) reported.end = true;
    logger({ ...e, total: maxIter, fraction, ...(nProblems > 1 ? { message: `class ${problem}` } : {}) });
  };
}
