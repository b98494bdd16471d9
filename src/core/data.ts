import type { Matrix } from './matrix.js';

/** A class label as the user gave it. */
export type Label = number | string;

/** Features plus encoded labels (`y[i]` indexes `classes`). */
export interface LabeledData {
  readonly X: Matrix;
  readonly y: Int32Array;
  readonly classes: readonly Label[];
  readonly featureNames: readonly string[];
}

export type PartName = 'train' | 'test' | 'validation' | 'all';

/** What models need from a Dataset (src/datasets implements it). */
export interface DatasetLike {
  readonly isDataset: true;
  readonly name: string;
  part(which: PartName): LabeledData;
}

/**
 * True when `x` is a Dataset-like object (a Dataset, or anything with `isDataset: true` and a `part`
 * method), which models accept in place of `X` and `y`.
 */
export function isDatasetLike(x: unknown): x is DatasetLike {
  return typeof x === 'object' && x !== null && (x as DatasetLike).isDataset === true;
}
