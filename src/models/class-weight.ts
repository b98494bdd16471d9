/**
 * Class weights shared by LogisticRegression, SVC and LinearSVC (scikit-learn's
 * compute_class_weight): null (all 1), 'balanced' (class c gets n / (k * count_c)) or an object
 * label -> weight (labels not named keep weight 1).
 */
import { type DatasetLike, isDatasetLike, type Label } from '../core/data.js';
import { ParamError } from '../core/errors.js';
import type { MatrixLike } from '../core/matrix.js';
import type { ParamSpec } from '../core/params.js';
import { Classifier, encodeLabels, type TrainingLogger } from './base.js';

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

/**
 * The sorted class labels a `fit(data, y)` call will see (as Classifier.fit encodes them); null when
 * they cannot be read (Classifier.fit then reports bad labels with its own error).
 */
export function fitClasses(data: MatrixLike | DatasetLike, y: unknown): Label[] | null {
  try {
    if (isDatasetLike(data)) {
      const part = data.part('train');
      return encodeLabels(Array.from(part.y, (i) => part.classes[i] as Label)).classes;
    }
    if (y === undefined || y === null || typeof y !== 'object' || !('length' in (y as object))) return null;
    return encodeLabels(y as readonly Label[]).classes;
  } catch {
    return null;
  }
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
 * A Classifier with a `classWeight` param: during `fit` it knows the sorted class labels before
 * `fitEncoded` runs (`pendingClasses`), which a {label: weight} classWeight needs to map its keys.
 */
export abstract class ClassWeightedClassifier<P extends object, S> extends Classifier<P, S> {
  /** The labels of the fit in progress (null outside fit, or when not needed / not readable). */
  protected pendingClasses: Label[] | null = null;

  /** Whether this fit needs `pendingClasses` (default: always). */
  protected needsFitClasses(): boolean {
    return true;
  }

  override async fit(
    data: MatrixLike | DatasetLike,
    yOrTraining?: readonly Label[] | ArrayLike<number> | Record<string, unknown>,
    loss?: unknown,
    optimizer?: unknown,
    logger?: TrainingLogger,
  ): Promise<this> {
    this.pendingClasses = this.needsFitClasses() ? fitClasses(data, yOrTraining) : null;
    try {
      return await super.fit(data, yOrTraining, loss, optimizer, logger);
    } finally {
      this.pendingClasses = null;
    }
  }
}
