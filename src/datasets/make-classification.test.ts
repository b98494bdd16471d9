import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { afterAll, describe, expect, it } from 'vitest';
import { ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { readCsvMatrix } from '../pipeline/collect.js';
import { makeClassification } from './make-classification.js';
import { splitIndices } from './split.js';
import { writeCsv } from './write-csv.js';

/** Test accuracy of a nearest-class-mean classifier using only `cols`. */
function nearestMeanAccuracy(X: Matrix, y: Int32Array, k: number, cols: readonly number[]): number {
  const { train, test } = splitIndices(X.rows, { test: 0.3, seed: 1 }, y);
  const means = new Float64Array(k * cols.length);
  const counts = new Float64Array(k);
  for (const i of train) {
    counts[y[i] as number]++;
    cols.forEach((j, q) => {
      means[(y[i] as number) * cols.length + q] += X.data[i * X.cols + j] as number;
    });
  }
  for (let c = 0; c < k; c++)
    for (let q = 0; q < cols.length; q++) means[c * cols.length + q] /= counts[c] as number;
  let correct = 0;
  for (const i of test) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      let d = 0;
      cols.forEach((j, q) => {
        d += ((X.data[i * X.cols + j] as number) - (means[c * cols.length + q] as number)) ** 2;
      });
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best === y[i]) correct++;
  }
  return correct / test.length;
}

describe('makeClassification', () => {
  it('has the requested shape, classes and balanced class sizes', () => {
    const d = makeClassification({
      nSamples: 301,
      nFeatures: 7,
      nInformative: 3,
      nRedundant: 2,
      nClasses: 3,
      flipY: 0,
      seed: 4,
    });
    expect(d.X.rows).toBe(301);
    expect(d.X.cols).toBe(7);
    expect(d.X.data.length).toBe(301 * 7);
    expect(d.classes).toEqual([0, 1, 2]);
    const counts = [0, 1, 2].map((c) => d.y.filter((v) => v === c).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(301);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(d.featureNames).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(d.X.data.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('follows class weights', () => {
    const d = makeClassification({ nSamples: 1000, weights: [0.8, 0.2], flipY: 0, seed: 2 });
    expect(d.y.filter((v) => v === 0).length).toBe(800);
  });

  it('is deterministic per seed', () => {
    const a = makeClassification({ nSamples: 50, seed: 11 });
    const b = makeClassification({ nSamples: 50, seed: 11 });
    const c = makeClassification({ nSamples: 50, seed: 12 });
    expect(a.X.data).toEqual(b.X.data);
    expect(a.y).toEqual(b.y);
    expect(a.X.data).not.toEqual(c.X.data);
  });

  it('informative features carry the class signal; noise features do not', () => {
    const d = makeClassification({
      nSamples: 2000,
      nFeatures: 10,
      nInformative: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      classSep: 2,
      flipY: 0,
      seed: 8,
    });
    const informative = Array.from(d.informative);
    const noise = [...Array(10).keys()].filter((j) => !informative.includes(j));
    expect(nearestMeanAccuracy(d.X, d.y, 2, informative)).toBeGreaterThan(0.9);
    const chance = nearestMeanAccuracy(d.X, d.y, 2, noise);
    expect(chance).toBeGreaterThan(0.4);
    expect(chance).toBeLessThan(0.6);
  });

  it('redundant features are exact linear combinations of the informative ones (least squares, ml-matrix)', () => {
    const d = makeClassification({ nSamples: 200, nFeatures: 8, nInformative: 3, nRedundant: 2, seed: 6 });
    const inf = Array.from(d.informative);
    const A = new MlMatrix(
      Array.from({ length: 200 }, (_, i) => inf.map((j) => d.X.data[i * 8 + j] as number)),
    );
    for (const r of d.redundant) {
      const b = MlMatrix.columnVector(Array.from({ length: 200 }, (_, i) => d.X.data[i * 8 + r] as number));
      const w = solve(A, b, true);
      const resid = A.mmul(w).sub(b).norm() / b.norm();
      expect(resid).toBeLessThan(1e-10);
    }
    // ... and noise features are not.
    const noise = [...Array(8).keys()].find(
      (j) => !inf.includes(j) && !Array.from(d.redundant).includes(j),
    ) as number;
    const b = MlMatrix.columnVector(Array.from({ length: 200 }, (_, i) => d.X.data[i * 8 + noise] as number));
    expect(
      A.mmul(solve(A, b, true))
        .sub(b)
        .norm() / b.norm(),
    ).toBeGreaterThan(0.5);
  });

  it('checks its parameters', () => {
    expect(() => makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })).toThrow(ParamError);
    expect(() => makeClassification({ nInformative: 1, nClasses: 3 })).toThrow(ParamError);
    expect(() => makeClassification({ nSamples: 0 })).toThrow(ParamError);
    expect(() => makeClassification({ weights: [1] })).toThrow(ParamError);
  });
});

describe('writeCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autolearn-wcsv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes f0..f{d-1},label and reads back the exact float64 values', async () => {
    const d = makeClassification({ nSamples: 500, nFeatures: 5, nClasses: 3, nInformative: 3, seed: 1 });
    const f = join(dir, 'sub', 'mc.csv');
    await writeCsv(f, d.X, d.y);
    const back = await readCsvMatrix(f, { label: 'label' });
    expect(back.columns).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'label']);
    expect(back.X.data).toEqual(d.X.data);
    expect(back.classes).toEqual([0, 1, 2]);
    expect(back.y).toEqual(d.y);
  });

  it('writes class names for encoded labels and quotes awkward text', async () => {
    const f = join(dir, 'names.csv');
    const X: Matrix = { rows: 2, cols: 1, data: Float64Array.from([1, 2]) };
    await writeCsv(f, X, Int32Array.from([1, 0]), {
      classes: ['a,b', 'say "hi"'],
      featureNames: ['x'],
      labelName: 'what',
    });
    const back = await readCsvMatrix(f, { label: 'what' });
    expect(back.classes).toEqual(['a,b', 'say "hi"']);
    expect(Array.from(back.y)).toEqual([1, 0]);
  });
});
