/** Pool task of the wasm-simd class moments (see nb-pool.ts): the moments of a range of chunks. */
import { chunkMoments, chunkStride } from './nb-moments.js';

export interface ChunkMomentsTask {
  /** Rows from the first chunk of the range on (row-major, d columns), in shared memory. */
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly weights: Float64Array | null;
  readonly d: number;
  readonly K: number;
  /** Chunks of the range, counted from the first row of X here. */
  readonly chunks: number;
}

/** The packed moments of the task's chunks (chunkStride values each). */
export function momentsOfChunks(t: ChunkMomentsTask): Float64Array {
  const out = new Float64Array(t.chunks * chunkStride(t.K, t.d));
  chunkMoments(t.X, t.d, t.y, t.weights, t.K, 0, t.chunks, out, 0);
  return out;
}
