/**
 * Label bookkeeping shared by the metrics: the sorted label set (scikit-learn's `unique_labels`)
 * and a label -> column index map.
 */
import type { Label } from '../core/data.js';
import { DataError } from '../core/errors.js';

/**
 * Sorted distinct labels of the given arrays: numbers ascending, strings by code point.
 *
 * @example
 * ```ts
 * import { uniqueLabels } from 'autolearn';
 *
 * console.log(uniqueLabels(['b', 'a'], ['c', 'a'])); // ['a', 'b', 'c']
 * ```
 */
export function uniqueLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const set = new Set<Label>();
  for (const a of arrays) for (const v of a) set.add(v);
  const out = [...set];
  const kinds = new Set(out.map((v) => typeof v));
  if (kinds.size > 1) throw new DataError('labels mix numbers and strings');
  return out.sort(compareLabels);
}

export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Throws a DataError unless both label arrays are non-empty and of equal length. */
export function checkPair(yTrue: readonly Label[], yPred: readonly Label[]): void {
  if (yTrue.length !== yPred.length) {
    throw new DataError(`yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new DataError('yTrue and yPred are empty');
}

/** The label list to report on: the given one (checked for duplicates) or the sorted union. */
export function resolveLabels(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  labels?: readonly Label[],
): Label[] {
  if (labels === undefined) return uniqueLabels(yTrue, yPred);
  if (labels.length === 0) throw new DataError('labels is empty');
  if (new Set(labels).size !== labels.length) throw new DataError('labels contains duplicates');
  return [...labels];
}

export function indexOf(labels: readonly Label[]): Map<Label, number> {
  return new Map(labels.map((l, i) => [l, i]));
}
