/** Pool tasks of the forest (see pool.ts): grow one tree of a job; predict a row range. */
import { forestPredictRows, treeReference } from '../../core/kernels/reference/tree.js';
import type { TreeArrays } from '../tree/tree-store.js';
import { type ForestJob, growForestTree } from './forest-tree.js';
import type { PackedForest } from './packed-forest.js';

/** Grows one tree with the host's tree kernels (pool threads are host threads). */
export async function growTree(arg: { job: ForestJob; tree: number }): Promise<TreeArrays> {
  return (await growForestTree(treeReference, arg.job, arg.tree)).toArrays();
}

export function predictRows(arg: {
  forest: PackedForest;
  X: Float64Array;
  cols: number;
  r0: number;
  r1: number;
  out: Float64Array;
}): null {
  forestPredictRows(arg.forest, arg.X, arg.cols, arg.r0, arg.r1, arg.out);
  return null;
}
