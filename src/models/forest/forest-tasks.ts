/** Pool tasks of the forest (see pool.ts): grow one tree of a job; predict a row range. */
import type { TreeArrays } from '../tree/tree-store.js';
import { type ForestJob, growForestTree } from './forest-tree.js';
import { type PackedForest, predictPacked } from './packed-forest.js';

export function growTree(arg: { job: ForestJob; tree: number }): TreeArrays {
  return growForestTree(arg.job, arg.tree).toArrays();
}

export function predictRows(arg: {
  forest: PackedForest;
  X: Float64Array;
  cols: number;
  r0: number;
  r1: number;
  out: Float64Array;
}): null {
  predictPacked(arg.forest, arg.X, arg.cols, arg.r0, arg.r1, arg.out);
  return null;
}
