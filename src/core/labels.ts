import type { Label } from './data.js';
import { DataError } from './errors.js';

/** Sorted distinct labels (numbers ascending or strings by code point) and the encoded vector. */
export function encodeLabels(labels: readonly Label[] | ArrayLike<number>): {
  classes: Label[];
  y: Int32Array;
} {
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
