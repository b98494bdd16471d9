/**
 * Parity beyond the defaults: randomly sampled (seeded) non-default hyper-parameters and sample
 * weights (src/models/test-utils/fixtures/gen_nondefault.py, scikit-learn 1.2.1). Every model here is
 * deterministic, so the test-set predictions must be identical to scikit-learn's; the only rows
 * excused are those scikit-learn itself puts on a decision boundary (margin < 1e-6, where the last
 * bits of the solver decide).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Label } from '../core/data.js';
import { loadEstimator } from './test-utils/estimators.js';

interface Case {
  readonly family: string;
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly sampleWeight: number[] | null;
  readonly predict: number[];
  readonly margin: number[];
  readonly accuracy: number;
}

const fx = JSON.parse(
  readFileSync(new URL('./test-utils/fixtures/nondefault-sklearn.json', import.meta.url), 'utf8'),
) as {
  datasets: Record<string, { Xtrain: number[][]; Xtest: number[][]; yTrain: number[]; yTest: number[] }>;
  cases: Case[];
};

const TIE = 1e-6;

describe('non-default parity with scikit-learn (identical predictions)', () => {
  it('covers every deterministic non-tree model with sample weights and class weights', () => {
    for (const family of ['SVC', 'LinearSVC', 'LogisticRegression', 'GaussianNB']) {
      const cs = fx.cases.filter((c) => c.family === family);
      expect(cs.length).toBeGreaterThanOrEqual(10);
      expect(cs.some((c) => c.sampleWeight !== null)).toBe(true);
    }
  });

  fx.cases.forEach((c, i) => {
    const label = `${c.family} #${i} on ${c.dataset} ${JSON.stringify(c.params)}${c.sampleWeight ? ' + sampleWeight' : ''}`;
    it(label, async () => {
      const data = fx.datasets[c.dataset]!;
      const Ctor = await loadEstimator(c.family);
      const model = new Ctor(c.params);
      await model.fit(data.Xtrain, data.yTrain, { sampleWeight: c.sampleWeight });
      const pred = (await model.predict(data.Xtest)) as Label[];
      const differ: number[] = [];
      for (let r = 0; r < pred.length; r++) {
        if (pred[r] !== c.predict[r] && (c.margin[r] as number) >= TIE) differ.push(r);
      }
      expect(differ, `rows predicted differently from scikit-learn`).toEqual([]);
    });
  });
});
