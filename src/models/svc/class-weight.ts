/**
 * Class weights shared by SVC and LinearSVC: null (all 1), 'balanced' (n / (k * count_c), as
 * scikit-learn) or an object label -> weight (labels not named keep weight 1).
 */
import { type DatasetLike, isDatasetLike, type Label } from '../../core/data.js';
import { ParamError } from '../../core/errors.js';
import type { MatrixLike } from '../../core/matrix.js';
import { encodeLabels } from '../base.js';

export type ClassWeight = null | 'balanced' | Readonly<Record<string, number>>;

/** The sorted class labels a `fit(data, y)` call will see (as Classifier.fit encodes them). */
export function fitClasses(data: MatrixLike | DatasetLike, y: unknown): Label[] | null {
  try {
    if (isDatasetLike(data)) {
      const part = data.part('train');
      return encodeLabels(Array.from(part.y, (i) => part.classes[i] as Label)).classes;
    }
    if (y === undefined || y === null || typeof y !== 'object' || !('length' in (y as object))) return null;
    return encodeLabels(y as readonly Label[]).classes;
  } catch {
    return null; // Classifier.fit reports bad labels with its own error
  }
}

/** Per-class weights (length k) for encoded labels `y`. */
export function resolveClassWeight(
  cw: ClassWeight,
  y: Int32Array,
  k: number,
  classes: readonly Label[] | null,
  owner: string,
): Float64Array {
  const w = new Float64Array(k).fill(1);
  if (cw === null || cw === undefined) return w;
  if (cw === 'balanced') {
    const count = new Float64Array(k);
    for (let i = 0; i < y.length; i++) count[y[i] as number]++;
    for (let c = 0; c < k; c++) w[c] = y.length / (k * (count[c] as number));
    return w;
  }
  const names = (classes ?? []).map((c) => String(c));
  for (const [key, value] of Object.entries(cw)) {
    const c = names.indexOf(key);
    if (c < 0) {
      throw new ParamError(
        'classWeight',
        cw,
        `an object whose keys are class labels (${names.join(', ')}); '${key}' is not one`,
        owner,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ParamError(
        'classWeight',
        cw,
        `non-negative finite weights; '${key}' has ${String(value)}`,
        owner,
      );
    }
    w[c] = value;
  }
  return w;
}
