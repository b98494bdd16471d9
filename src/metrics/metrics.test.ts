import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Label } from '../core/data.js';
import { DataError } from '../core/errors.js';
import cases from './fixtures/metrics-sklearn.json' with { type: 'json' };
import {
  accuracyScore,
  classificationReport,
  confusionMatrix,
  f1Score,
  formatReport,
  precisionScore,
  recallScore,
  toEvalData,
} from './index.js';

interface Prf {
  precision: number;
  recall: number;
  f1: number;
}
interface Case {
  name: string;
  yTrue: Label[];
  yPred: Label[];
  labels: Label[] | null;
  accuracy: number;
  confusion: number[][];
  none: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  macro: Prf;
  micro: Prf;
  weighted: Prf;
  binary_pos1?: Prf;
}

const close = (a: number, b: number): void => expect(a).toBeCloseTo(b, 12);
const closeAll = (a: readonly number[], b: readonly number[]): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    close(v, b[i] as number);
  });
};

describe('metrics vs scikit-learn 1.2.1 (zero_division=0)', () => {
  for (const c of cases as Case[]) {
    it(c.name, () => {
      const opt = c.labels ? { labels: c.labels } : {};
      close(accuracyScore(c.yTrue, c.yPred), c.accuracy);
      expect(confusionMatrix(c.yTrue, c.yPred, opt).matrix).toEqual(c.confusion);
      closeAll(precisionScore(c.yTrue, c.yPred, { ...opt, average: null }), c.none.precision);
      closeAll(recallScore(c.yTrue, c.yPred, { ...opt, average: null }), c.none.recall);
      closeAll(f1Score(c.yTrue, c.yPred, { ...opt, average: null }), c.none.f1);
      for (const avg of ['macro', 'micro', 'weighted'] as const) {
        close(precisionScore(c.yTrue, c.yPred, { ...opt, average: avg }), c[avg].precision);
        close(recallScore(c.yTrue, c.yPred, { ...opt, average: avg }), c[avg].recall);
        close(f1Score(c.yTrue, c.yPred, { ...opt, average: avg }), c[avg].f1);
      }
      const r = classificationReport(c.yTrue, c.yPred, opt);
      close(r.accuracy, c.accuracy);
      expect(r.confusion.matrix).toEqual(c.confusion);
      closeAll(
        r.perClass.map((m) => m.f1),
        c.none.f1,
      );
      expect(r.perClass.map((m) => m.support)).toEqual(c.none.support);
      for (const avg of ['macro', 'micro', 'weighted'] as const) {
        close(r[avg].precision, c[avg].precision);
        close(r[avg].recall, c[avg].recall);
        close(r[avg].f1, c[avg].f1);
      }
      if (c.binary_pos1) {
        close(precisionScore(c.yTrue, c.yPred, { average: 'binary' }), c.binary_pos1.precision);
        close(recallScore(c.yTrue, c.yPred, { average: 'binary', posLabel: 1 }), c.binary_pos1.recall);
        close(f1Score(c.yTrue, c.yPred, { average: 'binary' }), c.binary_pos1.f1);
      }
    });
  }
});

const labelPairs = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
    ),
  );

describe('metric identities (fast-check)', () => {
  it('micro precision = micro recall = micro f1 = accuracy for single-label multiclass', () => {
    fc.assert(
      fc.property(labelPairs, ([t, p]) => {
        const r = classificationReport(t, p);
        expect(r.micro.precision).toBeCloseTo(r.accuracy, 12);
        expect(r.micro.recall).toBeCloseTo(r.accuracy, 12);
        expect(r.micro.f1).toBeCloseTo(r.accuracy, 12);
      }),
    );
  });

  it('confusion matrix sums to n, its diagonal to the hits, rows to the supports', () => {
    fc.assert(
      fc.property(labelPairs, ([t, p]) => {
        const r = classificationReport(t, p);
        const m = r.confusion.matrix;
        let total = 0;
        let diag = 0;
        m.forEach((row, i) => {
          row.forEach((v, j) => {
            total += v;
            if (i === j) diag += v;
          });
          expect(row.reduce((a, b) => a + b, 0)).toBe(r.perClass[i]?.support);
        });
        expect(total).toBe(t.length);
        expect(diag / t.length).toBeCloseTo(r.accuracy, 12);
      }),
    );
  });

  it('scores lie in [0, 1]; f1 lies between min and max of precision and recall; weighted recall = accuracy', () => {
    fc.assert(
      fc.property(labelPairs, ([t, p]) => {
        const r = classificationReport(t, p);
        for (const c of r.perClass) {
          for (const v of [c.precision, c.recall, c.f1]) expect(v >= 0 && v <= 1).toBe(true);
          expect(c.f1).toBeLessThanOrEqual(Math.max(c.precision, c.recall) + 1e-12);
          expect(c.f1).toBeGreaterThanOrEqual(
            c.precision && c.recall ? Math.min(c.precision, c.recall) - 1e-12 : 0,
          );
        }
        expect(r.weighted.recall).toBeCloseTo(r.accuracy, 12);
      }),
    );
  });

  it('perfect predictions score 1 everywhere; swapping yTrue and yPred swaps precision and recall', () => {
    fc.assert(
      fc.property(labelPairs, ([t, p]) => {
        const perfect = classificationReport(t, t);
        expect(perfect.accuracy).toBe(1);
        expect(perfect.macro.f1).toBe(1);
        const a = precisionScore(t, p, { average: null });
        const b = recallScore(p, t, { average: null });
        closeAll(a, b);
      }),
    );
  });
});

describe('report helpers and errors', () => {
  const t = ['a', 'b', 'b', 'c', 'c', 'c'];
  const p = ['a', 'b', 'c', 'c', 'c', 'a'];

  it('formats a scikit-learn style table', () => {
    const text = formatReport(classificationReport(t, p), { digits: 3 });
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/precision\s+recall\s+f1-score\s+support/);
    expect(text).toMatch(/^\s+b\s+1\.000\s+0\.500\s+0\.667\s+2$/m);
    expect(text).toMatch(/^\s+accuracy\s+0\.667\s+6$/m);
    expect(text).toMatch(/^\s+macro avg\s/m);
  });

  it('emits eval_data rows with stable names', () => {
    const rows = toEvalData(classificationReport(t, p));
    const byName = new Map(rows.map((r) => [r.metric_name, r.metric_value]));
    expect(byName.get('accuracy')).toBeCloseTo(4 / 6, 12);
    expect(byName.get('recall_b')).toBeCloseTo(0.5, 12);
    expect(byName.get('support_c')).toBe(3);
    for (const n of ['precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'f1_micro']) {
      expect(byName.has(n)).toBe(true);
    }
    expect(toEvalData(classificationReport(t, p), { perClass: false })).toHaveLength(10);
  });

  it('rejects mismatched, empty or mixed-type labels', () => {
    expect(() => accuracyScore([1, 2], [1])).toThrow(DataError);
    expect(() => classificationReport([], [])).toThrow(DataError);
    expect(() => confusionMatrix([1, 'a'], [1, 1])).toThrow(DataError);
    expect(() => precisionScore([0, 1, 2], [0, 1, 2], { average: 'binary' })).toThrow(DataError);
    expect(() => confusionMatrix([1, 2], [1, 2], { labels: [1, 1] })).toThrow(DataError);
  });
});
