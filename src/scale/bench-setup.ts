/**
 * Registry setup for the throughput benchmark: the built-ins plus `scale_synthetic`, a seeded
 * synthetic classification set (4 overlapping Gaussian classes) big enough that one RandomForest
 * job takes on the order of a second. Rows and features come from AUTOLEARN_BENCH_ROWS /
 * AUTOLEARN_BENCH_FEATURES (default 4000 x 20), so every worker process builds the same data.
 */
import { registerBuiltins } from '../catalog/builtins.js';
import type { Registry } from '../catalog/registry.js';
import type { DatasetLike, LabeledData, PartName } from '../core/data.js';
import { matrix } from '../core/matrix.js';
import { Rng } from '../core/rng.js';

export const BENCH_DATASET = 'scale_synthetic';

/** Seeded blobs: class k's mean is 0.6·k on a random half of the features, unit noise. */
export function syntheticParts(
  rows: number,
  features: number,
  test: number,
  seed: number,
): Record<PartName, LabeledData> {
  const classes = ['c0', 'c1', 'c2', 'c3'];
  const rng = new Rng(12345);
  const shift = new Float64Array(features);
  for (let j = 0; j < features; j++) shift[j] = rng.next() < 0.5 ? 0.6 : 0;
  const X = matrix(rows, features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i % classes.length;
    y[i] = k;
    for (let j = 0; j < features; j++) X.data[i * features + j] = rng.normal() + k * (shift[j] as number);
  }
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const split = new Rng(seed);
  for (let i = rows - 1; i > 0; i--) {
    const j = split.int(i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const nTest = Math.round(test * rows);
  const featureNames = Array.from({ length: features }, (_, j) => `x${j}`);
  const part = (from: number, to: number): LabeledData => {
    const n = to - from;
    const Xp = matrix(n, features);
    const yp = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const src = order[from + r] as number;
      Xp.data.set(X.data.subarray(src * features, (src + 1) * features), r * features);
      yp[r] = y[src] as number;
    }
    return { X: Xp, y: yp, classes, featureNames };
  };
  return { test: part(0, nTest), train: part(nTest, rows), validation: part(0, 0), all: part(0, rows) };
}

export default function setup(registry: Registry): Registry {
  registerBuiltins(registry);
  const rows = Number(process.env.AUTOLEARN_BENCH_ROWS ?? 4000);
  const features = Number(process.env.AUTOLEARN_BENCH_FEATURES ?? 20);
  if (!registry.dataset(BENCH_DATASET, 'classification')) {
    registry.registerDataset({
      name: BENCH_DATASET,
      task: 'classification',
      description: `synthetic benchmark set: ${rows} rows, ${features} features, 4 classes`,
      features: Array.from({ length: features }, (_, j) => `x${j}`),
      label: ['class'],
      nRecords: rows,
      preProcessing: [{ step: 1, computation: 'shuffle (seeded)' }],
      load: async (s): Promise<DatasetLike> => {
        const parts = syntheticParts(rows, features, s.test, s.seed);
        return { isDataset: true, name: BENCH_DATASET, part: (w: PartName) => parts[w] };
      },
    });
  }
  return registry;
}
