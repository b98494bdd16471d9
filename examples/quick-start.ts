/**
 * Quick start: train a classifier on Iris, evaluate it on the held-out test part and print the
 * classification report. Run: `npx tsx examples/quick-start.ts` (in your project: `npm install autolearn tsx`)
 */
import { formatReport, loadIris, RandomForestClassifier } from 'autolearn';

// 1. Load a built-in dataset and split it (seeded, stratified); features are standardized with a
//    scaler fitted on the train part only.
const iris = loadIris({ split: { test: 0.3, seed: 42 } });

// 2. Choose a model and its hyper-parameters (checked against the model's ParamSpec table at fit).
const model = new RandomForestClassifier({ nEstimators: 100, maxDepth: 8, seed: 0 });

// 3. Train on the train part, evaluate on the test part (precision, recall, F1, accuracy).
await model.fit(iris);
const report = await model.evaluate(iris, { on: 'test' });
console.log(`Iris, ${model.name}: test accuracy ${report.accuracy.toFixed(3)} on ${report.n} flowers\n`);
console.log(formatReport(report));

// 4. Predict new samples: raw measurements go through the dataset's scaler first.
const flowers = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
];
console.log('predictions:', await model.predict(iris.transform(flowers)));

// 5. Save a checkpoint (plain JSON) and load it back.
const restored = RandomForestClassifier.loadCheckpoint(JSON.parse(JSON.stringify(model.saveCheckpoint())));
console.log('restored model agrees:', (await restored.predict(iris.transform(flowers))).join(', '));
