/**
 * Class weights shared by LogisticRegression, SVC and LinearSVC (scikit-learn's
 * compute_class_weight): null (all 1), 'balanced' (class c gets n / (k * count_c)) or an object
 * label -> weight (labels not named keep weight 1).
 */
import type { Label } from '../core/data.js';
import { ParamError } from '../core/errors.js';
import type { ParamSpec } from '../core/params.js';
import { Classifier } from './base.js';

export type ClassWeight = null | 'balanced' | Readonly<Record<string, number>>;

/** The `classWeight` param spec (null, 'balanced' or an object); `description` says how it is used. */
export function classWeightSpec(description: string): ParamSpec {
  return {
    name: 'classWeight',
    type: 'object',
    default: null,
    nullable: true,
    options: ['balanced'],
    min: 0,
    description,
  };
}

/** Per-class weights (length k) for encoded labels `y`; all 1 when `cw` is null. */
export function resolveClassWeight(
  cw: ClassWeight | undefined,
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
  if (typeof cw !== 'object' || Array.isArray(cw) || Object.getPrototypeOf(cw) !== Object.prototype) {
    throw new ParamError(
      'classWeight',
      cw,
      `null, 'balanced' or a plain object {label: weight}${cw instanceof Map ? ' (a Map is not read: use Object.fromEntries(map))' : ''}`,
      owner,
    );
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

/** Expands per-class weights to one weight per sample (undefined when there are none). */
export function sampleWeights(perClass: Float64Array | null, y: Int32Array): Float64Array | undefined {
  if (!perClass) return undefined;
  const sw = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) sw[i] = perClass[y[i] as number] as number;
  return sw;
}

/**
 * A Classifier with a `classWeight` param. The base class now sets `pendingClasses` (the sorted
 * labels of the fit in progress) for every model; this class stays for the models built on it.
 */
export abstract class ClassWeightedClassifier<P extends object, S> extends Classifier<P, S> {}

/**
 * scikit-learn's `sample_weight * class_weight[y]`: the per-sample weights of a fit (null when both
 * are absent).
 */
export function combineWeights(
  perClass: Float64Array | null,
  sampleWeight: Float64Array | null,
  y: Int32Array,
): Float64Array | undefined {
  if (!perClass && !sampleWeight) return undefined;
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    out[i] =
      (perClass ? (perClass[y[i] as number] as number) : 1) *
      (sampleWeight ? (sampleWeight[i] as number) : 1);
  }
  return out;
}
