/**
 * Trains every model family (SVM, logistic regression, decision tree, random forest, naive Bayes)
 * on Iris and Height-Weight and prints test accuracy and macro precision / recall per model.
 * Run: `node --import tsx examples/all-models.ts`
 *
 * Height-Weight is read from $AUTOLEARN_DATA_DIR, else ../shared/datasets next to this repository,
 * else downloaded once (sha256-checked) into the cache.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Dataset, loadHeightWeight, loadIris } from '../src/datasets/index.js';
import type { Classifier } from '../src/models/base.js';
import { RandomForestClassifier } from '../src/models/forest/index.js';
import { LinearSVC } from '../src/models/linear-svc/index.js';
import { LogisticRegression } from '../src/models/logistic/index.js';
import { GaussianNB } from '../src/models/naive-bayes/index.js';
import { SVC } from '../src/models/svc/index.js';
import { DecisionTreeClassifier } from '../src/models/tree/index.js';

const models: [string, () => Classifier<object, unknown>][] = [
  ['SVC (rbf)', () => new SVC({ kernel: 'rbf', C: 1 })],
  ['LinearSVC', () => new LinearSVC({ C: 1 })],
  ['LogisticRegression', () => new LogisticRegression({ C: 1 })],
  ['DecisionTree', () => new DecisionTreeClassifier({ maxDepth: 8, seed: 0 })],
  ['RandomForest', () => new RandomForestClassifier({ nEstimators: 100, seed: 0 })],
  ['GaussianNB', () => new GaussianNB()],
];

const sharedDir = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const dataDir = process.env.AUTOLEARN_DATA_DIR ?? (existsSync(sharedDir) ? sharedDir : undefined);
const split = { test: 0.3, seed: 42 };
const datasets: [string, Dataset][] = [
  ['iris', loadIris({ split })],
  ['height-weight', await loadHeightWeight({ dataDir, split })],
];

const header = `${'dataset'.padEnd(15)}${'model'.padEnd(20)}${'accuracy'.padStart(10)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'fit (s)'.padStart(9)}`;
console.log('Test-set scores (precision and recall are macro averages over the classes)\n');
console.log(header);
console.log('-'.repeat(header.length));
for (const [dsName, ds] of datasets) {
  for (const [modelName, make] of models) {
    const model = make();
    const t0 = performance.now();
    await model.fit(ds);
    const seconds = (performance.now() - t0) / 1000;
    const r = await model.evaluate(ds, { on: 'test' });
    console.log(
      `${dsName.padEnd(15)}${modelName.padEnd(20)}${r.accuracy.toFixed(3).padStart(10)}${r.macro.precision.toFixed(3).padStart(11)}${r.macro.recall.toFixed(3).padStart(9)}${seconds.toFixed(2).padStart(9)}`,
    );
  }
}
