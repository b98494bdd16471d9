/** SimpleImputer: fills missing cells per column, scikit-learn's semantics (1.2.1). */
import { DataError, ParamError } from '../core/errors.js';
import {
  type Cell,
  cellAt,
  checkWidth,
  compact,
  type Data,
  type DataLike,
  isMissing,
  shapeOf,
  type Transformer,
  type TransformerState,
} from './data.js';

export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';

export interface SimpleImputerParams {
  /** 'mean' (default), 'median', 'most_frequent' (ties: the smallest value) or 'constant'. */
  readonly strategy?: ImputeStrategy;
  /** The fill of 'constant' (default 0 for numeric columns, 'missing_value' for text columns). */
  readonly fillValue?: number | string | null;
}

export interface SimpleImputerState extends TransformerState {
  readonly type: 'SimpleImputer';
  readonly params: { strategy: ImputeStrategy; fillValue: number | string | null };
  /** The fill per input column; null for a column that was entirely missing (dropped at transform). */
  readonly statistics: (number | string | null)[];
}

const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'most_frequent', 'constant'];

function checkStrategy(v: unknown): ImputeStrategy {
  if (!STRATEGIES.includes(v as ImputeStrategy))
    throw new ParamError('strategy', v, "'mean', 'median', 'most_frequent' or 'constant'", 'SimpleImputer');
  return v as ImputeStrategy;
}

function checkFill(v: unknown): number | string | null {
  if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw new ParamError('fillValue', v, 'a finite number, a string or null (default)', 'SimpleImputer');
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Replaces missing cells (`null`, `undefined`, `NaN`) column by column with a statistic of the
 * training rows: the mean, the median (numeric columns), the most frequent value (numbers or text;
 * ties go to the smallest) or a constant. Like scikit-learn 1.2, a column that was entirely missing
 * at fit is dropped at transform (except with 'constant').
 *
 * @example
 * ```ts
 * import { SimpleImputer } from 'autolearn';
 *
 * const imp = new SimpleImputer({ strategy: 'median' }).fit([[1, null], [3, 4], [5, 6]]);
 * imp.transform([[null, null]]); // Matrix [[3, 5]]
 * ```
 */
export class SimpleImputer implements Transformer {
  readonly name = 'SimpleImputer';
  strategy: ImputeStrategy;
  fillValue: number | string | null;
  /** Fill per input column (null before fit; an entry is null for an all-missing column). */
  statistics: (number | string | null)[] | null = null;

  constructor(params: SimpleImputerParams = {}) {
    this.strategy = checkStrategy(params.strategy ?? 'mean');
    this.fillValue = checkFill(params.fillValue ?? null);
  }

  get isFitted(): boolean {
    return this.statistics !== null;
  }

  get nFeaturesIn(): number {
    return this.statistics?.length ?? 0;
  }

  getParams(): { strategy: ImputeStrategy; fillValue: number | string | null } {
    return { strategy: this.strategy, fillValue: this.fillValue };
  }

  setParams(params: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      if (k === 'strategy') this.strategy = checkStrategy(v);
      else if (k === 'fillValue') this.fillValue = checkFill(v);
      else throw new DataError(`SimpleImputer has no parameter '${k}' (strategy, fillValue)`);
    }
    return this;
  }

  clone(): SimpleImputer {
    return new SimpleImputer(this.getParams());
  }

  fit(X: DataLike): this {
    const { rows, cols } = shapeOf(X, this.name);
    if (rows === 0) throw new DataError('SimpleImputer.fit: X is empty');
    const stats: (number | string | null)[] = [];
    for (let j = 0; j < cols; j++) {
      const values: (number | string)[] = [];
      let text = false;
      for (let i = 0; i < rows; i++) {
        const c = cellAt(X, i, j, cols);
        if (isMissing(c)) continue;
        if (typeof c === 'string') text = true;
        else if (!Number.isFinite(c))
          throw new DataError(`SimpleImputer.fit: X contains ${c} at row ${i}, column ${j}`);
        values.push(c as number | string);
      }
      stats.push(this.statistic(values, text, j));
    }
    this.statistics = stats;
    return this;
  }

  fitTransform(X: DataLike): Data {
    return this.fit(X).transform(X);
  }

  transform(X: DataLike): Data {
    const { rows, cols } = shapeOf(X, this.name);
    checkWidth(this.statistics !== null, this.name, this.nFeaturesIn, cols);
    const stats = this.statistics as (number | string | null)[];
    const keep: number[] = [];
    for (let j = 0; j < cols; j++) if (stats[j] !== null || this.strategy === 'constant') keep.push(j);
    const out: Cell[][] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const r: Cell[] = new Array(keep.length);
      for (let k = 0; k < keep.length; k++) {
        const j = keep[k] as number;
        const c = cellAt(X, i, j, cols);
        r[k] = isMissing(c) ? stats[j] : c;
      }
      out[i] = r;
    }
    return compact(out, keep.length);
  }

  getState(): SimpleImputerState {
    checkWidth(this.statistics !== null, this.name, this.nFeaturesIn, this.nFeaturesIn);
    return {
      type: 'SimpleImputer',
      params: this.getParams(),
      statistics: [...(this.statistics as (number | string | null)[])],
    };
  }

  setState(state: TransformerState): void {
    const s = state as SimpleImputerState;
    this.setParams(s.params ?? {});
    if (!Array.isArray(s.statistics) || s.statistics.length === 0) {
      throw new DataError("SimpleImputer state: 'statistics' must be a non-empty array");
    }
    this.statistics = [...s.statistics];
  }

  private statistic(values: (number | string)[], text: boolean, j: number): number | string | null {
    if (this.strategy === 'constant') return this.fillValue ?? (text ? 'missing_value' : 0);
    if (values.length === 0) return null;
    if (this.strategy === 'most_frequent') {
      const counts = new Map<number | string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      let best: number | string | null = null;
      let bestCount = 0;
      for (const [v, c] of counts) {
        if (c > bestCount || (c === bestCount && compareValues(v, best as number | string) < 0)) {
          best = v;
          bestCount = c;
        }
      }
      return best;
    }
    if (text) {
      throw new DataError(
        `SimpleImputer: column ${j} holds text; strategy '${this.strategy}' needs numbers (use 'most_frequent' or 'constant')`,
      );
    }
    const nums = values as number[];
    if (this.strategy === 'mean') {
      let s = 0;
      for (const v of nums) s += v;
      return s / nums.length;
    }
    const sorted = Float64Array.from(nums).sort();
    const h = sorted.length >> 1;
    return sorted.length % 2
      ? (sorted[h] as number)
      : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
  }
}
