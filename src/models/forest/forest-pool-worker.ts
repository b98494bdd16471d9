/**
 * Pooled forest worker thread (lives across fits and predicts, see pool.ts). Messages:
 * - `{ id, kind: 'grow', jobId, job?, tree }`: grows tree `tree` of job `jobId` (the job, whose
 *   prepared matrix lives in SharedArrayBuffers, comes with the first message of each job and is
 *   kept until `drop`), transferring the tree's arrays back;
 * - `{ id, kind: 'predict', forest, X, cols, r0, r1, out }`: adds rows [r0, r1) of the shared X's
 *   forest probabilities into the shared `out`;
 * - `{ id, kind: 'drop' }`: forgets the kept job.
 * Every message is answered `{ id, ok, arrays?, error? }`.
 */
import { parentPort } from 'node:worker_threads';
import { forestPredictRows, treeReference } from '../../core/kernels/reference/tree.js';
import type { TreeArrays } from '../tree/tree-store.js';
import { type ForestJob, growForestTree } from './forest-tree.js';
import type { PackedForest } from './packed-forest.js';

type Msg =
  | { id: number; kind: 'grow'; jobId: number; job?: ForestJob; tree: number }
  | {
      id: number;
      kind: 'predict';
      forest: PackedForest;
      X: Float64Array;
      cols: number;
      r0: number;
      r1: number;
      out: Float64Array;
    }
  | { id: number; kind: 'drop' };

let jobId = -1;
let job: ForestJob | null = null;

parentPort?.on('message', async (m: Msg) => {
  try {
    if (m.kind === 'grow') {
      if (m.job) {
        job = m.job;
        jobId = m.jobId;
      }
      if (!job || jobId !== m.jobId) throw new Error(`job ${m.jobId} was not sent to this worker`);
      // worker threads grow trees with the host's tree kernels
      const a: TreeArrays = (await growForestTree(treeReference, job, m.tree)).toArrays();
      parentPort?.postMessage({ id: m.id, ok: true, arrays: a }, [
        a.feature.buffer,
        a.threshold.buffer,
        a.left.buffer,
        a.right.buffer,
        a.value.buffer,
        a.impurity.buffer,
        a.nSamples.buffer,
        a.weightedNSamples.buffer,
      ] as ArrayBuffer[]);
      return;
    }
    if (m.kind === 'predict') forestPredictRows(m.forest, m.X, m.cols, m.r0, m.r1, m.out);
    else {
      job = null;
      jobId = -1;
    }
    parentPort?.postMessage({ id: m.id, ok: true });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
