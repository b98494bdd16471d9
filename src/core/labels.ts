import type { Label } from './data.js';
import { DataError } from './errors.js';

/** Sorted distinct labels (numbers ascending or strings by code point) and the encoded vector. */
export function encodeLabels(labels: readonly Label[] | ArrayLike<number>): {
  classes: Label[];
  y: Int32Array;
} {
  const fast = encodeSmallIntegers(labels);
  if (fast) return fast;
  const arr = Array.from(labels as ArrayLike<Label>);
  const kinds = new Set(arr.map((v) => typeof v));
  if (kinds.size > 1) throw new DataError('y mixes numbers and strings');
  for (const v of arr) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new DataError(`y contains ${v}`);
    if (typeof v !== 'number' && typeof v !== 'string') throw new DataError(`y contains a ${typeof v}`);
  }
  const classes = [...new Set(arr)].sort((a, b) =>
    typeof a === 'number' ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0,
  );
  const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
  const y = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) y[i] = index.get(arr[i] as Label)!;
  return { classes, y };
}

/**
 * Fast path for the common case of integer labels in a small range (e.g. 0..k-1): one pass for the
 * range, a lookup table instead of a Map. Returns null when the labels are anything else.
 */
function encodeSmallIntegers(
  labels: readonly Label[] | ArrayLike<number>,
): { classes: Label[]; y: Int32Array } | null {
  const n = labels.length;
  if (n === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo + 1;
  if (span > 65536 || span > 4 * n) return null;
  const seen = new Int32Array(span).fill(-1);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = (labels[i] as number) - lo;
    seen[o] = 0;
    y[i] = o;
  }
  const classes: Label[] = [];
  for (let v = 0; v < span; v++) if (seen[v] === 0) seen[v] = classes.push(v + lo) - 1;
  // every value of the range present (e.g. 0..k-1): the offsets are the codes already
  if (classes.length < span) for (let i = 0; i < n; i++) y[i] = seen[y[i] as number] as number;
  return { classes, y };
}

/** Default cap on the number of distinct classes a classifier accepts (see `classifierTargets`). */
export const DEFAULT_MAX_CLASSES = 1000;

export interface TargetOptions {
  /** Who is asking (for messages), e.g. 'SVC.fit'. */
  readonly owner?: string;
  /** Refuse more distinct classes than this (default DEFAULT_MAX_CLASSES). */
  readonly maxClasses?: number;
}

/**
 * Classification targets as scikit-learn's `column_or_1d` + `check_classification_targets` read
 * them: y must be given (a DataError otherwise, not a TypeError), 1-D or a column vector (n x 1:
 * flattened), of numbers or strings; non-integer floats make a 'continuous' target (a regression
 * problem), which is refused as scikit-learn refuses it. More than `maxClasses` distinct labels are
 * refused too (autolearn's guard against a mistaken label column; scikit-learn has no such cap).
 */
export function classifierTargets(
  y: unknown,
  options: TargetOptions = {},
): { classes: Label[]; y: Int32Array; labels: ArrayLike<Label> } {
  const owner = options.owner ?? 'fit';
  const maxClasses = options.maxClasses ?? DEFAULT_MAX_CLASSES;
  if (y === null || y === undefined) {
    throw new DataError(
      `${owner}: this classifier requires y to be passed, but the target y is ${String(y)}`,
    );
  }
  if (typeof y !== 'object' || typeof (y as ArrayLike<unknown>).length !== 'number') {
    throw new DataError(`${owner}: y must be an array of labels (numbers or strings), got a ${typeof y}`);
  }
  let labels = y as ArrayLike<unknown>;
  if (labels.length > 0 && Array.isArray(labels[0]))
    labels = flattenColumn(labels as ArrayLike<unknown[]>, owner);
  // integer labels in a small range (the common case) need no per-label type check
  const fast = encodeSmallIntegers(labels as ArrayLike<number>);
  if (fast) return checkClassCount(fast.classes, fast.y, labels as ArrayLike<Label>, owner, maxClasses);
  if (!ArrayBuffer.isView(labels)) {
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i];
      if (typeof v === 'number' || typeof v === 'string') continue;
      const what = v === null ? 'null' : v === undefined ? 'a missing value (undefined)' : `a ${typeof v}`;
      throw new DataError(`${owner}: y[${i}] is ${what}; labels must be numbers or strings`);
    }
  }
  const arr = labels as ArrayLike<Label>;
  const { classes, y: codes } = encodeLabels(arr as readonly Label[]);
  if (typeof classes[0] === 'number') {
    const bad = classes.find((c) => !Number.isInteger(c));
    if (bad !== undefined) {
      throw new DataError(
        `${owner}: Unknown label type: 'continuous' (y holds non-integer numbers such as ${String(bad)}; ` +
          `${classes.length} distinct values). A classifier needs discrete classes: round or bin y, or pass labels as strings`,
      );
    }
  }
  return checkClassCount(classes, codes, arr, owner, maxClasses);
}

function checkClassCount(
  classes: Label[],
  y: Int32Array,
  labels: ArrayLike<Label>,
  owner: string,
  maxClasses: number,
): { classes: Label[]; y: Int32Array; labels: ArrayLike<Label> } {
  if (classes.length > maxClasses) {
    throw new DataError(
      `${owner}: y has ${classes.length} distinct classes, more than the limit of ${maxClasses} ` +
        '(is the label column right? raise maxClasses to allow more)',
    );
  }
  return { classes, y, labels };
}

function flattenColumn(rows: ArrayLike<unknown[]>, owner: string): unknown[] {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Array.isArray(r) || r.length !== 1) {
      throw new DataError(
        `${owner}: y must be 1-D or a column vector (n x 1); row ${i} has ${Array.isArray(r) ? r.length : 'no'} values (multi-output targets are not supported)`,
      );
    }
    out[i] = r[0];
  }
  return out;
}
