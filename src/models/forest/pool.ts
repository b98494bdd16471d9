/**
 * Grows a forest's trees, in this thread (nJobs = 1) or on worker threads that share one prepared
 * (binned or ranked) matrix through SharedArrayBuffers. Trees are handed out one at a time to
 * whichever worker is free; results are stored by tree index, so the forest does not depend on
 * scheduling.
 */

import type { Worker } from 'node:worker_threads';
import { AutolearnError } from '../../core/errors.js';
import { resolveJobs, startWorker } from '../../core/worker.js';
import type { HistogramKernel } from '../tree/hist-splitter.js';
import { type TreeArrays, TreeStore } from '../tree/tree-store.js';
import { type ForestJob, growForestTree } from './forest-tree.js';
import type { PackedForest } from './packed-forest.js';

type Reply = { id: number; ok: boolean; arrays?: TreeArrays; error?: string };

/**
 * A worker of the process-wide pool. Workers are started lazily (the first time a fit or predict
 * asks for that many), reused by every later fit and predict of any forest (starting a worker costs
 * 0.1-1.3 s, most of it when running from TypeScript sources through tsx), and unref'd while idle,
 * so the pool never keeps the process alive. A worker that crashes or exits leaves the pool.
 */
interface PooledWorker {
  readonly worker: Worker;
  readonly pending: Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void; msg: (e: string) => string }
  >;
  /** The grow job this worker keeps (sent with its first tree), -1 when none. */
  jobId: number;
  /** Why the worker is gone (crashed or exited), null while it runs. */
  dead: Error | null;
}

const pool: PooledWorker[] = [];
let nextCallId = 0;
let nextJobId = 0;

function spawn(): PooledWorker {
  const worker = startWorker(import.meta.url, 'forest-pool-worker');
  const w: PooledWorker = { worker, pending: new Map(), jobId: -1, dead: null };
  worker.unref();
  const fail = (e: Error): void => {
    const i = pool.indexOf(w);
    if (i >= 0) pool.splice(i, 1);
    w.dead ??= e;
    for (const t of w.pending.values()) t.reject(e);
    w.pending.clear();
  };
  worker.on('message', (r: Reply) => {
    const t = w.pending.get(r.id);
    if (!t) return;
    w.pending.delete(r.id);
    if (w.pending.size === 0) worker.unref();
    if (r.ok) t.resolve(r);
    else t.reject(new AutolearnError('E_WORKER', t.msg(String(r.error))));
  });
  worker.on('error', (e) =>
    fail(new AutolearnError('E_WORKER', `forest worker crashed: ${e.message}`, { cause: e })),
  );
  worker.on('exit', (code) => fail(new AutolearnError('E_WORKER', `forest worker exited with code ${code}`)));
  return w;
}

/** The first `n` workers of the pool, starting the missing ones. */
function poolWorkers(n: number): PooledWorker[] {
  while (pool.length < n) pool.push(spawn());
  return pool.slice(0, n);
}

/** Sends one message and resolves with its reply (the worker is ref'd while it has work). */
function call(w: PooledWorker, msg: object, describe: (e: string) => string): Promise<Reply> {
  const id = nextCallId++;
  return new Promise<Reply>((resolve, reject) => {
    if (w.dead) {
      reject(w.dead);
      return;
    }
    if (w.pending.size === 0) w.worker.ref();
    w.pending.set(id, { resolve, reject, msg: describe });
    w.worker.postMessage({ ...msg, id });
  });
}

/** Terminates the pooled workers (later fits and predicts start new ones). */
export async function closeForestPool(): Promise<void> {
  const ws = pool.splice(0, pool.length);
  await Promise.all(ws.map((w) => w.worker.terminate()));
}

/**
 * Grows `nTrees` trees; `onTree(done)` is called in this thread each time a tree is finished (done
 * counts finished trees, whichever worker grew them). Trees grown in this thread get their
 * histograms from `kernels` (the model's device); worker threads use the host's own.
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
  const ws = poolWorkers(workers);
  const jobId = nextJobId++;
  let finished = 0;
  let next = 0;
  try {
    await Promise.all(
      ws.map(async (w) => {
        while (next < nTrees) {
          const tree = next++;
          const firstOfJob = w.jobId !== jobId;
          w.jobId = jobId;
          const r = await call(
            w,
            { kind: 'grow', jobId, job: firstOfJob ? job : undefined, tree: first + tree },
            (e) => `forest worker failed on tree ${tree}: ${e}`,
          );
          if (!r.arrays) throw new AutolearnError('E_WORKER', `forest worker sent no tree ${tree}`);
          trees[tree] = TreeStore.fromArrays(r.arrays);
          onTree?.(++finished);
        }
      }),
    );
  } finally {
    // let the workers forget the job (its shared matrix) as soon as the forest is grown
    for (const w of ws) {
      if (w.jobId === jobId && pool.includes(w)) {
        w.jobId = -1;
        call(w, { kind: 'drop' }, (e) => e).catch(() => {});
      }
    }
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
  const ws = poolWorkers(jobs);
  await Promise.all(
    ws.map((w, j) =>
      call(
        w,
        {
          kind: 'predict',
          forest: packed,
          X,
          cols,
          r0: Math.floor((rows * j) / jobs),
          r1: Math.floor((rows * (j + 1)) / jobs),
          out,
        },
        (e) => `forest predict worker failed: ${e}`,
      ),
    ),
  );
}
