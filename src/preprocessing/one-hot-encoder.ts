/** OneHotEncoder: one 0/1 column per category of each input column, scikit-learn's semantics (1.2.1). */
import { DataError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import {
  type Cell,
  cellAt,
  checkWidth,
  type DataLike,
  isMissing,
  shapeOf,
  type Transformer,
  type TransformerState,
} from './data.js';

/** A category value: a number, a text value, or null for missing. */
export type Category = number | string | null;

export interface OneHotEncoderParams {
  /** 'error' (default): an unseen category at transform throws; 'ignore': its columns are all 0. */
  readonly handleUnknown?: 'error' | 'ignore';
  /** 'auto' (default: the sorted distinct values seen at fit) or the categories of each column. */
  readonly categories?: 'auto' | readonly (readonly Category[])[];
}

export interface OneHotEncoderState extends TransformerState {
  readonly type: 'OneHotEncoder';
  readonly params: { handleUnknown: 'error' | 'ignore'; categories: 'auto' | Category[][] };
  /** Categories of each input column, in output-column order. */
  readonly categories: Category[][];
}

/** scikit-learn's order: numbers ascending or text by code point, then missing last. */
function sortCategories(values: Category[], column: number): Category[] {
  const hasMissing = values.some((v) => v === null);
  const rest = values.filter((v) => v !== null) as (number | string)[];
  const kinds = new Set(rest.map((v) => typeof v));
  if (kinds.size > 1) {
    throw new DataError(
      `OneHotEncoder: column ${column} mixes numbers and text (${rest
        .slice(0, 4)
        .map((v) => JSON.stringify(v))
        .join(', ')}, ...); make the column all text or all numbers`,
    );
  }
  rest.sort((a, b) => (typeof a === 'number' ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0));
  return hasMissing ? [...rest, null] : rest;
}

const key = (c: Cell): string => (isMissing(c) ? 'm' : typeof c === 'number' ? `n${c}` : `s${c}`);

function checkHandleUnknown(v: unknown): 'error' | 'ignore' {
  if (v !== 'error' && v !== 'ignore')
    throw new ParamError('handleUnknown', v, "'error' or 'ignore'", 'OneHotEncoder');
  return v;
}

function checkCategories(v: unknown): 'auto' | Category[][] {
  if (v === 'auto') return v;
  if (!Array.isArray(v) || v.some((c) => !Array.isArray(c))) {
    throw new ParamError('categories', v, "'auto' or one array of categories per column", 'OneHotEncoder');
  }
  return (v as Category[][]).map((c) => [...c]);
}

/**
 * Encodes each column's categories (text or numbers) as one-hot 0/1 columns: the output holds, for
 * input column j, one column per entry of `categories[j]` (sorted like scikit-learn: numbers
 * ascending, text by code point, missing last). Unseen values at transform throw a DataError, or
 * with `handleUnknown: 'ignore'` give all-zero columns.
 *
 * @example
 * ```ts
 * import { OneHotEncoder } from 'autolearn';
 *
 * const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([['red'], ['green'], ['red']]);
 * enc.categories; // [['green', 'red']]
 * enc.transform([['red'], ['blue']]); // Matrix [[0, 1], [0, 0]]
 * ```
 */
export class OneHotEncoder implements Transformer {
  readonly name = 'OneHotEncoder';
  handleUnknown: 'error' | 'ignore';
  categoriesParam: 'auto' | Category[][];
  /** The categories of each input column (null before fit). */
  categories: Category[][] | null = null;
  private index: Map<string, number>[] = [];

  constructor(params: OneHotEncoderParams = {}) {
    this.handleUnknown = checkHandleUnknown(params.handleUnknown ?? 'error');
    this.categoriesParam = checkCategories(params.categories ?? 'auto');
  }

  get isFitted(): boolean {
    return this.categories !== null;
  }

  get nFeaturesIn(): number {
    return this.categories?.length ?? 0;
  }

  /** Number of output columns. */
  get nFeaturesOut(): number {
    return (this.categories ?? []).reduce((s, c) => s + c.length, 0);
  }

  getParams(): { handleUnknown: 'error' | 'ignore'; categories: 'auto' | Category[][] } {
    return { handleUnknown: this.handleUnknown, categories: this.categoriesParam };
  }

  setParams(params: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      if (k === 'handleUnknown') this.handleUnknown = checkHandleUnknown(v);
      else if (k === 'categories') this.categoriesParam = checkCategories(v);
      else throw new DataError(`OneHotEncoder has no parameter '${k}' (handleUnknown, categories)`);
    }
    return this;
  }

  clone(): OneHotEncoder {
    return new OneHotEncoder(this.getParams());
  }

  fit(X: DataLike): this {
    const { rows, cols } = shapeOf(X, this.name);
    if (rows === 0) throw new DataError('OneHotEncoder.fit: X is empty');
    const cats: Category[][] = [];
    for (let j = 0; j < cols; j++) {
      const seen = new Map<string, Category>();
      for (let i = 0; i < rows; i++) {
        const c = cellAt(X, i, j, cols);
        seen.set(key(c), isMissing(c) ? null : (c as number | string));
      }
      if (this.categoriesParam === 'auto') cats.push(sortCategories([...seen.values()], j));
      else {
        const given = this.categoriesParam[j];
        if (given === undefined || this.categoriesParam.length !== cols) {
          throw new DataError(
            `OneHotEncoder: categories lists ${this.categoriesParam.length} columns but X has ${cols}`,
          );
        }
        if (this.handleUnknown === 'error') {
          const allowed = new Set(given.map(key));
          for (const [k, v] of seen) {
            if (!allowed.has(k))
              throw new DataError(
                `OneHotEncoder.fit: column ${j} holds ${JSON.stringify(v)}, which is not in the given categories`,
              );
          }
        }
        cats.push([...given]);
      }
    }
    this.setCategories(cats);
    return this;
  }

  fitTransform(X: DataLike): Matrix {
    return this.fit(X).transform(X);
  }

  transform(X: DataLike): Matrix {
    const { rows, cols } = shapeOf(X, this.name);
    checkWidth(this.categories !== null, this.name, this.nFeaturesIn, cols);
    const cats = this.categories as Category[][];
    const width = this.nFeaturesOut;
    const out = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) {
      let offset = 0;
      for (let j = 0; j < cols; j++) {
        const c = cellAt(X, i, j, cols);
        const at = this.index[j]?.get(key(c));
        if (at !== undefined) out[i * width + offset + at] = 1;
        else if (this.handleUnknown === 'error') {
          throw new DataError(
            `OneHotEncoder: row ${i}, column ${j} holds the unknown category ${JSON.stringify(c ?? null)} (known: ${cats[j]!.map((v) => JSON.stringify(v)).join(', ')}); fit on data that has it, or use handleUnknown: 'ignore'`,
          );
        }
        offset += (cats[j] as Category[]).length;
      }
    }
    return { rows, cols: width, data: out };
  }

  /** Output column names: `<input name>_<category>` (input names default to x0, x1, ...). */
  featureNamesOut(inputNames?: readonly string[]): string[] {
    checkWidth(this.categories !== null, this.name, this.nFeaturesIn, inputNames?.length ?? this.nFeaturesIn);
    const out: string[] = [];
    (this.categories as Category[][]).forEach((cs, j) => {
      for (const c of cs) out.push(`${inputNames?.[j] ?? `x${j}`}_${c === null ? 'nan' : String(c)}`);
    });
    return out;
  }

  getState(): OneHotEncoderState {
    checkWidth(this.categories !== null, this.name, this.nFeaturesIn, this.nFeaturesIn);
    return {
      type: 'OneHotEncoder',
      params: this.getParams(),
      categories: (this.categories as Category[][]).map((c) => [...c]),
    };
  }

  setState(state: TransformerState): void {
    const s = state as OneHotEncoderState;
    this.setParams(s.params ?? {});
    if (!Array.isArray(s.categories) || s.categories.some((c) => !Array.isArray(c))) {
      throw new DataError("OneHotEncoder state: 'categories' must be an array of arrays");
    }
    this.setCategories(s.categories.map((c) => [...c]));
  }

  private setCategories(cats: Category[][]): void {
    this.categories = cats;
    this.index = cats.map((cs) => new Map(cs.map((c, k) => [key(c), k])));
  }
}
