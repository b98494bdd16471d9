import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { averagePrecisionScore, balancedAccuracyScore, logLoss, rocAucScore } from './ranking.js';

interface Fixture {
  binary: {
    name: string;
    yTrue: Label[];
    score: number[];
    weight: number[];
    rocAuc: number;
    rocAucWeighted: number;
    ap: number;
    apWeighted: number;
  }[];
  multiclass: ({ name: string; yTrue: number[]; proba: number[][] } & Record<string, number>)[];
  logloss: {
    name: string;
    yTrue: Label[];
    proba: number[] | number[][];
    labels?: Label[];
    normalize?: boolean;
    value: number;
  }[];
  balanced: { name: string; yTrue: Label[]; yPred: Label[]; value: number; adjusted: number }[];
}

const fx = JSON.parse(
  readFileSync(new URL('./fixtures/ranking-sklearn.json', import.meta.url), 'utf8'),
) as Fixture;

describe('rocAucScore and averagePrecisionScore (scikit-learn 1.2.1 fixtures)', () => {
  for (const c of fx.binary) {
    it(`binary: ${c.name}`, () => {
      expect(rocAucScore(c.yTrue, c.score)).toBeCloseTo(c.rocAuc, 12);
      expect(rocAucScore(c.yTrue, c.score, { sampleWeight: c.weight })).toBeCloseTo(c.rocAucWeighted, 12);
      expect(averagePrecisionScore(c.yTrue, c.score)).toBeCloseTo(c.ap, 12);
      expect(averagePrecisionScore(c.yTrue, c.score, { sampleWeight: c.weight })).toBeCloseTo(
        c.apWeighted,
        12,
      );
    });
  }
  for (const c of fx.multiclass) {
    it(`multiclass: ${c.name} (ovr, ovo, macro, weighted; AP; log-loss)`, () => {
      for (const mc of ['ovr', 'ovo'] as const) {
        for (const average of ['macro', 'weighted'] as const) {
          expect(rocAucScore(c.yTrue, c.proba, { multiClass: mc, average })).toBeCloseTo(
            c[`${mc}_${average}`] as number,
            12,
          );
        }
      }
      expect(averagePrecisionScore(c.yTrue, c.proba)).toBeCloseTo(c.ap_macro as number, 12);
      expect(averagePrecisionScore(c.yTrue, c.proba, { average: 'weighted' })).toBeCloseTo(
        c.ap_weighted as number,
        12,
      );
      expect(logLoss(c.yTrue, c.proba)).toBeCloseTo(c.logLoss as number, 12);
    });
  }

  it('equals the Mann-Whitney statistic (pairs ranked correctly, ties counted half) (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 40 }),
        (pairs) => {
          const y = pairs.map(([b]) => (b ? 1 : 0));
          if (new Set(y).size < 2) return;
          const s = pairs.map(([, v]) => v);
          let good = 0;
          let total = 0;
          for (let i = 0; i < y.length; i++) {
            for (let j = 0; j < y.length; j++) {
              if (y[i] === 1 && y[j] === 0) {
                total++;
                good += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
              }
            }
          }
          expect(rocAucScore(y, s)).toBeCloseTo(good / total, 12);
        },
      ),
    );
  });

  it('rejects one class, a multiclass target without a strategy, and non-probability rows', () => {
    expect(() => rocAucScore([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(DataError);
    const p = [
      [0.8, 0.1, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.1, 0.8],
    ];
    expect(() => rocAucScore([0, 1, 2], p)).toThrow(ParamError);
    expect(() =>
      rocAucScore(
        [0, 1, 2],
        [
          [1, 1, 1],
          [0, 1, 0],
          [0, 0, 1],
        ],
        { multiClass: 'ovr' },
      ),
    ).toThrow(/probabilities/);
    expect(() => rocAucScore([0, 1, 2], [[0.5, 0.5]], { multiClass: 'ovr' })).toThrow(DataError);
  });
});

describe('logLoss (scikit-learn 1.2.1 fixtures)', () => {
  for (const c of fx.logloss) {
    it(c.name, () => {
      const opts = { labels: c.labels, normalize: c.normalize };
      expect(logLoss(c.yTrue, c.proba, opts)).toBeCloseTo(c.value, 10);
    });
  }
  it('asks for labels when yTrue has one class or the column count differs', () => {
    expect(() =>
      logLoss(
        [1, 1],
        [
          [0.2, 0.8],
          [0.3, 0.7],
        ],
      ),
    ).toThrow(/labels/);
    expect(() =>
      logLoss(
        [0, 1],
        [
          [0.2, 0.3, 0.5],
          [0.3, 0.2, 0.5],
        ],
      ),
    ).toThrow(/labels/);
  });
});

describe('balancedAccuracyScore (scikit-learn 1.2.1 fixtures)', () => {
  for (const c of fx.balanced) {
    it(c.name, () => {
      expect(balancedAccuracyScore(c.yTrue, c.yPred)).toBeCloseTo(c.value, 14);
      expect(balancedAccuracyScore(c.yTrue, c.yPred, { adjusted: true })).toBeCloseTo(c.adjusted, 14);
    });
  }
});
