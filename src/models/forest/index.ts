export {
  RANDOM_FOREST_SPECS,
  RandomForestClassifier,
  type RandomForestParams,
  type RandomForestState,
} from './random-forest.js';
