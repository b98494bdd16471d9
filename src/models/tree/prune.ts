/**
 * Minimal cost-complexity pruning (Breiman et al.; scikit-learn's `ccp_alpha` and
 * `cost_complexity_pruning_path`). R(t) = w_t / w_root * impurity_t is a node's weighted impurity,
 * R(T_t) the sum of R over the leaves of its branch; the weakest link is the internal node with the
 * smallest effective alpha (R(t) - R(T_t)) / (|leaves(T_t)| - 1), ties to the lowest node index.
 * Pruning collapses weakest links while their alpha is at most ccpAlpha; the path records every
 * (alpha, total leaf impurity) step down to the root alone.
 */
import { TREE_LEAF, TreeStore } from './tree-store.js';

/** The pruning path: effective alphas (first 0) and total leaf impurity of each subtree. */
export interface PruningPath {
  readonly ccpAlphas: number[];
  readonly impurities: number[];
}

/**
 * Runs weakest-link pruning on `tree`; `stopAt(alpha)` true stops before pruning a link of that
 * alpha. Returns the leaves of the final subtree (a mask over node ids) and the path walked.
 */
function weakestLinkPrune(
  tree: TreeStore,
  stopAt: (alpha: number) => boolean,
): { leaves: Uint8Array; path: PruningPath } {
  const n = tree.nodeCount;
  const w = tree.weightedNSamples;
  const left = tree.left;
  const right = tree.right;
  const totalWeight = w[0] as number;
  const rNode = new Float64Array(n);
  for (let i = 0; i < n; i++) rNode[i] = ((w[i] as number) * (tree.impurity[i] as number)) / totalWeight;
  const parent = new Int32Array(n);
  const leaves = new Uint8Array(n);
  // parents and leaves (the traversal order does not matter: each node has one parent)
  parent[0] = -2;
  for (let i = 0; i < n; i++) {
    const l = left[i] as number;
    if (l === TREE_LEAF) leaves[i] = 1;
    else {
      parent[l] = i;
      parent[right[i] as number] = i;
    }
  }
  const nLeaves = new Int32Array(n);
  const rBranch = new Float64Array(n);
  for (let leaf = 0; leaf < n; leaf++) {
    if (!leaves[leaf]) continue;
    rBranch[leaf] = rNode[leaf] as number;
    const r = rNode[leaf] as number;
    let i = leaf;
    while (i !== 0) {
      const p = parent[i] as number;
      rBranch[p] = (rBranch[p] as number) + r;
      nLeaves[p] = (nLeaves[p] as number) + 1;
      i = p;
    }
  }
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i++) candidate[i] = leaves[i] ? 0 : 1;
  const inSubtree = new Uint8Array(n).fill(1);
  const ccpAlphas: number[] = [0];
  const impurities: number[] = [rBranch[0] as number];
  const stack: number[] = [];
  while (candidate[0]) {
    let alpha = Number.MAX_VALUE;
    let weakest = -1;
    for (let i = 0; i < n; i++) {
      if (!candidate[i]) continue;
      const a = ((rNode[i] as number) - (rBranch[i] as number)) / ((nLeaves[i] as number) - 1);
      if (a < alpha) {
        alpha = a;
        weakest = i;
      }
    }
    if (weakest < 0 || stopAt(alpha)) break;
    stack.push(weakest);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (!inSubtree[i]) continue;
      candidate[i] = 0;
      leaves[i] = 0;
      inSubtree[i] = 0;
      const l = left[i] as number;
      if (l !== TREE_LEAF) stack.push(l, right[i] as number);
    }
    leaves[weakest] = 1;
    inSubtree[weakest] = 1;
    const pruned = (nLeaves[weakest] as number) - 1;
    nLeaves[weakest] = 0;
    const rDiff = (rNode[weakest] as number) - (rBranch[weakest] as number);
    rBranch[weakest] = rNode[weakest] as number;
    for (let i = parent[weakest] as number; i !== -2; i = parent[i] as number) {
      nLeaves[i] = (nLeaves[i] as number) - pruned;
      rBranch[i] = (rBranch[i] as number) + rDiff;
    }
    ccpAlphas.push(alpha);
    impurities.push(rBranch[0] as number);
  }
  return { leaves, path: { ccpAlphas, impurities } };
}

/** scikit-learn's cost_complexity_pruning_path of a fitted (unpruned) tree. */
export function pruningPath(tree: TreeStore): PruningPath {
  return weakestLinkPrune(tree, () => false).path;
}

/**
 * The subtree for `ccpAlpha`: weakest links with alpha <= ccpAlpha collapsed into leaves; nodes
 * renumbered in depth-first pre-order (left first). Returns `tree` itself when ccpAlpha is 0.
 */
export function pruneTree(tree: TreeStore, ccpAlpha: number): TreeStore {
  if (ccpAlpha === 0) return tree;
  const { leaves } = weakestLinkPrune(tree, (alpha) => ccpAlpha < alpha);
  const K = tree.nClasses;
  const out = new TreeStore(K, tree.nodeCount);
  const counts = new Float64Array(K);
  // stack of (original node, new parent, is left)
  const stack: number[] = [0, -1, 0];
  while (stack.length > 0) {
    const isLeft = stack.pop() === 1;
    const parent = stack.pop() as number;
    const o = stack.pop() as number;
    for (let k = 0; k < K; k++) counts[k] = tree.value[o * K + k] as number;
    const id = out.addNode(
      parent,
      isLeft,
      counts,
      tree.impurity[o] as number,
      tree.nSamples[o] as number,
      tree.weightedNSamples[o] as number,
    );
    if (!leaves[o]) {
      out.setSplit(id, tree.feature[o] as number, tree.threshold[o] as number);
      stack.push(tree.right[o] as number, id, 0);
      stack.push(tree.left[o] as number, id, 1);
    }
  }
  return out.compact();
}
