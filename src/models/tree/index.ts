export {
  DECISION_TREE_SPECS,
  DecisionTreeClassifier,
  type DecisionTreeParams,
  type DecisionTreeState,
} from './decision-tree.js';
export type { Criterion, MaxFeatures, SplitterName } from './params.js';
export type { PruningPath } from './prune.js';
export { type TreeState, TreeStore } from './tree-store.js';
