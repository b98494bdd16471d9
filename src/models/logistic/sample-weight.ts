/**
 * Per-sample weights from LogisticRegression's classWeight (scikit-learn's compute_class_weight):
 * 'balanced' gives class c the weight n / (k * count_c); an object maps labels (as strings) to
 * weights, unnamed classes keep 1.
 */
import type { Label } from '../../core/data.js';
import { ParamError } from '../../core/errors.js';
import type { LogisticClassWeight } from './params.js';

/** Weight of each encoded class; null when every weight is 1. */
export function classWeights(
  cw: LogisticClassWeight,
  y: Int32Array,
  nClasses: number,
  classes: readonly Label[] | null,
): Float64Array | null {
  if (cw === null || cw === undefined) return null;
  const w = new Float64Array(nClasses).fill(1);
  if (cw === 'balanced') {
    const count = new Float64Array(nClasses);
    for (let i = 0; i < y.length; i++) count[y[i] as number]++;
    for (let c = 0; c < nClasses; c++) w[c] = y.length / (nClasses * (count[c] as number));
    return w;
  }
  const names = (classes ?? []).map((c) => String(c));
  for (const [key, value] of Object.entries(cw)) {
    const c = names.indexOf(key);
    if (c < 0) {
      throw new ParamError(
        'classWeight',
        cw,
        `keys that are class labels (${names.join(', ')}); '${key}' is not one`,
        'LogisticRegression',
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ParamError(
        'classWeight',
        cw,
        `non-negative finite weights; '${key}' has ${String(value)}`,
        'LogisticRegression',
      );
    }
    w[c] = value;
  }
  return w;
}

/** Expands class weights to one weight per sample (undefined when all are 1). */
export function sampleWeights(perClass: Float64Array | null, y: Int32Array): Float64Array | undefined {
  if (!perClass) return undefined;
  const sw = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) sw[i] = perClass[y[i] as number] as number;
  return sw;
}
