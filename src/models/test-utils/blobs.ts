/** Small seeded Gaussian-blob classification data for estimator tests. */

import type { Matrix } from '../../core/matrix.js';
import { Rng } from '../../core/rng.js';

export interface Blobs {
  readonly X: Matrix;
  /** Class index per row, 0 .. nClasses-1, rows interleaved by class. */
  readonly y: number[];
}

/**
 * `perClass` rows per class; class k is centred at `separation * (cos, sin)(2 pi k / nClasses)` in the
 * first two features (the others are pure noise), unit variance.
 */
export function makeBlobs(
  options: {
    perClass?: number;
    nClasses?: number;
    nFeatures?: number;
    separation?: number;
    seed?: number;
  } = {},
): Blobs {
  const perClass = options.perClass ?? 30;
  const nClasses = options.nClasses ?? 3;
  const nFeatures = options.nFeatures ?? 4;
  const sep = options.separation ?? 3;
  const rng = new Rng(options.seed ?? 7);
  const rows = perClass * nClasses;
  const data = new Float64Array(rows * nFeatures);
  const y: number[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i % nClasses;
    y[i] = k;
    const angle = (2 * Math.PI * k) / nClasses;
    for (let j = 0; j < nFeatures; j++) {
      const centre = j === 0 ? sep * Math.cos(angle) : j === 1 ? sep * Math.sin(angle) : 0;
      data[i * nFeatures + j] = centre + rng.normal();
    }
  }
  return { X: { rows, cols: nFeatures, data }, y };
}
