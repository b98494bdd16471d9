/**
 * All trees of a forest packed into flat arrays (optionally on SharedArrayBuffers) for prediction:
 * sibling-adjacent traversal arrays plus per-node class distributions. Row ranges can be
 * predicted independently (worker threads, see forestPredictRows), each row summing its trees in the same order, so the
 * result does not depend on how rows are split.
 */

import { firstMaxPerRow } from '../../core/first-max.js';
import type { FlatForest } from '../../core/kernels/tree.js';
import type { TreeStore } from '../tree/tree-store.js';

/** The kernel contract's flat forest (the tree kernels' forestPredict reads it). */
export type PackedForest = FlatForest;

function alloc<T extends Int32Array | Float64Array>(
  Ctor: { new (b: ArrayBufferLike): T; new (n: number): T; BYTES_PER_ELEMENT: number },
  n: number,
  shared: boolean,
): T {
  return shared ? new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT)) : new Ctor(n);
}

/**
 * Packs the trees; each leaf carries its class distribution (`leaves` 'proba', predict_proba) or,
 * as a single value, the first maximum of its raw weighted class counts ('class': the class index
 * a single tree predicts, as scikit-learn's argmax of tree_.predict; the packed forest then has
 * one output per row).
 */
export function packForest(
  trees: readonly TreeStore[],
  nClasses: number,
  shared: boolean,
  leaves: 'proba' | 'class' = 'proba',
): PackedForest {
  const outputs = leaves === 'class' ? 1 : nClasses;
  const offsets = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => {
    offsets[i + 1] = (offsets[i] as number) + t.nodeCount;
  });
  const total = offsets[trees.length] as number;
  const feat = alloc(Int32Array, total, shared);
  const thr = alloc(Float64Array, total, shared);
  const child = alloc(Int32Array, total, shared);
  const proba = alloc(Float64Array, total * outputs, shared);
  trees.forEach((t, i) => {
    const off = offsets[i] as number;
    const l = t.predictLayout();
    feat.set(l.feat, off);
    thr.set(l.thr, off);
    for (let j = 0; j < t.nodeCount; j++) child[off + j] = (l.child[j] as number) + off;
    if (leaves === 'class') proba.set(firstMaxPerRow(t.value, t.nodeCount, nClasses), off);
    else proba.set(t.proba(), off * nClasses);
  });
  return { nTrees: trees.length, nClasses: outputs, offsets, feat, thr, child, proba };
}
