/**
 * All trees of a forest packed into flat arrays (optionally on SharedArrayBuffers) for prediction:
 * sibling-adjacent traversal arrays plus per-node class distributions. Row ranges can be
 * predicted independently (worker threads), each row summing its trees in the same order, so the
 * result does not depend on how rows are split.
 */
import type { TreeStore } from '../tree/tree-store.js';

export interface PackedForest {
  readonly nTrees: number;
  readonly nClasses: number;
  /** Node offset of tree t (length nTrees + 1). */
  readonly offsets: Int32Array;
  readonly feat: Int32Array;
  readonly thr: Float64Array;
  /** Global index of the left child (right = left + 1); for a leaf, the global index of its distribution. */
  readonly child: Int32Array;
  /** Class distribution per node (global node-major, nClasses each). */
  readonly proba: Float64Array;
}

function alloc<T extends Int32Array | Float64Array>(
  Ctor: { new (b: ArrayBufferLike): T; new (n: number): T; BYTES_PER_ELEMENT: number },
  n: number,
  shared: boolean,
): T {
  return shared ? new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT)) : new Ctor(n);
}

export function packForest(trees: readonly TreeStore[], nClasses: number, shared: boolean): PackedForest {
  const offsets = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => {
    offsets[i + 1] = (offsets[i] as number) + t.nodeCount;
  });
  const total = offsets[trees.length] as number;
  const feat = alloc(Int32Array, total, shared);
  const thr = alloc(Float64Array, total, shared);
  const child = alloc(Int32Array, total, shared);
  const proba = alloc(Float64Array, total * nClasses, shared);
  trees.forEach((t, i) => {
    const off = offsets[i] as number;
    const l = t.predictLayout();
    feat.set(l.feat, off);
    thr.set(l.thr, off);
    for (let j = 0; j < t.nodeCount; j++) child[off + j] = (l.child[j] as number) + off;
    proba.set(t.proba(), off * nClasses);
  });
  return { nTrees: trees.length, nClasses, offsets, feat, thr, child, proba };
}

/**
 * out[r] += (sum over trees of the leaf distribution) / nTrees for rows [r0, r1), summing tree by
 * tree then dividing, as scikit-learn's predict_proba (`out` starts at 0).
 */
export function predictPacked(
  p: PackedForest,
  X: Float64Array,
  cols: number,
  r0: number,
  r1: number,
  out: Float64Array,
): void {
  const { feat, thr, child, proba, offsets, nClasses: K } = p;
  for (let t = 0; t < p.nTrees; t++) {
    const root = offsets[t] as number;
    const fr = feat[root] as number;
    for (let r = r0; r < r1; r++) {
      const base = r * cols;
      let i = root;
      let f = fr;
      while (f >= 0) {
        i = (child[i] as number) + (Math.fround(X[base + f] as number) > (thr[i] as number) ? 1 : 0);
        f = feat[i] as number;
      }
      const leaf = (child[i] as number) * K;
      const o = r * K;
      for (let k = 0; k < K; k++) out[o + k] += proba[leaf + k] as number;
    }
  }
  const nTrees = p.nTrees;
  for (let t = r0 * K; t < r1 * K; t++) out[t] = (out[t] as number) / nTrees;
}
