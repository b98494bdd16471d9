/**
 * makeClassification: scikit-learn's `make_classification` algorithm on our seeded Rng (the same
 * recipe, not the same numbers). Each class gets `nClustersPerClass` Gaussian clusters centred on
 * distinct vertices of a hypercube of side 2 * classSep in the informative subspace, with a random
 * covariance per cluster; redundant features are random linear combinations of the informative
 * ones, repeated features copy random earlier ones, and the rest is N(0, 1) noise. `flipY` labels
 * are reassigned at random.
 */
import type { LabeledData } from '../core/data.js';
import { ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { Rng } from '../core/rng.js';

export interface MakeClassificationOptions {
  readonly nSamples?: number;
  readonly nFeatures?: number;
  readonly nInformative?: number;
  readonly nRedundant?: number;
  readonly nRepeated?: number;
  readonly nClasses?: number;
  readonly nClustersPerClass?: number;
  /** Class proportions (normalised); default equal. */
  readonly weights?: readonly number[];
  readonly flipY?: number;
  readonly classSep?: number;
  /** Add this to every feature (default 0). */
  readonly shift?: number;
  /** Multiply every feature by this (default 1). */
  readonly scale?: number;
  /** Shuffle rows and feature columns (default true). */
  readonly shuffle?: boolean;
  readonly seed?: number;
}

export interface ClassificationData extends LabeledData {
  readonly classes: number[];
  /** Column indices of the informative features (after the column shuffle). */
  readonly informative: Int32Array;
  /** Column indices of the redundant features. */
  readonly redundant: Int32Array;
}

function int(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min)
    throw new ParamError(name, v, `an integer >= ${min}`, 'makeClassification');
  return v;
}

/** `count` distinct random vertices of the {0,1}^dims hypercube, row-major (count x dims). */
function hypercubeVertices(count: number, dims: number, rng: Rng): Float64Array {
  const out = new Float64Array(count * dims);
  const seen = new Set<string>();
  for (let c = 0; c < count; c++) {
    for (;;) {
      let key = '';
      for (let j = 0; j < dims; j++) {
        const bit = rng.nextUint32() >>> 31;
        out[c * dims + j] = bit;
        key += bit;
      }
      if (!seen.has(key)) {
        seen.add(key);
        break;
      }
    }
  }
  return out;
}

/**
 * A seeded synthetic classification problem like scikit-learn's `make_classification`: informative,
 * redundant, repeated and noise features around class clusters, with label noise and class weights.
 *
 * @example
 * ```ts
 * import { makeClassification, RandomForestClassifier } from 'autolearn';
 *
 * const data = makeClassification({ nSamples: 300, nFeatures: 8, nInformative: 4, nClasses: 3, seed: 0 });
 * const model = await new RandomForestClassifier({ nEstimators: 20, seed: 0 }).fit(data.X, data.y);
 * console.log(data.classes, (await model.predict(data.X)).length);
 * ```
 */
export function makeClassification(options: MakeClassificationOptions = {}): ClassificationData {
  const nSamples = int('nSamples', options.nSamples ?? 100, 1);
  const nFeatures = int('nFeatures', options.nFeatures ?? 20, 1);
  const nInf = int('nInformative', options.nInformative ?? 2, 1);
  const nRed = int('nRedundant', options.nRedundant ?? 2, 0);
  const nRep = int('nRepeated', options.nRepeated ?? 0, 0);
  const nClasses = int('nClasses', options.nClasses ?? 2, 1);
  const nCpc = int('nClustersPerClass', options.nClustersPerClass ?? 2, 1);
  const flipY = options.flipY ?? 0.01;
  const classSep = options.classSep ?? 1;
  const shift = options.shift ?? 0;
  const scaleBy = options.scale ?? 1;
  if (nInf + nRed + nRep > nFeatures) {
    throw new ParamError(
      'nFeatures',
      nFeatures,
      `>= nInformative + nRedundant + nRepeated (${nInf + nRed + nRep})`,
      'makeClassification',
    );
  }
  const nClusters = nClasses * nCpc;
  if (nInf < 31 && nClusters > 2 ** nInf) {
    throw new ParamError(
      'nInformative',
      nInf,
      `>= log2(nClasses * nClustersPerClass) = ${Math.log2(nClusters).toFixed(2)}`,
      'makeClassification',
    );
  }
  if (!(flipY >= 0 && flipY <= 1))
    throw new ParamError('flipY', flipY, 'a number in [0, 1]', 'makeClassification');
  if (!(Number.isFinite(classSep) && classSep > 0))
    throw new ParamError('classSep', classSep, 'a number > 0', 'makeClassification');
  let weights = options.weights;
  if (weights !== undefined) {
    if (weights.length !== nClasses || weights.some((w) => !(w >= 0)) || weights.every((w) => w === 0)) {
      throw new ParamError(
        'weights',
        weights,
        `${nClasses} non-negative numbers, not all 0`,
        'makeClassification',
      );
    }
  } else {
    weights = new Array(nClasses).fill(1 / nClasses);
  }
  const wsum = weights.reduce((a, b) => a + b, 0);
  const rng = new Rng(options.seed ?? 0);

  // Samples per cluster (scikit-learn: floor of the share, remainder round-robin).
  const perCluster = new Int32Array(nClusters);
  let assigned = 0;
  for (let k = 0; k < nClusters; k++) {
    perCluster[k] = Math.floor((nSamples * (weights[k % nClasses] as number)) / wsum / nCpc);
    assigned += perCluster[k] as number;
  }
  for (let i = 0; assigned < nSamples; i++, assigned++) perCluster[i % nClusters]++;

  const d = nFeatures;
  const X = new Float64Array(nSamples * d);
  const y = new Int32Array(nSamples);
  const centroids = hypercubeVertices(nClusters, nInf, rng);
  for (let k = 0; k < centroids.length; k++)
    centroids[k] = (centroids[k] as number) * 2 * classSep - classSep;

  // Informative features: N(0, I) per cluster, times a random matrix A in [-1, 1], plus the centroid.
  const z = new Float64Array(nInf);
  const A = new Float64Array(nInf * nInf);
  let row = 0;
  for (let k = 0; k < nClusters; k++) {
    for (let q = 0; q < A.length; q++) A[q] = 2 * rng.next() - 1;
    for (let s = 0; s < (perCluster[k] as number); s++, row++) {
      y[row] = k % nClasses;
      for (let a = 0; a < nInf; a++) z[a] = rng.normal();
      const base = row * d;
      for (let b = 0; b < nInf; b++) {
        let v = centroids[k * nInf + b] as number;
        for (let a = 0; a < nInf; a++) v += (z[a] as number) * (A[a * nInf + b] as number);
        X[base + b] = v;
      }
    }
  }
  // Redundant: informative x B, B in [-1, 1]^(nInf x nRed).
  if (nRed > 0) {
    const B = new Float64Array(nInf * nRed);
    for (let q = 0; q < B.length; q++) B[q] = 2 * rng.next() - 1;
    for (let i = 0; i < nSamples; i++) {
      const base = i * d;
      for (let r = 0; r < nRed; r++) {
        let v = 0;
        for (let a = 0; a < nInf; a++) v += (X[base + a] as number) * (B[a * nRed + r] as number);
        X[base + nInf + r] = v;
      }
    }
  }
  // Repeated: copies of random informative/redundant columns.
  if (nRep > 0) {
    const src = Int32Array.from({ length: nRep }, () => rng.int(nInf + nRed));
    for (let i = 0; i < nSamples; i++) {
      for (let r = 0; r < nRep; r++) X[i * d + nInf + nRed + r] = X[i * d + (src[r] as number)] as number;
    }
  }
  // Noise features.
  const used = nInf + nRed + nRep;
  for (let i = 0; i < nSamples; i++) for (let j = used; j < d; j++) X[i * d + j] = rng.normal();
  // Label noise.
  if (flipY > 0) {
    for (let i = 0; i < nSamples; i++) {
      if (rng.next() < flipY) y[i] = rng.int(nClasses);
    }
  }
  if (shift !== 0 || scaleBy !== 1)
    for (let k = 0; k < X.length; k++) X[k] = ((X[k] as number) + shift) * scaleBy;

  let colOrder = Int32Array.from({ length: d }, (_, j) => j);
  let out: Matrix = { rows: nSamples, cols: d, data: X };
  let labels = y;
  if (options.shuffle ?? true) {
    const perm = rng.shuffle(Int32Array.from({ length: nSamples }, (_, i) => i));
    colOrder = rng.shuffle(colOrder);
    const data = new Float64Array(X.length);
    labels = new Int32Array(nSamples);
    for (let i = 0; i < nSamples; i++) {
      const from = (perm[i] as number) * d;
      for (let j = 0; j < d; j++) data[i * d + j] = X[from + (colOrder[j] as number)] as number;
      labels[i] = y[perm[i] as number] as number;
    }
    out = { rows: nSamples, cols: d, data };
  }
  // Where did the informative / redundant source columns go?
  const position = new Int32Array(d);
  for (let j = 0; j < d; j++) position[colOrder[j] as number] = j;
  const informative = Int32Array.from({ length: nInf }, (_, a) => position[a] as number);
  const redundant = Int32Array.from({ length: nRed }, (_, r) => position[nInf + r] as number);
  return {
    X: out,
    y: labels,
    classes: Array.from({ length: nClasses }, (_, c) => c),
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    informative,
    redundant,
  };
}
