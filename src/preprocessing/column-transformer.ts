/**
 * Column selection: `ColumnTransformer` (scikit-learn's: each named transformer gets its own columns,
 * outputs side by side, the rest dropped or passed through) and `selectColumns` (keep some columns).
 */
import { DataError, ParamError } from '../core/errors.js';
import { isMatrix } from '../core/matrix.js';
import {
  type Cell,
  cellAt,
  checkWidth,
  compact,
  type Data,
  type DataLike,
  shapeOf,
  type Transformer,
  type TransformerFitOptions,
  type TransformerState,
} from './data.js';

/** Columns by 0-based index, or by name (names need `featureNames`, given to fit or the constructor). */
export type ColumnSpec = readonly number[] | readonly string[];

function resolveColumns(
  spec: ColumnSpec,
  cols: number,
  names: readonly string[] | undefined,
  who: string,
): number[] {
  return spec.map((c) => {
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0 || c >= cols)
        throw new DataError(`${who}: column ${c} is out of range 0..${cols - 1}`);
      return c;
    }
    if (!names) {
      throw new DataError(
        `${who}: column '${c}' is given by name but the column names are unknown; pass featureNames`,
      );
    }
    const j = names.indexOf(c);
    if (j < 0) throw new DataError(`${who}: no column named '${c}'; columns: ${names.join(', ')}`);
    return j;
  });
}

function pick(X: DataLike, idx: readonly number[], rows: number, cols: number): Data {
  if (isMatrix(X)) {
    const out = new Float64Array(rows * idx.length);
    for (let i = 0; i < rows; i++)
      for (let k = 0; k < idx.length; k++)
        out[i * idx.length + k] = X.data[i * cols + (idx[k] as number)] as number;
    return { rows, cols: idx.length, data: out };
  }
  const out: Cell[][] = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = idx.map((j) => cellAt(X, i, j, cols));
  return out;
}

function widthOf(d: Data): number {
  return isMatrix(d) ? d.cols : ((d[0] as Cell[] | undefined)?.length ?? 0);
}

function hstack(blocks: Data[], rows: number): Data {
  const width = blocks.reduce((s, b) => s + widthOf(b), 0);
  const out: Cell[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const r: Cell[] = [];
    for (const b of blocks) {
      const w = widthOf(b);
      for (let j = 0; j < w; j++) r.push(cellAt(b, i, j, w));
    }
    out[i] = r;
  }
  return compact(out, width);
}

export interface ColumnSelectorState extends TransformerState {
  readonly type: 'ColumnSelector';
  readonly params: { columns: (number | string)[]; featureNames: string[] | null };
  readonly indices: number[];
  readonly nFeaturesIn: number;
}

/**
 * Keeps the given columns (by index or name), in the given order. Names resolve against the
 * `featureNames` of the constructor or of fit (a Pipeline fitted on a Dataset passes its names).
 *
 * @example
 * ```ts
 * import { ColumnSelector } from 'autolearn';
 *
 * const sel = new ColumnSelector({ columns: [2, 0] }).fit([[1, 2, 3]]);
 * sel.transform([[1, 2, 3]]); // Matrix [[3, 1]]
 * ```
 */
export class ColumnSelector implements Transformer {
  readonly name = 'ColumnSelector';
  columns: ColumnSpec;
  featureNames: readonly string[] | null;
  /** Selected column indices (null before fit). */
  indices: number[] | null = null;
  private width = 0;

  constructor(params: { columns: ColumnSpec; featureNames?: readonly string[] }) {
    if (!Array.isArray(params?.columns) || params.columns.length === 0)
      throw new ParamError(
        'columns',
        params?.columns,
        'a non-empty array of column indices or names',
        'ColumnSelector',
      );
    this.columns = [...params.columns] as ColumnSpec;
    this.featureNames = params.featureNames ? [...params.featureNames] : null;
  }

  get isFitted(): boolean {
    return this.indices !== null;
  }

  get nFeaturesIn(): number {
    return this.width;
  }

  getParams(): { columns: ColumnSpec; featureNames: readonly string[] | null } {
    return { columns: this.columns, featureNames: this.featureNames };
  }

  setParams(params: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      if (k === 'columns') this.columns = [...(v as ColumnSpec)] as ColumnSpec;
      else if (k === 'featureNames') this.featureNames = v === null ? null : [...(v as string[])];
      else throw new DataError(`ColumnSelector has no parameter '${k}' (columns, featureNames)`);
    }
    return this;
  }

  clone(): ColumnSelector {
    return new ColumnSelector({ columns: this.columns, featureNames: this.featureNames ?? undefined });
  }

  fit(X: DataLike, _y?: unknown, options: TransformerFitOptions = {}): this {
    const { cols } = shapeOf(X, this.name);
    this.indices = resolveColumns(this.columns, cols, this.featureNames ?? options.featureNames, this.name);
    this.width = cols;
    return this;
  }

  fitTransform(X: DataLike, y?: unknown, options?: TransformerFitOptions): Data {
    return this.fit(X, y, options).transform(X);
  }

  transform(X: DataLike): Data {
    const { rows, cols } = shapeOf(X, this.name);
    checkWidth(this.indices !== null, this.name, this.width, cols);
    const out = pick(X, this.indices as number[], rows, cols);
    return isMatrix(out) ? out : compact(out, (this.indices as number[]).length);
  }

  getState(): ColumnSelectorState {
    checkWidth(this.indices !== null, this.name, this.width, this.width);
    return {
      type: 'ColumnSelector',
      params: { columns: [...this.columns], featureNames: this.featureNames ? [...this.featureNames] : null },
      indices: [...(this.indices as number[])],
      nFeaturesIn: this.width,
    };
  }

  setState(state: TransformerState): void {
    const s = state as ColumnSelectorState;
    this.setParams(s.params ?? {});
    if (!Array.isArray(s.indices) || typeof s.nFeaturesIn !== 'number')
      throw new DataError("ColumnSelector state: 'indices' and 'nFeaturesIn' are required");
    this.indices = [...s.indices];
    this.width = s.nFeaturesIn;
  }
}

/**
 * A step keeping only the given columns (indices or names), e.g. the first step of a Pipeline.
 *
 * @example
 * ```ts
 * import { makePipeline, selectColumns, StandardScaler, SVC } from 'autolearn';
 *
 * const pipe = makePipeline(selectColumns([0, 1]), new StandardScaler(), new SVC());
 * ```
 */
export function selectColumns(columns: ColumnSpec, featureNames?: readonly string[]): ColumnSelector {
  return new ColumnSelector({ columns, featureNames });
}

/** One entry of a ColumnTransformer: [name, transformer | 'passthrough' | 'drop', columns]. */
export type ColumnEntry = readonly [string, Transformer | 'passthrough' | 'drop', ColumnSpec];

export interface ColumnTransformerOptions {
  /** What happens to the columns no entry names: 'drop' (default) or 'passthrough' (appended last). */
  readonly remainder?: 'drop' | 'passthrough';
  /** Column names, for entries that select by name (else taken from fit's featureNames). */
  readonly featureNames?: readonly string[];
}

export interface ColumnTransformerState extends TransformerState {
  readonly type: 'ColumnTransformer';
  readonly params: { remainder: 'drop' | 'passthrough'; featureNames: string[] | null };
  readonly transformers: {
    name: string;
    columns: (number | string)[];
    indices: number[];
    transformer: TransformerState | 'passthrough' | 'drop';
  }[];
  readonly remainderIndices: number[];
  readonly nFeaturesIn: number;
}

/** Rebuilds a step from its state (set by the registry module, avoiding an import cycle). */
export const stepFromStateHook: { fn: ((s: TransformerState) => Transformer) | null } = { fn: null };

/**
 * Applies a transformer to each group of columns and puts the outputs side by side, in entry order
 * (then the remaining columns with `remainder: 'passthrough'`), like scikit-learn's
 * ColumnTransformer. Each transformer is fitted on its own columns of the training rows only.
 *
 * @example
 * ```ts
 * import { ColumnTransformer, OneHotEncoder, StandardScaler } from 'autolearn';
 *
 * const ct = new ColumnTransformer([
 *   ['num', new StandardScaler(), [0, 1]],
 *   ['color', new OneHotEncoder({ handleUnknown: 'ignore' }), [2]],
 * ]);
 * ct.fitTransform([[1, 10, 'red'], [3, 30, 'blue']]); // Matrix [[-1, -1, 0, 1], [1, 1, 1, 0]]
 * ```
 */
export class ColumnTransformer implements Transformer {
  readonly name = 'ColumnTransformer';
  transformers: ColumnEntry[];
  remainder: 'drop' | 'passthrough';
  featureNames: readonly string[] | null;
  private resolved: number[][] | null = null;
  private rest: number[] = [];
  private width = 0;

  constructor(transformers: readonly ColumnEntry[], options: ColumnTransformerOptions = {}) {
    if (!Array.isArray(transformers) || transformers.length === 0)
      throw new ParamError(
        'transformers',
        transformers,
        'a non-empty array of [name, transformer, columns]',
        'ColumnTransformer',
      );
    const names = new Set<string>();
    for (const e of transformers) {
      const ok =
        Array.isArray(e) &&
        typeof e[0] === 'string' &&
        (e[1] === 'passthrough' || e[1] === 'drop' || (typeof e[1] === 'object' && e[1] !== null)) &&
        Array.isArray(e[2]);
      if (!ok)
        throw new ParamError(
          'transformers',
          e,
          '[name, transformer | "passthrough" | "drop", columns]',
          'ColumnTransformer',
        );
      if (names.has(e[0]))
        throw new ParamError('transformers', e[0], 'unique entry names', 'ColumnTransformer');
      names.add(e[0]);
    }
    this.transformers = transformers.map((e) => [e[0], e[1], [...e[2]] as ColumnSpec] as const);
    const rem = options.remainder ?? 'drop';
    if (rem !== 'drop' && rem !== 'passthrough')
      throw new ParamError('remainder', rem, "'drop' or 'passthrough'", 'ColumnTransformer');
    this.remainder = rem;
    this.featureNames = options.featureNames ? [...options.featureNames] : null;
  }

  get isFitted(): boolean {
    return this.resolved !== null;
  }

  get nFeaturesIn(): number {
    return this.width;
  }

  /** Parameters, with each transformer's own as `<name>__<param>` (scikit-learn's deep params). */
  getParams(): Record<string, unknown> {
    const out: Record<string, unknown> = { remainder: this.remainder };
    for (const [name, t] of this.transformers) {
      if (typeof t === 'string') continue;
      for (const [k, v] of Object.entries(t.getParams())) out[`${name}__${k}`] = v;
    }
    return out;
  }

  setParams(params: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      if (k === 'remainder') {
        if (v !== 'drop' && v !== 'passthrough')
          throw new ParamError('remainder', v, "'drop' or 'passthrough'", this.name);
        this.remainder = v;
        continue;
      }
      const cut = k.indexOf('__');
      const entry = cut > 0 ? this.transformers.find((e) => e[0] === k.slice(0, cut)) : undefined;
      if (!entry || typeof entry[1] === 'string')
        throw new DataError(`ColumnTransformer has no parameter '${k}' (use <entry name>__<param>)`);
      entry[1].setParams({ [k.slice(cut + 2)]: v });
    }
    return this;
  }

  clone(): ColumnTransformer {
    return new ColumnTransformer(
      this.transformers.map(([n, t, c]) => [n, typeof t === 'string' ? t : t.clone(), c] as const),
      { remainder: this.remainder, featureNames: this.featureNames ?? undefined },
    );
  }

  fit(X: DataLike, y?: unknown, options: TransformerFitOptions = {}): this {
    this.fitTransform(X, y, options);
    return this;
  }

  fitTransform(X: DataLike, y?: unknown, options: TransformerFitOptions = {}): Data {
    const { rows, cols } = shapeOf(X, this.name);
    if (rows === 0) throw new DataError('ColumnTransformer.fit: X is empty');
    const names = this.featureNames ?? options.featureNames;
    const resolved = this.transformers.map(([, , c]) => resolveColumns(c, cols, names, this.name));
    const used = new Set(resolved.flat());
    this.rest = Array.from({ length: cols }, (_, j) => j).filter((j) => !used.has(j));
    const blocks: Data[] = [];
    this.transformers.forEach(([, t], k) => {
      const idx = resolved[k] as number[];
      if (t === 'drop') return;
      const sub = pick(X, idx, rows, cols);
      const subNames = names ? idx.map((j) => names[j] as string) : undefined;
      blocks.push(t === 'passthrough' ? sub : t.fitTransform(sub, y, { featureNames: subNames }));
    });
    if (this.remainder === 'passthrough' && this.rest.length) blocks.push(pick(X, this.rest, rows, cols));
    this.resolved = resolved;
    this.width = cols;
    return hstack(blocks, rows);
  }

  transform(X: DataLike): Data {
    const { rows, cols } = shapeOf(X, this.name);
    checkWidth(this.resolved !== null, this.name, this.width, cols);
    const blocks: Data[] = [];
    this.transformers.forEach(([, t], k) => {
      if (t === 'drop') return;
      const sub = pick(X, (this.resolved as number[][])[k] as number[], rows, cols);
      blocks.push(t === 'passthrough' ? sub : t.transform(sub));
    });
    if (this.remainder === 'passthrough' && this.rest.length) blocks.push(pick(X, this.rest, rows, cols));
    return hstack(blocks, rows);
  }

  getState(): ColumnTransformerState {
    checkWidth(this.resolved !== null, this.name, this.width, this.width);
    return {
      type: 'ColumnTransformer',
      params: { remainder: this.remainder, featureNames: this.featureNames ? [...this.featureNames] : null },
      transformers: this.transformers.map(([name, t, columns], k) => ({
        name,
        columns: [...columns],
        indices: [...((this.resolved as number[][])[k] as number[])],
        transformer: typeof t === 'string' ? t : t.getState(),
      })),
      remainderIndices: [...this.rest],
      nFeaturesIn: this.width,
    };
  }

  /** Rebuilds a fitted ColumnTransformer from getState() output. */
  static fromState(state: TransformerState): ColumnTransformer {
    const s = state as ColumnTransformerState;
    const build = stepFromStateHook.fn;
    if (!build || !Array.isArray(s.transformers) || typeof s.nFeaturesIn !== 'number') {
      throw new DataError('ColumnTransformer state: transformers and nFeaturesIn are required');
    }
    const ct = new ColumnTransformer(
      s.transformers.map(
        (e) =>
          [
            e.name,
            typeof e.transformer === 'string' ? e.transformer : build(e.transformer),
            e.columns as ColumnSpec,
          ] as const,
      ),
      { remainder: s.params?.remainder, featureNames: s.params?.featureNames ?? undefined },
    );
    ct.resolved = s.transformers.map((e) => [...e.indices]);
    ct.rest = [...s.remainderIndices];
    ct.width = s.nFeaturesIn;
    return ct;
  }
}

/**
 * A ColumnTransformer with generated entry names (the transformer's class name, lower-cased).
 *
 * @example
 * ```ts
 * import { makeColumnTransformer, OneHotEncoder, StandardScaler } from 'autolearn';
 *
 * const ct = makeColumnTransformer([new StandardScaler(), [0, 1]], [new OneHotEncoder(), [2]]);
 * ```
 */
export function makeColumnTransformer(
  ...entries: readonly (readonly [Transformer | 'passthrough' | 'drop', ColumnSpec])[]
): ColumnTransformer {
  const names = uniqueNames(entries.map(([t]) => (typeof t === 'string' ? t : t.name.toLowerCase())));
  return new ColumnTransformer(entries.map(([t, c], k) => [names[k] as string, t, c] as const));
}

/** scikit-learn's `_name_estimators`: a repeated name gets suffixes -1, -2, ... */
export function uniqueNames(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const seen = new Map<string, number>();
  return names.map((n) => {
    if ((counts.get(n) ?? 0) < 2) return n;
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return `${n}-${k}`;
  });
}
