/**
 * Pipelines and model selection: scale + SVC in one Pipeline trained on raw Iris rows, tuned by a
 * 5-fold grid search (fits on worker threads), cross-validated with several scorers, saved in one
 * checkpoint and reloaded. Run: `node --import tsx examples/model-selection.ts`
 */
import { loadIris } from '../src/datasets/index.js';
import { crossValidate, GridSearchCV } from '../src/model-selection/index.js';
import { SVC } from '../src/models/index.js';
import {
  loadAnyCheckpoint as loadCheckpoint,
  makePipeline,
  StandardScaler,
} from '../src/preprocessing/index.js';

// 1. Raw rows (cm) and labels: no scaling in the Dataset, the Pipeline owns it.
const iris = loadIris({ scaler: null });
const all = iris.rawPart('all');
const X = all.X;
const y = Array.from(all.y, (i) => all.classes[i] as string);

// 2. Grid search over the SVC's C and gamma (steps' params read `<step>__<param>`).
const search = await new GridSearchCV(
  makePipeline(new StandardScaler(), new SVC()),
  { svc__C: [0.1, 1, 10, 100], svc__gamma: [0.01, 0.1, 1] },
  { cv: 5, scoring: 'accuracy', nJobs: 2 },
).fit(X, y);
console.log('best params:', JSON.stringify(search.bestParams));
console.log(`best mean accuracy: ${search.bestScore!.toFixed(4)}`);

// 3. Cross-validate the winner with several scorers.
const best = makePipeline(new StandardScaler(), new SVC()).setParams(search.bestParams!);
const cv = await crossValidate(best, X, y, { cv: 5, scoring: ['accuracy', 'balanced_accuracy', 'f1_macro'] });
for (const k of ['test_accuracy', 'test_balanced_accuracy', 'test_f1_macro']) {
  const s = cv[k]!;
  console.log(`${k}: ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(4)}`);
}

// 4. One checkpoint holds the scaler and the model; raw rows predict after reloading.
const text = JSON.stringify(search.bestEstimator!.saveCheckpoint());
const restored = loadCheckpoint(text);
console.log(
  'restored predicts:',
  (
    await restored.predict([
      [5.1, 3.5, 1.4, 0.2],
      [7.7, 2.6, 6.9, 2.3],
    ])
  ).join(', '),
);
