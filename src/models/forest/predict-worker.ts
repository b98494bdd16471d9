/** Forest prediction worker: predicts row ranges of a shared matrix with a shared packed forest. */
import { parentPort, workerData } from 'node:worker_threads';
import { type PackedForest, predictPacked } from './packed-forest.js';

const forest = workerData as PackedForest;

parentPort?.on(
  'message',
  (m: { X: Float64Array; cols: number; r0: number; r1: number; out: Float64Array }) => {
    try {
      predictPacked(forest, m.X, m.cols, m.r0, m.r1, m.out);
      parentPort?.postMessage({ ok: true });
    } catch (e) {
      parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  },
);
