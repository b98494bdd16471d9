/**
 * The wasm-simd class moments split over the library's worker pool: this thread computes the first
 * chunks, pool threads the rest, reading X where it is (only X already in shared memory is
 * split), and the chunks are folded here in row order: the same bits as one thread
 * (nb-moments.ts). Used for matrices large enough to pay for the messages, once a pool thread has
 * booted (until then the moments run on this thread and the pool boots in the background).
 */
import { isMainThread } from 'node:worker_threads';
import { inSharedMemory, poolSize, runTask, taskOf, warmThreads, warmUp } from '../../pool.js';
import { chunkCount, chunkMoments, chunkStride, MOMENT_CHUNK_ROWS } from './nb-moments.js';
import type { ChunkMomentsTask } from './nb-tasks.js';

/** Values of X from which the moments are split over the pool (below, one thread is as fast). */
export const MOMENTS_PARALLEL_MIN_VALUES = 400_000;

/**
 * This thread's share of the chunks with `helpers` pool threads: less than an equal share, since
 * it also copies the helpers' rows into shared memory.
 */
const OWN_SHARE = 0.8;

/**
 * Pool threads to help with the moments of the n x d matrix `X` (0: this thread alone). Only for
 * X already in shared memory: copying the helpers' rows costs about what they save on two cores
 * (70000 x 20: a 0.9 ms copy against 2.2 ms for all the chunks on one thread), and only from the
 * main thread (a fit on a pool thread, as cross-validation runs them, starts no more threads).
 */
export function momentHelpers(X: Float64Array, n: number, d: number): number {
  if (n * d < MOMENTS_PARALLEL_MIN_VALUES || !isMainThread) return 0;
  if (!(X.buffer instanceof SharedArrayBuffer)) return 0;
  const threads = poolSize();
  if (threads < 2) return 0;
  warmUp(threads - 1);
  return Math.min(threads - 1, warmThreads(), chunkCount(n) - 1);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The packed moments of every chunk of X (n x d), `helpers` pool threads computing the last ones. */
export async function chunkMomentsParallel(
  X: Float64Array,
  d: number,
  y: Int32Array,
  weights: Float64Array | null,
  K: number,
  helpers: number,
): Promise<Float64Array> {
  const n = y.length;
  const total = chunkCount(n);
  const own = Math.max(1, Math.min(total - helpers, Math.round((OWN_SHARE * total) / (helpers + OWN_SHARE))));
  const stride = chunkStride(K, d);
  const out = new Float64Array(total * stride);
  const first = own * MOMENT_CHUNK_ROWS; // first row of the helpers' part
  const xs = inSharedMemory(X.subarray(first * d, n * d)); // X itself: momentHelpers asks for shared X
  const ys = inSharedMemory(y.subarray(first));
  const ws = weights ? inSharedMemory(weights.subarray(first)) : null;
  const rest = total - own;
  const replies: Promise<void>[] = [];
  for (let t = 0, c = 0; t < helpers; t++) {
    const m = Math.floor((rest * (t + 1)) / helpers) - Math.floor((rest * t) / helpers);
    if (m === 0) continue;
    const r0 = c * MOMENT_CHUNK_ROWS;
    const r1 = Math.min(n - first, (c + m) * MOMENT_CHUNK_ROWS);
    const task: ChunkMomentsTask = {
      X: xs.subarray(r0 * d, r1 * d),
      y: ys.subarray(r0, r1),
      weights: ws ? ws.subarray(r0, r1) : null,
      d,
      K,
      chunks: m,
    };
    const c0 = own + c;
    replies.push(
      runTask<Float64Array>(taskOf(import.meta.url, 'nb-tasks', 'momentsOfChunks', task)).then(
        (part) => out.set(part, c0 * stride),
        // a pool thread failed: its chunks are computed here, the same values
        () => chunkMoments(X, d, y, weights, K, c0, c0 + m, out, c0),
      ),
    );
    c += m;
  }
  await nextTurn(); // the tasks are posted before this thread starts computing
  chunkMoments(X, d, y, weights, K, 0, own, out, 0);
  await Promise.all(replies);
  return out;
}
