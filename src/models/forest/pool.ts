/**
 * Grows a forest's trees, in this thread (nJobs = 1) or on worker threads that share one prepared
 * (binned or ranked) matrix through SharedArrayBuffers. Trees are handed out one at a time to
 * whichever worker is free; results are stored by tree index, so the forest does not depend on
 * scheduling.
 */

import { AutolearnError } from '../../core/errors.js';
import { startWorker } from '../../core/worker.js';
import { type TreeArrays, TreeStore } from '../tree/tree-store.js';
import { type ForestJob, growForestTree } from './forest-tree.js';
import type { PackedForest } from './packed-forest.js';

type Reply = { tree: number; arrays?: TreeArrays; error?: string };

/**
 * Grows `nTrees` trees; `onTree(done)` is called in this thread each time a tree is finished (done
 * counts finished trees, whichever worker grew them).
 */
export async function growForest(
  job: ForestJob,
  nTrees: number,
  nJobs: number,
  onTree?: (done: number) => void,
): Promise<TreeStore[]> {
  const trees: TreeStore[] = new Array(nTrees);
  const workers = Math.min(nJobs, nTrees);
  if (workers <= 1) {
    for (let i = 0; i < nTrees; i++) {
      trees[i] = growForestTree(job, i);
      onTree?.(i + 1);
    }
    return trees;
  }
  let finished = 0;
  const started = Array.from({ length: workers }, () =>
    startWorker(import.meta.url, 'forest-worker', { workerData: job }),
  );
  let next = 0;
  try {
    await Promise.all(
      started.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= nTrees) {
                resolve();
                return;
              }
              w.postMessage({ tree: next++ });
            };
            w.on('message', (r: Reply) => {
              if (r.error !== undefined || !r.arrays) {
                reject(new AutolearnError('E_WORKER', `forest worker failed on tree ${r.tree}: ${r.error}`));
                return;
              }
              trees[r.tree] = TreeStore.fromArrays(r.arrays);
              give();
              onTree?.(++finished);
            });
            w.on('error', (e) =>
              reject(new AutolearnError('E_WORKER', `forest worker crashed: ${e.message}`, { cause: e })),
            );
            w.on('exit', (code) => {
              if (next < nTrees || code !== 0)
                reject(new AutolearnError('E_WORKER', `forest worker exited with code ${code}`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
  return trees;
}

/**
 * Predicts rows of X on `jobs` worker threads sharing the packed forest and X (row ranges split
 * evenly); `out` must be SharedArrayBuffer-backed.
 */
export async function predictParallel(
  packed: PackedForest,
  X: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
  jobs: number,
): Promise<void> {
  const workers = Array.from({ length: jobs }, () =>
    startWorker(import.meta.url, 'predict-worker', { workerData: packed }),
  );
  try {
    await Promise.all(
      workers.map(
        (w, j) =>
          new Promise<void>((resolve, reject) => {
            w.on('message', (r: { ok: boolean; error?: string }) =>
              r.ok
                ? resolve()
                : reject(new AutolearnError('E_WORKER', `forest predict worker failed: ${r.error}`)),
            );
            w.on('error', (e) =>
              reject(
                new AutolearnError('E_WORKER', `forest predict worker crashed: ${e.message}`, { cause: e }),
              ),
            );
            // after a result, resolve() already won; an earlier exit means the worker died
            w.on('exit', (code) =>
              reject(new AutolearnError('E_WORKER', `forest predict worker exited with code ${code}`)),
            );
            w.postMessage({
              X,
              cols,
              r0: Math.floor((rows * j) / jobs),
              r1: Math.floor((rows * (j + 1)) / jobs),
              out,
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
