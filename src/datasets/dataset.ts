/**
 * Dataset (the seed's MLEngine Dataset): `setUp(pipeline)` names where rows come from, `load()`
 * drains the pipeline into a dense matrix plus encoded labels, `split()` makes seeded (stratified)
 * train / validation / test parts, and an optional scaler is fitted on the training part only.
 * Models read it through `part('train' | 'test' | 'validation' | 'all')`.
 */
import type { DatasetLike, Label, LabeledData, PartName } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { encodeLabels } from '../core/labels.js';
import { type Matrix, type MatrixLike, takeRows, toMatrix } from '../core/matrix.js';
import { type CollectedData, collectRows, type RowLike } from '../pipeline/collect.js';
import type { LabelType } from '../pipeline/matrix-builder.js';
import type { AnyIterable } from '../pipeline/task.js';
import { type Cell, toTable } from '../preprocessing/data.js';
import { Pipeline, type PipelineEstimator } from '../preprocessing/pipeline.js';
import { makeScaler, Scaler, type ScalerName } from './scalers.js';
import { checkSplitOptions, type SplitIndices, type SplitOptions, splitIndices } from './split.js';

/** One pre-processing step as the seed's catalog lists it. */
export interface PreProcessingStep {
  readonly step: number;
  readonly computation: string;
}

/** A dataset as a seed catalog `data_lake` entry. */
export interface DataLakeEntry {
  dataset_name: string;
  dataset_task: DatasetTask;
  dataset_description: string;
  features: string[];
  label: string[];
  n_record: number;
  pre_processing: PreProcessingStep[];
}

/** The `data_lake` entry of a dataset's description (arrays and steps copied). */
export function dataLakeEntry(d: {
  readonly name: string;
  readonly task: DatasetTask;
  readonly description: string;
  readonly features: readonly string[];
  readonly label: string;
  readonly nRecords: number;
  readonly preProcessing: readonly PreProcessingStep[];
}): DataLakeEntry {
  return {
    dataset_name: d.name,
    dataset_task: d.task,
    dataset_description: d.description,
    features: [...d.features],
    label: [d.label],
    n_record: d.nRecords,
    pre_processing: d.preProcessing.map((s) => ({ ...s })),
  };
}

export type DatasetTask = 'classification';

/**
 * What `setUp` accepts: a pipe (any sync/async iterable of `{ values, label }` rows, e.g.
 * `csvRows(f).pipe(parseNumericRows())`), or a function returning a fresh pipe or an already
 * collected `{ X, y, classes, featureNames }` (bulk loaders). A function can be loaded again.
 */
export type DatasetSource =
  | AnyIterable<RowLike>
  | (() => AnyIterable<RowLike> | CollectedData | Promise<AnyIterable<RowLike> | CollectedData>);

export interface DatasetInfo {
  readonly name: string;
  readonly description?: string;
  /** Feature names (default: from the pipeline's rows, or f0..f{d-1}). */
  readonly featureNames?: readonly string[];
  /** Name of the label column (default 'label'). */
  readonly labelName?: string;
  /** Extra steps applied before autolearn's own (e.g. by the pipeline), listed first. */
  readonly preProcessing?: readonly PreProcessingStep[];
  /** Scaler fitted on the training part: 'standard', 'minmax', an instance, or null (default). */
  readonly scaler?: ScalerName | Scaler | null;
}

export interface SetUpOptions {
  /** Expected number of rows (the matrix is allocated once). */
  readonly sizeHint?: number;
  readonly labelType?: LabelType;
}

function isCollected(x: unknown): x is CollectedData {
  const c = x as CollectedData;
  return (
    typeof x === 'object' &&
    x !== null &&
    c.y instanceof Int32Array &&
    Array.isArray(c.classes) &&
    typeof c.X === 'object'
  );
}

/**
 * A labeled dataset with named features and classes, split into seeded train / test (/ validation)
 * parts and scaled on its training part; models fit and evaluate on it directly, and `transform` applies
 * the same scaling to new samples.
 *
 * @example
 * ```ts
 * import { loadIris } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 1 } });
 * const train = iris.part('train');
 * console.log(train.X.rows, iris.classes, iris.splitSettings);
 * console.log(iris.transform([[5.1, 3.5, 1.4, 0.2]]).data);
 * ```
 */
export class Dataset implements DatasetLike {
  readonly isDataset = true as const;
  readonly task: DatasetTask = 'classification';
  readonly name: string;
  description: string;
  labelName: string;
  private readonly extraSteps: readonly PreProcessingStep[];
  private source: DatasetSource | null = null;
  private setUpOptions: SetUpOptions = {};
  private X: Matrix | null = null;
  private y: Int32Array | null = null;
  private _classes: Label[] = [];
  private _featureNames: readonly string[];
  private splitOptions: SplitOptions | null = null;
  private indices: SplitIndices | null = null;
  private scalerSpec: ScalerName | Scaler | null;
  private fittedScaler: Scaler | null = null;
  private readonly parts = new Map<PartName, LabeledData>();
  /** Raw rows with text / missing cells (CSV files loaded with keepText), null otherwise. */
  private table: Cell[][] | null = null;
  private _textColumns: string[] = [];

  constructor(info: DatasetInfo) {
    if (typeof info?.name !== 'string' || info.name === '')
      throw new ParamError('name', info?.name, 'a non-empty string', 'Dataset');
    this.name = info.name;
    this.description = info.description ?? '';
    this.labelName = info.labelName ?? 'label';
    this._featureNames = info.featureNames ?? [];
    this.extraSteps = info.preProcessing ?? [];
    this.scalerSpec = info.scaler ?? null;
    if (typeof this.scalerSpec === 'string') makeScaler(this.scalerSpec);
  }

  /** A loaded dataset from a matrix (or number[][]) and labels. */
  static fromArrays(X: MatrixLike, labels: readonly Label[] | ArrayLike<number>, info: DatasetInfo): Dataset {
    const m = toMatrix(X);
    if (labels.length !== m.rows)
      throw new DataError(`Dataset '${info.name}': X has ${m.rows} rows but ${labels.length} labels`);
    const { classes, y } = encodeLabels(labels);
    return new Dataset(info).setData({
      X: m,
      y,
      classes,
      featureNames: info.featureNames ?? defaultNames(m.cols),
    });
  }

  /** Seed MLEngine: sets the loading pipeline (see DatasetSource). Returns this. */
  setUp(pipeline: DatasetSource, options: SetUpOptions = {}): this {
    this.source = pipeline;
    this.setUpOptions = options;
    return this;
  }

  /** Drains the pipeline into the dense matrix and label vector. Returns this. */
  async load(): Promise<this> {
    if (this.source === null)
      throw new DataError(`Dataset '${this.name}' has no pipeline: call setUp(pipeline) first`);
    let src: unknown = this.source;
    if (typeof src === 'function') src = await (src as () => unknown)();
    const data = isCollected(src)
      ? src
      : await collectRows(src as AnyIterable<RowLike>, {
          sizeHint: this.setUpOptions.sizeHint,
          labelType: this.setUpOptions.labelType,
        });
    return this.setData(data);
  }

  /**
   * Replaces the data with raw rows that may hold text (for a OneHotEncoder) and missing cells (null,
   * for a SimpleImputer). Such a Dataset feeds Pipelines (`tablePart`, `pipeline(model).fit(ds)`);
   * `part()` refuses text columns. Returns this.
   */
  setTable(
    rows: readonly (readonly Cell[])[],
    labels: readonly Label[],
    featureNames: readonly string[],
  ): this {
    if (rows.length !== labels.length)
      throw new DataError(`Dataset '${this.name}': ${rows.length} rows but ${labels.length} labels`);
    const d = featureNames.length;
    const text = new Array<boolean>(d).fill(false);
    const data = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      if (r.length !== d)
        throw new DataError(`Dataset '${this.name}': row ${i} has ${r.length} cells, expected ${d}`);
      for (let j = 0; j < d; j++) {
        const c = r[j];
        if (typeof c === 'string') text[j] = true;
        data[i * d + j] = typeof c === 'number' ? c : Number.NaN;
      }
    });
    const { classes, y } = encodeLabels(labels);
    this.setData({ X: { rows: rows.length, cols: d, data }, y, classes, featureNames: [...featureNames] });
    this._featureNames = [...featureNames];
    this.table = rows.map((r) => [...r]);
    this._textColumns = featureNames.filter((_, j) => text[j]);
    return this;
  }

  /** Names of the feature columns holding text (empty unless loaded with text kept). */
  get textColumns(): readonly string[] {
    return this._textColumns;
  }

  /** True when the Dataset holds raw rows (text or missing cells kept), see `tablePart`. */
  get isTable(): boolean {
    return this.table !== null;
  }

  /** A part as raw rows (text and missing cells kept): what a Pipeline with encoders fits on. */
  tablePart(which: PartName): {
    X: Cell[][];
    y: Int32Array;
    classes: readonly Label[];
    featureNames: readonly string[];
  } {
    const { y } = this.data();
    const rows = this.table ?? toTable(this.X as Matrix, this.name);
    let idx: ArrayLike<number>;
    if (which === 'all') idx = Int32Array.from({ length: y.length }, (_, i) => i);
    else if (which === 'train' || which === 'test' || which === 'validation') {
      if (this.splitOptions === null)
        throw new DataError(
          `Dataset '${this.name}' has no '${which}' part: call split({ test, seed }) first (or use 'all')`,
        );
      idx = this.splitIndices()[which];
    } else {
      throw new ParamError('part', which, "'train', 'test', 'validation' or 'all'", `Dataset '${this.name}'`);
    }
    return {
      X: Array.from(idx, (i) => rows[i] as Cell[]),
      y: Int32Array.from(idx, (i) => y[i] as number),
      classes: this._classes,
      featureNames: this._featureNames,
    };
  }

  /** Replaces the data (already encoded). Returns this. */
  setData(data: CollectedData): this {
    this.table = null;
    this._textColumns = [];
    if (data.X.rows !== data.y.length)
      throw new DataError(`Dataset '${this.name}': X has ${data.X.rows} rows, y has ${data.y.length}`);
    if (data.X.rows === 0) throw new DataError(`Dataset '${this.name}' is empty`);
    if (data.classes.length === 0) throw new DataError(`Dataset '${this.name}' has no labels`);
    this.X = data.X;
    this.y = data.y;
    this._classes = [...data.classes];
    const given = this._featureNames.length === data.X.cols ? this._featureNames : null;
    this._featureNames =
      given ?? (data.featureNames.length === data.X.cols ? data.featureNames : defaultNames(data.X.cols));
    this.invalidate(true);
    return this;
  }

  get isLoaded(): boolean {
    return this.X !== null;
  }

  /** Sorted class labels; `y` values index this list. */
  get classes(): readonly Label[] {
    return this._classes;
  }

  get featureNames(): readonly string[] {
    return this._featureNames;
  }

  get nRecords(): number {
    return this.X?.rows ?? 0;
  }

  get nFeatures(): number {
    return this.X?.cols ?? this._featureNames.length;
  }

  /** Records per class (same order as `classes`). */
  classCounts(): Int32Array {
    const y = this.data().y;
    const counts = new Int32Array(this._classes.length);
    for (let i = 0; i < y.length; i++) counts[y[i] as number]++;
    return counts;
  }

  /**
   * Seeded split into train / test (and validation when `validation > 0`); stratified by class
   * unless `stratify: false`. Deterministic per seed. May be called before `load()`. Returns this.
   */
  split(options: SplitOptions): this {
    checkSplitOptions(options); // a bad fraction fails here, not at the first part()
    this.splitOptions = { ...options };
    this.invalidate(true);
    return this;
  }

  get isSplit(): boolean {
    return this.splitOptions !== null;
  }

  /** The split's options, or null before `split()`. */
  get splitSettings(): SplitOptions | null {
    return this.splitOptions;
  }

  /** Row indices of each part (after `split()` and `load()`). */
  splitIndices(): SplitIndices {
    const { y } = this.data();
    if (this.splitOptions === null)
      throw new DataError(`Dataset '${this.name}' is not split: call split({ test, seed }) first`);
    if (this.indices === null) this.indices = splitIndices(y.length, this.splitOptions, y);
    return this.indices;
  }

  /** Chooses the scaler fitted on the training part ('standard', 'minmax', an instance, or null). */
  setScaler(scaler: ScalerName | Scaler | null): this {
    if (typeof scaler === 'string') makeScaler(scaler);
    else if (scaler !== null && !(scaler instanceof Scaler)) {
      throw new ParamError('scaler', scaler, "'standard', 'minmax', a Scaler or null", 'Dataset');
    }
    this.scalerSpec = scaler;
    this.invalidate(false);
    return this;
  }

  /** The scaler fitted on the training part (on all rows before a split), or null without one. */
  get scaler(): Scaler | null {
    if (this.scalerSpec === null) return null;
    if (this.fittedScaler === null) {
      const { X } = this.data();
      const s = typeof this.scalerSpec === 'string' ? makeScaler(this.scalerSpec) : this.scalerSpec;
      s.fit(this.splitOptions === null ? X : takeRows(X, this.splitIndices().train));
      this.fittedScaler = s;
    }
    return this.fittedScaler;
  }

  /** A part of the data, scaled by the train-fitted scaler when one is set. */
  part(which: PartName): LabeledData {
    const cached = this.parts.get(which);
    if (cached) return cached;
    const raw = this.rawPart(which);
    const scaler = this.scaler;
    const px =
      scaler === null ? raw.X : scaler.transformInPlace({ ...raw.X, data: Float64Array.from(raw.X.data) });
    const part: LabeledData = { ...raw, X: px };
    this.parts.set(which, part);
    return part;
  }

  /**
   * A part of the data as loaded, without the scaler (what a Pipeline fits on: its own scaler step
   * then learns the same statistics from the training part). Do not modify the returned matrix.
   */
  rawPart(which: PartName): LabeledData {
    if (this._textColumns.length) {
      throw new DataError(
        `Dataset '${this.name}' has text columns (${this._textColumns.join(', ')}): encode them in a Pipeline, e.g. makePipeline(new ColumnTransformer([...OneHotEncoder...]), model).fit(dataset), or read tablePart()`,
      );
    }
    const { X, y } = this.data();
    let px: Matrix;
    let py: Int32Array;
    if (which === 'all') {
      px = X;
      py = y;
    } else if (which === 'train' || which === 'test' || which === 'validation') {
      if (this.splitOptions === null) {
        throw new DataError(
          `Dataset '${this.name}' has no '${which}' part: call split({ test, seed }) first (or use part('all'))`,
        );
      }
      const idx = this.splitIndices()[which];
      if (idx.length === 0)
        throw new DataError(`Dataset '${this.name}' has no validation part: split with validation > 0`);
      px = takeRows(X, idx);
      py = Int32Array.from(idx, (i) => y[i] as number);
    } else {
      throw new ParamError('part', which, "'train', 'test', 'validation' or 'all'", `Dataset '${this.name}'`);
    }
    return { X: px, y: py, classes: this._classes, featureNames: this._featureNames };
  }

  /**
   * The Dataset's preprocessing as Pipeline steps followed by `model`: `[['scaler', <the
   * train-fitted scaler>], ['model', model]]` (just the model without a scaler). When `model` was
   * fitted on this Dataset the Pipeline is fitted too: it predicts raw rows and its checkpoint
   * carries the scaler. Otherwise `await pipeline.fit(dataset)` trains it on the raw training part.
   */
  pipeline<M extends PipelineEstimator>(model: M): Pipeline {
    const s = this.scalerSpec === null ? null : model.isFitted ? this.scaler : this.unfittedScaler();
    return new Pipeline(
      s === null
        ? [['model', model]]
        : [
            ['scaler', s],
            ['model', model],
          ],
    );
  }

  private unfittedScaler(): Scaler {
    const spec = this.scalerSpec as ScalerName | Scaler;
    return typeof spec === 'string' ? makeScaler(spec) : spec.clone();
  }

  /** Applies the fitted scaler (if any) to new raw samples, e.g. before predicting. */
  transform(X: MatrixLike): Matrix {
    const m = toMatrix(X);
    if (m.cols !== this.nFeatures)
      throw new DataError(`Dataset '${this.name}' has ${this.nFeatures} features, got ${m.cols}`);
    const s = this.scaler;
    return s === null ? m : s.transform(m);
  }

  /** Encoded class indices -> labels. */
  decodeLabels(y: ArrayLike<number>): Label[] {
    return Array.from(y, (i) => {
      const l = this._classes[i];
      if (l === undefined)
        throw new DataError(`class index ${i} is out of range 0..${this._classes.length - 1}`);
      return l;
    });
  }

  /** Labels -> encoded class indices (unknown labels throw). */
  encodeLabels(labels: readonly Label[]): Int32Array {
    const index = new Map<Label, number>(this._classes.map((c, i) => [c, i]));
    return Int32Array.from(labels, (l) => {
      const i = index.get(l);
      if (i === undefined)
        throw new DataError(`unknown label ${JSON.stringify(l)}; classes: ${this._classes.join(', ')}`);
      return i;
    });
  }

  /** The steps applied to the raw data, in order (the seed catalog's `pre_processing`). */
  get preProcessing(): PreProcessingStep[] {
    const texts = this.extraSteps.map((s) => s.computation);
    texts.push(
      `label encoding: ${this.labelName} -> class index 0..k-1 (classes sorted: numbers ascending, strings by code point)`,
    );
    const s = this.splitOptions;
    if (s !== null) {
      const parts = [`test ${s.test}`];
      if (s.validation) parts.push(`validation ${s.validation}`);
      texts.push(
        `${(s.stratify ?? true) ? 'stratified ' : ''}shuffled split (${parts.join(', ')}, seed ${s.seed ?? 0})`,
      );
    }
    const sc = this.scalerSpec;
    if (sc !== null) {
      const kind = typeof sc === 'string' ? sc : sc.kind;
      const what = kind === 'standard' ? 'standard scaling (x - mean) / std' : 'min-max scaling to [0, 1]';
      texts.push(
        `${what}, fitted on the ${s === null ? 'whole data' : 'training part'} and applied to every part`,
      );
    }
    return texts.map((computation, i) => ({ step: i + 1, computation }));
  }

  /** This dataset as a seed catalog `data_lake` entry. */
  toCatalogEntry(): DataLakeEntry {
    return dataLakeEntry({
      name: this.name,
      task: this.task,
      description: this.description,
      features: this._featureNames,
      label: this.labelName,
      nRecords: this.nRecords,
      preProcessing: this.preProcessing,
    });
  }

  /** The loaded rows as given (unscaled, unsplit), in dataset order: what a checksum identifies. */
  rawData(): { X: Matrix; y: Int32Array } {
    return this.data();
  }

  private data(): { X: Matrix; y: Int32Array } {
    if (this.X === null || this.y === null)
      throw new DataError(`Dataset '${this.name}' is not loaded: call load() first`);
    return { X: this.X, y: this.y };
  }

  private invalidate(indices: boolean): void {
    if (indices) this.indices = null;
    this.fittedScaler = null;
    this.parts.clear();
  }
}

function defaultNames(d: number): string[] {
  return Array.from({ length: d }, (_, j) => `f${j}`);
}
