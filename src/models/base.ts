/**
 * The estimator contract shared by every classifier (scikit-learn's habits, the seed's MLEngine
 * names). Subclasses implement the encoded-label core (`fitEncoded`, `predictProbaEncoded`,
 * `getState`/`setState`); this class owns params, input checks, label encoding, devices,
 * evaluation and versioned checkpoints.
 */
import type { Backend, DeviceName } from '../core/backend.js';
import { type DatasetLike, isDatasetLike, type Label, type PartName } from '../core/data.js';
import { getBackend, resolveDevice } from '../core/devices.js';
import {
  AutolearnError,
  CheckpointError,
  DataError,
  DeviceError,
  NotFittedError,
  ParamError,
} from '../core/errors.js';
import type { Kernels } from '../core/kernels/index.js';
import { getKernels } from '../core/kernels/registry.js';
import { classifierTargets, encodeLabels } from '../core/labels.js';
import { assertFinite, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { type ParamSpec, resolveParams } from '../core/params.js';
import { type ClassificationReport, classificationReport } from '../metrics/report.js';

export { encodeLabels };

export const CHECKPOINT_FORMAT = 'autolearn-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** A JSON-serializable, versioned model checkpoint (the seed's Serialized LOB). */
export interface Checkpoint<S = unknown> {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly classes: Label[];
  readonly nFeatures: number;
  readonly device: DeviceName;
  readonly state: S;
}

/** One progress report of a fit. */
export interface TrainingEvent {
  readonly iteration: number;
  readonly loss?: number;
  readonly message?: string;
  /** Expected iterations (trees, epochs, pairs, ...) when known. */
  readonly total?: number;
  /** Fraction of the fit done, 0..1 (non-decreasing over a fit; the last report of a fit is 1). */
  readonly fraction?: number;
}

/** Progress callback during fit (iteration counts, loss values, fraction done, free text). */
export type TrainingLogger = (event: TrainingEvent) => void;

/**
 * The stride between progress reports so that a fit of `total` steps reports at most about
 * `maxEvents` times (report when `done % step === 0 || done === total`).
 */
export function progressStep(total: number, maxEvents = 100): number {
  return Math.max(1, Math.ceil(total / maxEvents));
}

/** Everything a subclass's fit core may use besides the data. */
export interface FitContext {
  readonly backend: Backend;
  readonly trainingParams: Record<string, unknown>;
  readonly loss?: unknown;
  readonly optimizer?: unknown;
  readonly logger?: TrainingLogger;
  /**
   * Per-sample weights (scikit-learn's sample_weight), validated by the base class: length n,
   * finite, >= 0, not all zero. null when none were given (every sample weighs 1).
   */
  readonly sampleWeight: Float64Array | null;
  /** Aborts the fit when it fires (models may poll it; the base class checks it around the fit). */
  readonly signal?: AbortSignal | undefined;
}

/** Labels as `fit(X, y)` takes them: 1-D (numbers or strings) or a column vector (n x 1). */
export type LabelsLike = readonly Label[] | ArrayLike<number> | readonly (readonly Label[])[];

/** The options of the scikit-learn face `fit(X, y, options)`. */
export interface FitOptions {
  /** Per-sample weights (scikit-learn's sample_weight): length n, finite, >= 0, not all zero. */
  readonly sampleWeight?: ArrayLike<number> | null;
  /** Progress reports during the fit. */
  readonly onProgress?: TrainingLogger;
  /** Aborts the fit (it then rejects with FitAbortedError and the model keeps its previous state). */
  readonly signal?: AbortSignal;
  /** Refuse targets with more distinct classes than this (default 1000). */
  readonly maxClasses?: number;
  /** The seed's loss choice, by name or as a Loss object (models that support several). */
  readonly loss?: unknown;
  /** The seed's learning algorithm (optimizer) choice, by name or as an Optimizer. */
  readonly optimizer?: unknown;
  /** Learning hyper-parameters that override the model's for this fit (the seed's trainingHyperparams). */
  readonly trainingParams?: Record<string, unknown>;
}

const FIT_OPTION_KEYS = [
  'sampleWeight',
  'onProgress',
  'signal',
  'maxClasses',
  'loss',
  'optimizer',
  'trainingParams',
] as const;

/** A fit stopped by its AbortSignal. */
export class FitAbortedError extends AutolearnError {
  constructor(readonly model: string) {
    super('E_ABORTED', `${model}.fit was aborted`);
  }
}

/** `{ sampleWeight }` for `score`. */
export interface ClassifierScoreOptions {
  readonly sampleWeight?: ArrayLike<number> | null;
}

/**
 * What a model class offers without being built: the catalog and checkpoints read `name` and
 * `paramSpecs` from it (`SVC.name === 'SVC'`, `SVC.paramSpecs`).
 */
export interface ClassifierClass<T extends Classifier<object, unknown> = Classifier<object, unknown>> {
  new (params?: never): T;
  readonly name: string;
  readonly paramSpecs: readonly ParamSpec[];
}

export interface EvaluateOptions {
  /** Which part of a Dataset to evaluate on (default 'test'). */
  readonly on?: PartName;
}

/** decisionFunction output: (n,) for a binary problem, n x k (or n x pairs) otherwise. */
export type DecisionValues = Float64Array | Matrix;

export type LabeledInput = { readonly X: MatrixLike; readonly y: readonly Label[] | ArrayLike<number> };

/**
 * The contract every model implements (the seed's MLEngine): the constructor takes typed
 * hyper-parameters, `fit` (a Dataset, or `X` and `y`) validates them against the model's ParamSpec
 * table and returns `this`, then `predict`, `evaluate`, `inference`, `changeComputeDevice` and
 * versioned `saveCheckpoint` / `loadCheckpoint`. Extend it to add a model to the catalog.
 *
 * @example
 * ```ts
 * import { type Classifier, GaussianNB, loadIris, SVC } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 0 } });
 * const models: Classifier<object>[] = [new SVC(), new GaussianNB()];
 * for (const m of models) {
 *   await m.fit(iris);
 *   console.log(m.name, (await m.evaluate(iris)).accuracy);
 * }
 * ```
 */
export abstract class Classifier<P extends object = Record<string, unknown>, S = unknown> {
  /** Model name as published in the catalog (e.g. 'SVC'). */
  abstract readonly name: string;
  /** The hyper-parameter constraint table. */
  abstract readonly paramSpecs: readonly ParamSpec[];
  /** Devices this model runs on. */
  readonly supportedDevices: readonly DeviceName[] = ['cpu'];

  protected given: Partial<P>;
  protected device: DeviceName = 'cpu';
  protected backend: Backend | null = null;
  /** Sorted distinct labels seen at fit; null until fitted. */
  classes: Label[] | null = null;
  nFeatures = 0;
  private resolved: P | null = null;

  constructor(params: Partial<P> = {}) {
    this.given = { ...params };
  }

  /**
   * The params with defaults filled in. As scikit-learn's get_params it never throws: after a
   * setUp / setParams with a bad value it returns the stored values (fit then throws ParamError).
   */
  getParams(): P {
    if (this.resolved) return this.resolved;
    try {
      this.resolved = resolveParams<P>(this.paramSpecs, this.given, this.name);
      return this.resolved;
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      const out: Record<string, unknown> = {};
      for (const s of this.paramSpecs) out[s.name] = s.default;
      for (const [k, v] of Object.entries(this.given)) if (v !== undefined) out[k] = v;
      return out as P;
    }
  }

  /** Validated params (throws ParamError naming the first bad one). */
  protected validParams(): P {
    if (!this.resolved) this.resolved = resolveParams<P>(this.paramSpecs, this.given, this.name);
    return this.resolved;
  }

  /** scikit-learn's set_params: merges the given params (validated at the next fit); returns this. */
  setParams(params: Partial<P>): this {
    this.given = { ...this.given, ...params };
    this.resolved = null;
    return this;
  }

  /** scikit-learn's clone: a new, unfitted model of the same class with (a deep copy of) the same params and device. */
  clone(): this {
    const Ctor = this.constructor as new (params?: Partial<P>) => this;
    let params: Partial<P>;
    try {
      params = structuredClone(this.given);
    } catch {
      params = { ...this.given }; // a param that cannot be cloned (a function) is shared
    }
    const copy = new Ctor(params);
    copy.device = this.device;
    return copy;
  }

  /** Number of features seen at fit (scikit-learn's n_features_in_); 0 before fit. */
  get nFeaturesIn(): number {
    return this.nFeatures;
  }

  /** Seed MLEngine: set hyper-parameters and the compute device. */
  setUp(hyperparams: Partial<P> = {}, device: DeviceName | string = this.device): this {
    this.given = { ...this.given, ...hyperparams };
    this.resolved = null;
    this.device = this.checkDevice(device);
    this.backend = null;
    return this;
  }

  get computeDevice(): DeviceName {
    return this.device;
  }

  get isFitted(): boolean {
    return this.classes !== null;
  }

  /**
   * scikit-learn face: `fit(X, y, { sampleWeight?, onProgress?, signal? })`; seed MLEngine face:
   * `fit(dataset, trainingHyperparams?, loss?, optimizer?, logger?)` (trains on the dataset's train
   * part). Both validate the params first, then the data, and return this.
   */
  fit(X: MatrixLike, y: LabelsLike, options?: FitOptions): Promise<this>;
  fit(
    dataset: DatasetLike,
    trainingHyperparams?: Record<string, unknown>,
    loss?: unknown,
    optimizer?: unknown,
    logger?: TrainingLogger,
  ): Promise<this>;
  async fit(
    data: MatrixLike | DatasetLike,
    second?: LabelsLike | Record<string, unknown>,
    third?: unknown,
    optimizer?: unknown,
    logger?: TrainingLogger,
    ...rest: unknown[]
  ): Promise<this> {
    if (isDatasetLike(data)) {
      const part = data.part('train');
      const labels = Array.from(part.y, (i) => part.classes[i] as Label);
      const trainingParams = { ...((second as Record<string, unknown> | undefined) ?? {}) };
      const signal = trainingParams.signal as AbortSignal | undefined;
      return this.runFit(part.X, labels, {
        trainingParams,
        loss: third,
        optimizer,
        logger,
        sampleWeight: null,
        signal,
      });
    }
    if (optimizer !== undefined || logger !== undefined || rest.length > 0) {
      throw new ParamError(
        'fit',
        'extra positional arguments',
        'fit(X, y, { sampleWeight, onProgress, signal, loss, optimizer }) (loss and optimizer go in the options object)',
        this.name,
      );
    }
    const opts = checkFitOptions(third, this.name);
    return this.runFit(data, second, {
      trainingParams: { ...(opts.trainingParams ?? {}) },
      loss: opts.loss,
      optimizer: opts.optimizer,
      logger: opts.onProgress,
      sampleWeight: opts.sampleWeight ?? null,
      signal: opts.signal,
      maxClasses: opts.maxClasses,
    });
  }

  /** The one fit path of both faces: params, then X, y and weights, then the subclass core. */
  private async runFit(
    data: MatrixLike,
    yIn: unknown,
    run: {
      trainingParams: Record<string, unknown>;
      loss: unknown;
      optimizer: unknown;
      logger: TrainingLogger | undefined;
      sampleWeight: unknown;
      signal: AbortSignal | undefined;
      maxClasses?: number | undefined;
    },
  ): Promise<this> {
    this.validParams();
    const X = toMatrix(data);
    const owner = `${this.name}.fit`;
    if (X.rows === 0) throw new DataError(`${owner}: X is empty (0 samples); at least 1 is required`);
    if (X.cols === 0) throw new DataError(`${owner}: X has 0 features; at least 1 is required`);
    const { classes, y, labels } = classifierTargets(yIn, { owner, maxClasses: run.maxClasses });
    if (labels.length !== X.rows) {
      throw new DataError(`${owner}: X has ${X.rows} rows but y has ${labels.length} labels`);
    }
    assertFinite(X, 'X');
    if (classes.length < 2) {
      throw new DataError(
        `${owner}: y has a single class (${String(classes[0])}); a classifier needs at least 2 classes`,
      );
    }
    const sampleWeight = checkSampleWeight(run.sampleWeight, X.rows, owner);
    if (run.signal?.aborted) throw new FitAbortedError(this.name);
    const backend = await this.getBackendInstance();
    const ctx: FitContext = {
      backend,
      trainingParams: run.trainingParams,
      loss: run.loss,
      optimizer: run.optimizer,
      logger: run.logger,
      sampleWeight,
      signal: run.signal,
    };
    this.previousFit = this.classes ? { classes: this.classes, nFeatures: this.nFeatures } : null;
    this.classes = null;
    this.pendingClasses = classes;
    try {
      await this.fitEncoded(X, y, classes.length, ctx);
    } catch (e) {
      // a failed fit leaves a fitted model as it was (fitEncoded sets its state last)
      if (this.previousFit) ({ classes: this.classes, nFeatures: this.nFeatures } = this.previousFit);
      throw e;
    } finally {
      this.pendingClasses = null;
      this.previousFit = null;
    }
    if (run.signal?.aborted) throw new FitAbortedError(this.name);
    this.classes = classes;
    this.nFeatures = X.cols;
    return this;
  }

  /**
   * The sorted class labels of the fit in progress (set just before `fitEncoded`, null outside a
   * fit): what a {label: weight} classWeight or {label: p} priors need to map their keys.
   */
  protected pendingClasses: Label[] | null = null;

  /**
   * The classes and feature count of the model as it was before the fit in progress (null outside
   * a fit, or when it was not fitted): what a warm start checks the new data against.
   */
  protected previousFit: { readonly classes: Label[]; readonly nFeatures: number } | null = null;

  /** Predicted labels (as given at fit) for each row. */
  async predict(X: MatrixLike): Promise<Label[]> {
    const m = this.checkInput(X, !this.predictChecksFinite);
    const idx = await this.predictEncoded(m);
    return mapLabels(idx, this.classes!);
  }

  /** Class probabilities, one column per entry of `classes`, rows summing to 1. */
  async predictProba(X: MatrixLike): Promise<Matrix> {
    return this.predictProbaEncoded(this.checkInput(X));
  }

  /** Log of the class probabilities (scikit-learn's predict_log_proba); -Infinity where a probability is 0. */
  async predictLogProba(X: MatrixLike): Promise<Matrix> {
    const p = await this.predictProba(X);
    return { rows: p.rows, cols: p.cols, data: p.data.map(Math.log) };
  }

  /** Mean accuracy on (X, y), weighted by `sampleWeight` when given (scikit-learn's score). */
  async score(X: MatrixLike, y: LabelsLike, options: ClassifierScoreOptions = {}): Promise<number> {
    const owner = `${this.name}.score`;
    const yPred = await this.predict(X);
    const truth = labelArray(y, owner);
    if (truth.length !== yPred.length) {
      throw new DataError(`${owner}: X has ${yPred.length} rows but y has ${truth.length} labels`);
    }
    const w = checkSampleWeight(options.sampleWeight ?? null, truth.length, owner);
    let hit = 0;
    let total = 0;
    for (let i = 0; i < truth.length; i++) {
      const wi = w ? (w[i] as number) : 1;
      total += wi;
      if (truth[i] === yPred[i]) hit += wi;
    }
    return total > 0 ? hit / total : 0;
  }

  /**
   * scikit-learn's decision_function shape: 2 classes -> one value per row (n,), as a Float64Array
   * (> 0 favours classes[1]); otherwise the n x k (or n x pairs) matrix as it is.
   */
  protected decisionShape(m: Matrix): DecisionValues {
    if (m.cols === 1) return Float64Array.from(m.data);
    return m;
  }

  /** Seed MLEngine: the prediction for one sample. */
  async inference(sample: readonly number[]): Promise<Label> {
    const [label] = await this.predict([sample]);
    return label as Label;
  }

  /** Precision, recall, F1, accuracy and confusion matrix on a Dataset part or on `{X, y}`. */
  async evaluate(
    data: DatasetLike | LabeledInput,
    options: EvaluateOptions = {},
  ): Promise<ClassificationReport> {
    let X: MatrixLike;
    let yTrue: Label[];
    if (isDatasetLike(data)) {
      const part = data.part(options.on ?? 'test');
      X = part.X;
      yTrue = Array.from(part.y, (i) => part.classes[i] as Label);
    } else {
      X = data.X;
      yTrue = Array.from(data.y as ArrayLike<Label>);
    }
    const yPred = await this.predict(X);
    const labels = [...new Set<Label>([...this.classes!, ...yTrue])];
    return classificationReport(yTrue, yPred, { labels });
  }

  /** Moves the fitted parameters to another device (download + upload). */
  async changeComputeDevice(device: DeviceName | string): Promise<this> {
    const d = this.checkDevice(device);
    const backend = await getBackend(d);
    this.device = d;
    this.backend = backend;
    if (this.isFitted) await this.onDeviceChange(backend);
    return this;
  }

  saveCheckpoint(): Checkpoint<S> {
    if (!this.isFitted) throw new NotFittedError(this.name);
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      model: this.name,
      params: { ...(this.getParams() as Record<string, unknown>) },
      classes: [...this.classes!],
      nFeatures: this.nFeatures,
      device: this.device,
      state: this.getState(),
    };
  }

  /** Same as `saveCheckpoint()`, for JSON.stringify. */
  toJSON(): Checkpoint<S> {
    return this.saveCheckpoint();
  }

  /** Rebuilds a fitted model from `saveCheckpoint()` output (or its JSON text). */
  static loadCheckpoint<T extends Classifier<object, unknown>>(
    this: new (
      params?: never,
    ) => T,
    checkpoint: unknown,
  ): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the call names (SVC.loadCheckpoint builds an SVC)
    return restoreInto(this, checkpoint);
  }

  /** Alias of `loadCheckpoint` (scikit-learn style). */
  static fromJSON<T extends Classifier<object, unknown>>(this: new (params?: never) => T, json: unknown): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the call names (SVC.fromJSON builds an SVC)
    return restoreInto(this, json);
  }

  /** Loads checkpoint contents into this instance. */
  restore(ck: Checkpoint): void {
    this.given = ck.params as Partial<P>;
    this.resolved = null;
    this.validParams();
    this.device = 'cpu';
    this.backend = null;
    this.classes = [...ck.classes];
    this.nFeatures = ck.nFeatures;
    this.setState(ck.state as S);
  }

  // ---- subclass hooks ----
  protected abstract fitEncoded(
    X: Matrix,
    y: Int32Array,
    nClasses: number,
    ctx: FitContext,
  ): Promise<void> | void;
  protected abstract predictProbaEncoded(X: Matrix): Promise<Matrix>;
  protected abstract getState(): S;
  protected abstract setState(state: S): void;

  /** Default: argmax of predictProba. Models with a native decision rule override it. */
  protected async predictEncoded(X: Matrix): Promise<Int32Array> {
    const p = await this.predictProbaEncoded(X);
    const out = new Int32Array(p.rows);
    for (let i = 0; i < p.rows; i++) {
      let best = 0;
      let bv = -Infinity;
      for (let j = 0; j < p.cols; j++) {
        const v = p.data[i * p.cols + j] as number;
        if (v > bv) {
          bv = v;
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** Called after the device changed on a fitted model (upload parameters to the new backend). */
  protected async onDeviceChange(_backend: Backend): Promise<void> {}

  protected async getBackendInstance(): Promise<Backend> {
    if (!this.backend) this.backend = await getBackend(this.device);
    return this.backend;
  }

  /** The kernels of the model's device (models call kernels and never branch on the device). */
  protected getKernels(): Promise<Kernels> {
    return getKernels(this.device);
  }

  /**
   * True when the model's `predictEncoded` itself throws assertFinite's DataError for a non-finite
   * X (e.g. from its scores, which a non-finite input always makes non-finite), so that `predict`
   * skips the separate pass over X. Default false: `predict` checks X first.
   */
  protected readonly predictChecksFinite: boolean = false;

  protected checkInput(X: MatrixLike, checkFinite = true): Matrix {
    if (!this.isFitted) throw new NotFittedError(this.name);
    const m = toMatrix(X);
    if (m.cols !== this.nFeatures && m.rows > 0) {
      throw new DataError(
        `${this.name}: X has ${m.cols} features, but the model was fitted with ${this.nFeatures}`,
      );
    }
    if (checkFinite) assertFinite(m, 'X');
    return m;
  }

  private checkDevice(device: string): DeviceName {
    const d = resolveDevice(device);
    if (!this.supportedDevices.includes(d)) {
      throw new DeviceError(
        `${this.name} does not run on device '${d}'; supported: ${this.supportedDevices.join(', ')}`,
        d,
        this.supportedDevices,
      );
    }
    return d;
  }
}

function checkFitOptions(options: unknown, owner: string): FitOptions {
  if (options === undefined || options === null) return {};
  const allowed = `an options object { ${FIT_OPTION_KEYS.join(', ')} }`;
  if (
    typeof options !== 'object' ||
    Array.isArray(options) ||
    Object.getPrototypeOf(options) !== Object.prototype
  ) {
    throw new ParamError('options', options, `${allowed} as the third argument of fit(X, y, options)`, owner);
  }
  for (const k of Object.keys(options)) {
    if (!(FIT_OPTION_KEYS as readonly string[]).includes(k)) {
      throw new ParamError(
        k,
        (options as Record<string, unknown>)[k],
        `a fit option: one of ${FIT_OPTION_KEYS.join(', ')}`,
        owner,
      );
    }
  }
  const o = options as FitOptions;
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new ParamError('onProgress', o.onProgress, 'a function (event) => void', owner);
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new ParamError('signal', o.signal, 'an AbortSignal', owner);
  }
  if (o.maxClasses !== undefined && !(Number.isInteger(o.maxClasses) && o.maxClasses >= 2)) {
    throw new ParamError('maxClasses', o.maxClasses, 'an integer >= 2', owner);
  }
  if (
    o.trainingParams !== undefined &&
    (typeof o.trainingParams !== 'object' || o.trainingParams === null || Array.isArray(o.trainingParams))
  ) {
    throw new ParamError('trainingParams', o.trainingParams, 'an object of learning hyper-parameters', owner);
  }
  return o;
}

/**
 * scikit-learn's _check_sample_weight: null -> null (all ones); a number -> that weight for every
 * sample; an array of n finite weights >= 0, not all zero -> a Float64Array copy.
 */
export function checkSampleWeight(sw: unknown, n: number, owner: string): Float64Array | null {
  if (sw === null || sw === undefined) return null;
  if (typeof sw === 'number') {
    if (!Number.isFinite(sw) || sw <= 0)
      throw new DataError(`${owner}: sampleWeight ${sw} must be a finite number > 0`);
    return new Float64Array(n).fill(sw);
  }
  if (
    typeof sw !== 'object' ||
    typeof (sw as ArrayLike<unknown>).length !== 'number' ||
    typeof sw === 'string'
  ) {
    throw new DataError(`${owner}: sampleWeight must be an array of n numbers, got ${typeof sw}`);
  }
  const a = sw as ArrayLike<unknown>;
  if (a.length > 0 && Array.isArray(a[0])) {
    throw new DataError(`${owner}: sampleWeight must be 1-D (one weight per sample), got a nested array`);
  }
  if (a.length !== n) {
    throw new DataError(`${owner}: sampleWeight has ${a.length} values, but X has ${n} samples`);
  }
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new DataError(
        `${owner}: sampleWeight[${i}] is ${String(v)}; weights must be finite numbers >= 0`,
      );
    }
    out[i] = v;
    total += v;
  }
  if (!(total > 0))
    throw new DataError(`${owner}: sampleWeight is all zero; at least one sample must weigh > 0`);
  return out;
}

function labelArray(y: unknown, owner: string): Label[] {
  const { labels } = classifierTargets(y, { owner, maxClasses: Number.MAX_SAFE_INTEGER });
  return Array.from(labels);
}

/** `classes[idx[i]]` for every i, as a packed array (a plain loop: no callback per element). */
function mapLabels(idx: Int32Array, classes: readonly Label[]): Label[] {
  const n = idx.length;
  const out = new Array<Label>(n);
  for (let i = 0; i < n; i++) out[i] = classes[idx[i] as number] as Label;
  return out;
}

function restoreInto<T extends Classifier<object, unknown>>(
  Ctor: new (params?: never) => T,
  checkpoint: unknown,
): T {
  const ck = parseCheckpoint(checkpoint);
  const model = new Ctor();
  if (ck.model !== model.name) {
    throw new CheckpointError(`checkpoint is for model '${ck.model}', not '${model.name}'`);
  }
  model.restore(ck);
  return model;
}

/**
 * Checks a checkpoint (an object or its JSON text) and returns it typed: format, version, model name,
 * params, classes and state; anything else is a `CheckpointError` saying what is wrong.
 */
export function parseCheckpoint(checkpoint: unknown): Checkpoint {
  const ck = (
    typeof checkpoint === 'string' ? safeParse(checkpoint) : checkpoint
  ) as Partial<Checkpoint> | null;
  if (!ck || typeof ck !== 'object' || ck.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`not an autolearn checkpoint (missing format '${CHECKPOINT_FORMAT}')`);
  }
  if (ck.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `checkpoint version ${String(ck.version)} is not supported (this build reads ${CHECKPOINT_VERSION})`,
    );
  }
  if (!Array.isArray(ck.classes) || typeof ck.nFeatures !== 'number' || typeof ck.model !== 'string') {
    throw new CheckpointError('checkpoint is missing classes, nFeatures or model');
  }
  return ck as Checkpoint;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`checkpoint is not valid JSON: ${(e as Error).message}`);
  }
}
