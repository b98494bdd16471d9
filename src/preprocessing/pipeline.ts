/**
 * Pipeline: preprocessing steps then a final estimator, fitted together on training rows and saved
 * in one checkpoint (scikit-learn's Pipeline / make_pipeline). `predict` takes raw rows: numbers,
 * and text for an encoder.
 */
import type { Label } from '../core/data.js';
import { isDatasetLike } from '../core/data.js';
import { CheckpointError, DataError, NotFittedError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { type ClassificationReport, classificationReport } from '../metrics/report.js';
import { accuracyScore } from '../metrics/scores.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint, parseCheckpoint } from '../models/base.js';
import { loadCheckpoint as loadModelCheckpoint } from '../models/load-checkpoint.js';
import { uniqueNames } from './column-transformer.js';
import {
  type Data,
  type DataLike,
  type Decision,
  isTransformer,
  type Table,
  type Transformer,
  type TransformerFitOptions,
  type TransformerState,
  toNumeric,
} from './data.js';
import { extraStepLoaders, transformerFromState } from './registry.js';

/** What a Pipeline's final step must offer (every autolearn classifier does). */
export interface PipelineEstimator {
  readonly name: string;
  readonly classes: Label[] | null;
  readonly isFitted: boolean;
  fit(X: Matrix, y: readonly Label[] | ArrayLike<number>, ...rest: never[]): Promise<unknown> | unknown;
  predict(X: Matrix): Promise<Label[]>;
  predictProba?(X: Matrix): Promise<Matrix>;
  predictLogProba?(X: Matrix): Promise<Matrix>;
  decisionFunction?(X: Matrix): Promise<Decision>;
  score?(X: Matrix, y: readonly Label[]): Promise<number> | number;
  getParams(): object;
  saveCheckpoint?(): Checkpoint;
}

export type PipelineStep = Transformer | PipelineEstimator;
export type NamedStep = readonly [string, PipelineStep];

/** What `Pipeline.fit` reads from a Dataset (src/datasets' Dataset has it all). */
export interface PipelineDataset {
  readonly isDataset: true;
  readonly featureNames?: readonly string[];
  readonly isTable?: boolean;
  readonly isSplit?: boolean;
  tablePart?(which: 'train' | 'test' | 'validation' | 'all'): {
    X: Table;
    y: Int32Array;
    classes: readonly Label[];
    featureNames: readonly string[];
  };
  rawPart?(which: 'train' | 'test' | 'validation' | 'all'): {
    X: Matrix;
    y: Int32Array;
    classes: readonly Label[];
    featureNames: readonly string[];
  };
  part(which: 'train' | 'test' | 'validation' | 'all'): {
    X: Matrix;
    y: Int32Array;
    classes: readonly Label[];
    featureNames: readonly string[];
  };
}

/** The Pipeline's checkpoint `state`. */
export interface PipelineState {
  readonly steps: { name: string; state: TransformerState }[];
  readonly final: { name: string; checkpoint: Checkpoint } | { name: string; state: TransformerState };
}

function stepName(s: PipelineStep): string {
  return s.name.toLowerCase();
}

/**
 * An unfitted copy (scikit-learn's clone): `clone()` when the object has one, else its constructor
 * called with `getParams()` (and the same compute device).
 *
 * @example
 * ```ts
 * import { cloneStep, SVC } from 'autolearn';
 *
 * const fittedSvc = await new SVC({ C: 10 }).fit([[0, 0], [1, 1]], [0, 1]);
 * const fresh = cloneStep(fittedSvc); // same params (C: 10), not fitted
 * ```
 */
export function cloneStep<T extends object>(s: T): T {
  const c = s as {
    clone?: () => T;
    getParams?: () => object;
    computeDevice?: string;
    setUp?: (p: object, d?: string) => unknown;
  };
  if (typeof c.clone === 'function') return c.clone();
  if (typeof c.getParams === 'function') {
    const Ctor = s.constructor as new (p: object) => T;
    const copy = new Ctor({ ...c.getParams() });
    const dev = c.computeDevice;
    if (dev && dev !== 'cpu' && typeof (copy as typeof c).setUp === 'function')
      (copy as typeof c).setUp!({}, dev);
    return copy;
  }
  throw new ParamError('estimator', s, 'an object with clone() or getParams()', 'clone');
}

/**
 * Sets params on a step: `setParams` when it has one, else the seed's `setUp(hyperparams)`.
 *
 * @example
 * ```ts
 * import { setStepParams, SVC } from 'autolearn';
 *
 * const svc = new SVC();
 * setStepParams(svc, { C: 10 });
 * ```
 */
export function setStepParams(s: object, params: Record<string, unknown>): void {
  const c = s as { setParams?: (p: object) => unknown; setUp?: (p: object) => unknown };
  if (typeof c.setParams === 'function') c.setParams(params);
  else if (typeof c.setUp === 'function') c.setUp(params);
  else throw new ParamError('params', params, 'an estimator with setParams() or setUp()', 'setParams');
}

/**
 * Named preprocessing steps followed by a final estimator (or transformer). `fit` fits each step on
 * the training rows only and feeds its output to the next; `predict`, `predictProba`,
 * `decisionFunction` and `score` run raw rows through the fitted steps first. Parameters of the
 * steps read and write as `<step>__<param>` (e.g. `svc__C`), so a Pipeline can be grid-searched;
 * `saveCheckpoint()` holds the steps' states and the final model's checkpoint in one object.
 *
 * @example
 * ```ts
 * import { Pipeline, StandardScaler, SVC } from 'autolearn';
 *
 * const rawRows = [[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [6.4, 3.2, 4.5, 1.5], [6.9, 3.1, 4.9, 1.5]];
 * const labels = ['setosa', 'setosa', 'versicolor', 'versicolor'];
 * const pipe = new Pipeline([
 *   ['scaler', new StandardScaler()],
 *   ['svc', new SVC({ C: 10 })],
 * ]);
 * await pipe.fit(rawRows, labels);
 * await pipe.predict([[5.1, 3.5, 1.4, 0.2]]); // ['setosa']
 * const back = Pipeline.loadCheckpoint(JSON.stringify(pipe.saveCheckpoint()));
 * ```
 */
export class Pipeline implements Transformer {
  readonly name = 'Pipeline';
  readonly steps: NamedStep[];
  private featureNamesIn: readonly string[] | null = null;
  private width = 0;

  constructor(steps: readonly NamedStep[]) {
    if (!Array.isArray(steps) || steps.length === 0)
      throw new ParamError('steps', steps, 'a non-empty array of [name, step]', 'Pipeline');
    const names = new Set<string>();
    steps.forEach((s, k) => {
      if (!Array.isArray(s) || typeof s[0] !== 'string' || typeof s[1] !== 'object' || s[1] === null)
        throw new ParamError('steps', s, '[name, step] pairs', 'Pipeline');
      if (s[0].includes('__') || s[0] === '')
        throw new ParamError('steps', s[0], "a non-empty name without '__'", 'Pipeline');
      if (names.has(s[0])) throw new ParamError('steps', s[0], 'unique step names', 'Pipeline');
      names.add(s[0]);
      if (k < steps.length - 1 && !isTransformer(s[1])) {
        throw new ParamError(
          'steps',
          s[0],
          'a transformer (every step but the last must have fitTransform/transform)',
          'Pipeline',
        );
      }
    });
    this.steps = steps.map(([n, s]) => [n, s] as const);
  }

  /** The step objects by name. */
  get namedSteps(): Record<string, PipelineStep> {
    return Object.fromEntries(this.steps);
  }

  /** The last step. */
  get finalStep(): PipelineStep {
    return (this.steps[this.steps.length - 1] as NamedStep)[1];
  }

  private get transformers(): Transformer[] {
    return this.steps.slice(0, -1).map(([, s]) => s as Transformer);
  }

  get isFitted(): boolean {
    return this.steps.every(([, s]) => s.isFitted);
  }

  /** Columns of the raw input seen at fit (0 before fit). */
  get nFeaturesIn(): number {
    if (this.width) return this.width;
    const first = this.steps[0]?.[1] as { nFeaturesIn?: number; nFeatures?: number };
    return first.nFeaturesIn ?? first.nFeatures ?? 0;
  }

  /** The final estimator's classes (null before fit). */
  get classes(): Label[] | null {
    const f = this.finalStep as { classes?: Label[] | null };
    return f.classes ?? null;
  }

  /** Every step's parameters as `<step>__<param>`. */
  getParams(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, s] of this.steps) {
      for (const [k, v] of Object.entries(s.getParams() as Record<string, unknown>)) out[`${name}__${k}`] = v;
    }
    return out;
  }

  /** Sets step parameters given as `<step>__<param>` (e.g. `{ svc__C: 10 }`). Returns this. */
  setParams(params: Record<string, unknown>): this {
    const byStep = new Map<string, Record<string, unknown>>();
    for (const [k, v] of Object.entries(params)) {
      const cut = k.indexOf('__');
      const step = cut > 0 ? k.slice(0, cut) : '';
      if (!this.steps.some(([n]) => n === step)) {
        throw new ParamError(
          k,
          v,
          `<step>__<param> with a step among ${this.steps.map(([n]) => n).join(', ')}`,
          'Pipeline',
        );
      }
      const bag = byStep.get(step) ?? {};
      bag[k.slice(cut + 2)] = v;
      byStep.set(step, bag);
    }
    for (const [step, p] of byStep) setStepParams(this.namedSteps[step] as object, p);
    return this;
  }

  /** An unfitted copy (every step cloned). */
  clone(): Pipeline {
    return new Pipeline(this.steps.map(([n, s]) => [n, cloneStep(s)] as const));
  }

  /**
   * Fits every step on the training rows: `fit(X, y)` with raw rows (numbers, text, missing), or
   * `fit(dataset)` (its unscaled training part, or every row of a Dataset that is not split; raw
   * rows with text for a Dataset loaded with `keepText`). Extra arguments go to the final estimator's fit.
   * Returns this.
   */
  async fit(
    X: DataLike | PipelineDataset,
    y?: readonly Label[] | ArrayLike<number>,
    ...fitArgs: unknown[]
  ): Promise<this> {
    let data: DataLike;
    let labels: readonly Label[] | ArrayLike<number>;
    let featureNames: readonly string[] | undefined;
    if (isDatasetLike(X)) {
      const ds = X as PipelineDataset;
      // the training part (all rows of a Dataset that is not split)
      const which = ds.isSplit === false ? 'all' : 'train';
      const part =
        ds.isTable && typeof ds.tablePart === 'function'
          ? ds.tablePart(which)
          : typeof ds.rawPart === 'function'
            ? ds.rawPart(which)
            : ds.part(which);
      data = part.X;
      labels = Array.from(part.y, (i) => part.classes[i] as Label);
      featureNames = part.featureNames;
    } else {
      if (y === undefined) throw new DataError('Pipeline.fit(X, y): y is missing');
      data = X as DataLike;
      labels = y;
    }
    const Xt = this.fitSteps(data, labels, { featureNames });
    const final = this.finalStep;
    if (isTransformer(final)) final.fitTransform(Xt, labels, { featureNames: undefined });
    else await (final.fit as (...a: unknown[]) => unknown)(toNumeric(Xt, 'Pipeline'), labels, ...fitArgs);
    return this;
  }

  /** Fits the steps (all but the last) and returns the training rows transformed. */
  private fitSteps(X: DataLike, y: unknown, options: TransformerFitOptions): Data {
    let Xt: DataLike = X;
    for (const t of this.transformers) Xt = t.fitTransform(Xt, y, options);
    this.featureNamesIn = options.featureNames ?? null;
    this.width = Array.isArray(X) ? ((X[0] as unknown[] | undefined)?.length ?? 0) : (X as Matrix).cols;
    return Xt as Data;
  }

  /** Raw rows through the fitted steps (all but the last), as the final estimator's input. */
  transformSteps(X: DataLike): Matrix {
    if (!this.isFitted) throw new NotFittedError('Pipeline');
    let Xt: DataLike = X;
    for (const t of this.transformers) Xt = t.transform(Xt);
    return toNumeric(Xt, 'Pipeline');
  }

  private estimator(method: string): PipelineEstimator {
    const f = this.finalStep;
    if (isTransformer(f) || typeof (f as unknown as Record<string, unknown>)[method] !== 'function') {
      throw new ParamError('steps', f.name, `a final estimator with ${method}()`, 'Pipeline');
    }
    return f as PipelineEstimator;
  }

  /** Predicted labels for raw rows. */
  async predict(X: DataLike): Promise<Label[]> {
    return this.estimator('predict').predict(this.transformSteps(X));
  }

  /** Class probabilities for raw rows (one column per entry of `classes`). */
  async predictProba(X: DataLike): Promise<Matrix> {
    const e = this.estimator('predictProba');
    return (e.predictProba as (X: Matrix) => Promise<Matrix>).call(e, this.transformSteps(X));
  }

  /** Log class probabilities for raw rows. */
  async predictLogProba(X: DataLike): Promise<Matrix> {
    const f = this.finalStep as PipelineEstimator;
    if (typeof f.predictLogProba === 'function') return f.predictLogProba(this.transformSteps(X));
    const p = await this.predictProba(X);
    return { rows: p.rows, cols: p.cols, data: p.data.map(Math.log) };
  }

  /** The final estimator's decision function on raw rows. */
  async decisionFunction(X: DataLike): Promise<Decision> {
    const e = this.estimator('decisionFunction');
    return (e.decisionFunction as (X: Matrix) => Promise<Decision>).call(e, this.transformSteps(X));
  }

  /** The final estimator's score (accuracy for classifiers) on raw rows. */
  async score(X: DataLike, y: readonly Label[]): Promise<number> {
    const e = this.estimator('predict');
    const Xt = this.transformSteps(X);
    if (typeof e.score === 'function') return e.score(Xt, y);
    return accuracyScore(y, await e.predict(Xt));
  }

  /**
   * Precision, recall, F1, accuracy and confusion matrix of the pipeline's predictions, on a
   * Dataset part (default 'test'; its raw rows) or on `{ X, y }` with raw rows.
   */
  async evaluate(
    data: PipelineDataset | { readonly X: DataLike; readonly y: readonly Label[] },
    options: { readonly on?: 'train' | 'test' | 'validation' | 'all' } = {},
  ): Promise<ClassificationReport> {
    let X: DataLike;
    let yTrue: Label[];
    if (isDatasetLike(data)) {
      const ds = data as PipelineDataset;
      const on = options.on ?? 'test';
      const part =
        ds.isTable && typeof ds.tablePart === 'function'
          ? ds.tablePart(on)
          : typeof ds.rawPart === 'function'
            ? ds.rawPart(on)
            : ds.part(on);
      X = part.X;
      yTrue = Array.from(part.y, (i) => part.classes[i] as Label);
    } else {
      const d = data as { X: DataLike; y: readonly Label[] };
      X = d.X;
      yTrue = [...d.y];
    }
    const yPred = await this.predict(X);
    return classificationReport(yTrue, yPred, {
      labels: [...new Set<Label>([...(this.classes ?? []), ...yTrue])],
    });
  }

  /** Transformer-only pipelines: fit every step and return the output (sync). */
  fitTransform(X: DataLike, y?: unknown, options: TransformerFitOptions = {}): Data {
    const f = this.finalStep;
    if (!isTransformer(f))
      throw new ParamError('steps', f.name, 'a transformer as the last step (for fitTransform)', 'Pipeline');
    return f.fitTransform(this.fitSteps(X, y, options), y);
  }

  /**
   * Transformer-only pipelines: raw rows through every step (text kept between steps, as in
   * fitTransform: an imputer may hand text on to an encoder).
   */
  transform(X: DataLike): Data {
    const f = this.finalStep;
    if (!isTransformer(f))
      throw new ParamError('steps', f.name, 'a transformer as the last step (for transform)', 'Pipeline');
    if (!this.isFitted) throw new NotFittedError('Pipeline');
    let Xt: DataLike = X;
    for (const t of this.transformers) Xt = t.transform(Xt);
    return f.transform(Xt);
  }

  /** Transformer-only pipelines: the steps' states (for a ColumnTransformer entry). */
  getState(): TransformerState {
    if (!isTransformer(this.finalStep)) {
      throw new ParamError(
        'steps',
        this.finalStep.name,
        'a transformer as the last step; use saveCheckpoint()',
        'Pipeline',
      );
    }
    return {
      type: 'Pipeline',
      params: {},
      steps: this.steps.map(([name, s]) => ({ name, state: (s as Transformer).getState() })),
    };
  }

  /** One checkpoint: the steps' fitted states and the final model's own checkpoint. */
  saveCheckpoint(): Checkpoint<PipelineState> {
    if (!this.isFitted) throw new NotFittedError('Pipeline');
    const [finalName, f] = this.steps[this.steps.length - 1] as NamedStep;
    let final: PipelineState['final'];
    if (isTransformer(f)) final = { name: finalName, state: f.getState() };
    else if (typeof f.saveCheckpoint === 'function')
      final = { name: finalName, checkpoint: f.saveCheckpoint() };
    else throw new ParamError('steps', f.name, 'a final estimator with saveCheckpoint()', 'Pipeline');
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      model: 'Pipeline',
      params: { steps: this.steps.map(([n, s]) => `${n}:${s.name}`), featureNames: this.featureNamesIn },
      classes: [...(this.classes ?? [])],
      nFeatures: this.nFeaturesIn,
      device: 'cpu',
      state: {
        steps: this.transformers.map((t, k) => ({
          name: (this.steps[k] as NamedStep)[0],
          state: t.getState(),
        })),
        final,
      },
    };
  }

  /** Same as `saveCheckpoint()`, for JSON.stringify. */
  toJSON(): Checkpoint<PipelineState> {
    return this.saveCheckpoint();
  }

  /** Rebuilds a fitted Pipeline from `saveCheckpoint()` output or its JSON text. */
  static loadCheckpoint(checkpoint: unknown): Pipeline {
    const ck = parseCheckpoint(checkpoint);
    if (ck.model !== 'Pipeline')
      throw new CheckpointError(`checkpoint is for model '${ck.model}', not 'Pipeline'`);
    const st = ck.state as PipelineState | null;
    if (!st || !Array.isArray(st.steps) || typeof st.final !== 'object' || st.final === null) {
      throw new CheckpointError('Pipeline checkpoint: state.steps and state.final are required');
    }
    const steps: NamedStep[] = st.steps.map(
      (s) => [s.name, wrap(() => transformerFromState(s.state))] as const,
    );
    const f = st.final;
    const last =
      'checkpoint' in f
        ? (wrap(() => loadAnyCheckpoint(f.checkpoint)) as PipelineStep)
        : wrap(() => transformerFromState(f.state));
    const pipe = new Pipeline([...steps, [f.name, last]]);
    pipe.width = ck.nFeatures;
    const names = (ck.params as { featureNames?: unknown }).featureNames;
    pipe.featureNamesIn = Array.isArray(names) ? (names as string[]) : null;
    return pipe;
  }

  /** Alias of `loadCheckpoint`. */
  static fromJSON(json: unknown): Pipeline {
    return Pipeline.loadCheckpoint(json);
  }
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(`Pipeline checkpoint: ${(e as Error).message}`);
  }
}

/**
 * Loads any checkpoint autolearn writes: a Pipeline's, or any built-in model's (the class is chosen
 * from the checkpoint itself).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { loadCheckpoint } from 'autolearn';
 *
 * const model = loadCheckpoint(await readFile('model.json', 'utf8'));
 * await model.predict([[5.1, 3.5, 1.4, 0.2]]);
 * ```
 */
export function loadAnyCheckpoint(checkpoint: unknown): Pipeline | ReturnType<typeof loadModelCheckpoint> {
  const ck = parseCheckpoint(checkpoint);
  if (ck.model === 'Pipeline') return Pipeline.loadCheckpoint(ck);
  return loadModelCheckpoint(ck);
}

/**
 * A Pipeline whose step names are the steps' class names, lower-cased (scikit-learn's
 * make_pipeline): `makePipeline(new StandardScaler(), new SVC())` names them 'standardscaler' and
 * 'svc', so its grid parameters read `svc__C`.
 *
 * @example
 * ```ts
 * import { makePipeline, StandardScaler, SVC } from 'autolearn';
 *
 * const rawRows = [[1, 200], [2, 180], [8, 20], [9, 40]];
 * const labels = ['low', 'low', 'high', 'high'];
 * const pipe = makePipeline(new StandardScaler(), new SVC()); // steps 'standardscaler', 'svc'
 * await pipe.fit(rawRows, labels);
 * ```
 */
export function makePipeline(...steps: PipelineStep[]): Pipeline {
  const names = uniqueNames(steps.map(stepName));
  return new Pipeline(steps.map((s, k) => [names[k] as string, s] as const));
}

extraStepLoaders.set('Pipeline', (state) => {
  const s = state as unknown as { steps?: { name: string; state: TransformerState }[] };
  if (!Array.isArray(s.steps) || s.steps.length === 0)
    throw new DataError('Pipeline state: steps are required');
  return new Pipeline(s.steps.map((e) => [e.name, transformerFromState(e.state)] as const));
});
