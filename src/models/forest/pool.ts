/**
 * Grows a forest's trees, in this thread (nJobs = 1) or as tasks on the library's worker pool
 * (src/core/pool.ts) sharing one prepared (binned or ranked) matrix through SharedArrayBuffers.
 * Trees are handed out one at a time to whichever thread is free; results are stored by tree
 * index, so the forest does not depend on scheduling.
 */
import { AutolearnError } from '../../core/errors.js';
import { closePool, inSharedMemory, runTask, taskOf } from '../../core/pool.js';
import { resolveJobs } from '../../core/worker.js';
import type { HistogramKernel } from '../tree/hist-splitter.js';
import { type TreeArrays, TreeStore } from '../tree/tree-store.js';
import { type ForestJob, growForestTree } from './forest-tree.js';
import type { PackedForest } from './packed-forest.js';

/** Stops the pool's threads (later fits and predicts start new ones). */
export async function closeForestPool(): Promise<void> {
  await closePool();
}

/**
 * Grows `nTrees` trees; `onTree(done)` is called in this thread each time a tree is finished (done
 * counts finished trees, whichever thread grew them). Trees grown in this thread get their
 * histograms from `kernels` (the model's device); pool threads use the host's own.
 */
export async function growForest(
  kernels: HistogramKernel,
  job: ForestJob,
  nTrees: number,
  nJobs: number,
  onTree?: (done: number) => void,
  /** Index of the first tree (a warm start continues after the kept trees). */
  first = 0,
): Promise<TreeStore[]> {
  const trees: TreeStore[] = new Array(nTrees);
  const workers = Math.min(resolveJobs(nJobs), nTrees);
  if (workers <= 1) {
    for (let i = 0; i < nTrees; i++) {
      trees[i] = await growForestTree(kernels, job, first + i);
      onTree?.(i + 1);
    }
    return trees;
  }
  // labels and weights travel shared too, so that a task carries no copy of any per-row array
  const sharedJob: ForestJob = {
    ...job,
    y: inSharedMemory(job.y),
    sampleWeight: job.sampleWeight ? inSharedMemory(job.sampleWeight) : null,
  };
  let finished = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < nTrees) {
        const tree = next++;
        const arrays = await runTask<TreeArrays>(
          taskOf(import.meta.url, 'forest-tasks', 'growTree', { job: sharedJob, tree: first + tree }),
        ).catch((e: Error) => {
          throw new AutolearnError('E_WORKER', `forest worker failed on tree ${tree}: ${e.message}`, {
            cause: e,
          });
        });
        trees[tree] = TreeStore.fromArrays(arrays);
        onTree?.(++finished);
      }
    }),
  );
  return trees;
}

/**
 * Predicts rows of X on `jobs` pool threads sharing the packed forest and X (row ranges split
 * evenly); `X`, the forest and `out` must be SharedArrayBuffer-backed.
 */
export async function predictParallel(
  packed: PackedForest,
  X: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
  jobs: number,
): Promise<void> {
  await Promise.all(
    Array.from({ length: jobs }, (_, j) =>
      runTask(
        taskOf(import.meta.url, 'forest-tasks', 'predictRows', {
          forest: packed,
          X,
          cols,
          r0: Math.floor((rows * j) / jobs),
          r1: Math.floor((rows * (j + 1)) / jobs),
          out,
        }),
      ).catch((e: Error) => {
        throw new AutolearnError('E_WORKER', `forest predict worker failed: ${e.message}`, { cause: e });
      }),
    ),
  );
}
