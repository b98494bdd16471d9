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
  for (let i = 0; i < n; i++) seen[(labels[i] as number) - lo] = 0;
  const classes: Label[] = [];
  for (let v = 0; v < span; v++) if (seen[v] === 0) seen[v] = classes.push(v + lo) - 1;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = seen[(labels[i] as number) - lo] as number;
  return { classes, y };
}
