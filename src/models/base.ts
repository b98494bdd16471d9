/**
 * The estimator contract shared by every classifier (scikit-learn's habits, the seed's MLEngine
 * names). Subclasses implement the encoded-label core (`fitEncoded`, `predictProbaEncoded`,
 * `getState`/`setState`); this class owns params, input checks, label encoding, devices,
 * evaluation and versioned checkpoints.
 */
import type { Backend, DeviceName } from '../core/backend.js';
import { type DatasetLike, isDatasetLike, type Label, type PartName } from '../core/data.js';
import { getBackend, resolveDevice } from '../core/devices.js';
import { CheckpointError, DataError, DeviceError, NotFittedError } from '../core/errors.js';
import { encodeLabels } from '../core/labels.js';
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
}

export interface EvaluateOptions {
  /** Which part of a Dataset to evaluate on (default 'test'). */
  readonly on?: PartName;
}

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

  /** Validated params with defaults filled in (throws ParamError on a bad value). */
  getParams(): P {
    if (!this.resolved) this.resolved = resolveParams<P>(this.paramSpecs, this.given, this.name);
    return this.resolved;
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
   * `fit(X, y)` or, as in the seed, `fit(dataset, trainingHyperparams?, loss?, optimizer?, logger?)`
   * (trains on the dataset's train part). Returns this.
   */
  async fit(
    data: MatrixLike | DatasetLike,
    yOrTraining?: readonly Label[] | ArrayLike<number> | Record<string, unknown>,
    loss?: unknown,
    optimizer?: unknown,
    logger?: TrainingLogger,
  ): Promise<this> {
    let X: Matrix;
    let labels: readonly Label[] | ArrayLike<number>;
    let trainingParams: Record<string, unknown> = {};
    if (isDatasetLike(data)) {
      const part = data.part('train');
      X = part.X;
      labels = Array.from(part.y, (i) => part.classes[i] as Label);
      trainingParams = (yOrTraining as Record<string, unknown> | undefined) ?? {};
    } else {
      X = toMatrix(data);
      if (yOrTraining === undefined) throw new DataError('fit(X, y): y is missing');
      labels = yOrTraining as readonly Label[] | ArrayLike<number>;
    }
    const params = this.getParams();
    void params;
    if (X.rows === 0) throw new DataError(`${this.name}.fit: X is empty (0 samples)`);
    if (X.cols === 0) throw new DataError(`${this.name}.fit: X has 0 features`);
    if (labels.length !== X.rows) {
      throw new DataError(`${this.name}.fit: X has ${X.rows} rows but y has ${labels.length} labels`);
    }
    assertFinite(X, 'X');
    const { classes, y } = encodeLabels(labels);
    if (classes.length < 2) {
      throw new DataError(
        `${this.name}.fit: y has a single class (${String(classes[0])}); a classifier needs at least 2`,
      );
    }
    const backend = await this.getBackendInstance();
    this.classes = null;
    await this.fitEncoded(X, y, classes.length, { backend, trainingParams, loss, optimizer, logger });
    this.classes = classes;
    this.nFeatures = X.cols;
    return this;
  }

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
    this.getParams();
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
