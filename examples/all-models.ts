/**
 * Trains every model family (SVM, logistic regression, decision tree, random forest, naive Bayes)
 * on Iris and Height-Weight and prints test accuracy and macro precision / recall per model.
 * Run: `npx tsx examples/all-models.ts`
 *
 * Height-Weight is not shipped: it is read from $AUTOLEARN_DATA_DIR (a folder holding
 * height_weight.csv), else ../shared/datasets next to this repository, else downloaded once
 * (sha256-checked) into the cache. Offline and without a copy, it is skipped with a message.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Classifier,
  type Dataset,
  DecisionTreeClassifier,
  GaussianNB,
  LinearSVC,
  LogisticRegression,
  loadHeightWeight,
  loadIris,
  RandomForestClassifier,
  SVC,
} from 'autolearn';

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
const datasets: [string, Dataset][] = [['iris', loadIris({ split })]];
try {
  datasets.push(['height-weight', await loadHeightWeight({ dataDir, split })]);
} catch (e) {
  console.log(
    `skipping height-weight: ${(e as Error).message}\n(set AUTOLEARN_DATA_DIR to a folder holding height_weight.csv to include it)\n`,
  );
}

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
