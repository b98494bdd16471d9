import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { toMatrix } from '../core/matrix.js';
import { GaussianNB } from '../models/naive-bayes/index.js';
import { SVC } from '../models/svc/index.js';
import { makePipeline } from '../preprocessing/pipeline.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { crossValidate, crossValScore } from './cross-validate.js';
import { CandidateFitError } from './fit-score.js';
import { logUniform, parameterGrid, randInt, sampleParameters, uniform } from './params.js';
import { GridSearchCV, RandomizedSearchCV, rankMin } from './search.js';
import { KFold, StratifiedKFold } from './split.js';

const fx = JSON.parse(
  readFileSync(new URL('./fixtures/model-selection-sklearn.json', import.meta.url), 'utf8'),
);
const asLists = (folds: { train: Int32Array; test: Int32Array }[]) =>
  folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }));

describe('KFold and StratifiedKFold (shuffle false: the same folds as scikit-learn 1.2.1)', () => {
  for (const c of fx.kfold) {
    it(`KFold n=${c.n} k=${c.k}`, () => {
      expect(asLists(new KFold({ nSplits: c.k }).split(c.n))).toEqual(c.folds);
    });
  }
  for (const c of fx.stratified) {
    it(`StratifiedKFold k=${c.k} on ${c.y.length} labels (${[...new Set(c.y)].join(', ')})`, () => {
      expect(asLists(new StratifiedKFold({ nSplits: c.k }).split(c.y.length, c.y))).toEqual(c.folds);
    });
  }
  it('shuffle: true is a seeded permutation (own generator, not numpy): a partition, same per seed, stratified', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 60 }),
        fc.integer({ min: 2, max: 5 }),
        fc.nat(1000),
        (n, k, seed) => {
          const y: Label[] = Array.from({ length: n }, (_, i) => (i * 7) % 3);
          for (const S of [KFold, StratifiedKFold]) {
            const a = new S({ nSplits: k, shuffle: true, seed }).split(n, y);
            expect(asLists(new S({ nSplits: k, shuffle: true, seed }).split(n, y))).toEqual(asLists(a));
            const tests = a.flatMap((f) => Array.from(f.test)).sort((p, q) => p - q);
            expect(tests).toEqual(Array.from({ length: n }, (_, i) => i));
            for (const f of a) expect(f.train.length + f.test.length).toBe(n);
          }
          const strat = new StratifiedKFold({ nSplits: k, shuffle: true, seed }).split(n, y);
          const plain = new StratifiedKFold({ nSplits: k }).split(n, y);
          // per fold, the class counts equal the unshuffled allocation
          strat.forEach((f, i) => {
            for (const c of [0, 1, 2]) {
              const count = (idx: Int32Array) => Array.from(idx).filter((j) => y[j] === c).length;
              expect(count(f.test)).toBe(count(plain[i]!.test));
            }
          });
        },
      ),
      { numRuns: 40 },
    );
  });
  it('rejects too few samples or members per class', () => {
    expect(() => new KFold({ nSplits: 5 }).split(3)).toThrow(DataError);
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(4, ['a', 'a', 'b', 'b'])).toThrow(
      /members in each class/,
    );
    expect(() => new KFold({ nSplits: 1 })).toThrow(ParamError);
  });
});

describe('crossValidate / crossValScore with named scorers (scikit-learn 1.2.1 fixtures)', () => {
  const g = fx.grid;
  it('GaussianNB: accuracy, balanced accuracy, f1_macro, roc_auc_ovr, roc_auc_ovo_weighted, neg_log_loss, train scores', async () => {
    const c = fx.crossValidate;
    const r = await crossValidate(new GaussianNB(), g.X, g.y, {
      cv: 5,
      scoring: c.scoring,
      returnTrainScore: true,
    });
    for (const name of c.scoring as string[]) {
      for (const part of ['test', 'train']) {
        const want = c[`${part}_${name}`] as number[];
        r[`${part}_${name}`]!.forEach((v, i) => {
          expect(v).toBeCloseTo(want[i]!, 9);
        });
      }
    }
    expect(r.fit_time).toHaveLength(5);
    expect(r.score_time.every((t) => t >= 0)).toBe(true);
  });
  it('binary roc_auc from the SVC decision function and average_precision', async () => {
    const b = fx.binary;
    const roc = await crossValScore(new SVC(), b.X, b.y, { cv: 4, scoring: 'roc_auc' });
    roc.forEach((v, i) => {
      expect(v).toBeCloseTo(b.rocAuc[i], 12);
    });
    const ap = await crossValScore(new SVC(), b.X, b.y, { cv: 4, scoring: 'average_precision' });
    ap.forEach((v, i) => {
      expect(v).toBeCloseTo(b.ap[i], 12);
    });
  });
  it('rejects an unknown scorer name, listing the known ones', async () => {
    await expect(crossValScore(new SVC(), g.X, g.y, { scoring: 'acuracy' as never })).rejects.toThrow(
      /balanced_accuracy/,
    );
  });
});

describe('GridSearchCV', () => {
  const g = fx.grid;
  it("SVC C x gamma on 5 non-shuffled stratified folds: scikit-learn's best_params_, scores within 1e-6", async () => {
    const search = await new GridSearchCV(new SVC(), g.grid, { cv: new StratifiedKFold({ nSplits: 5 }) }).fit(
      g.X,
      g.y,
    );
    const r = search.cvResults!;
    expect(r.params).toEqual(g.params);
    expect(search.bestParams).toEqual(g.bestParams);
    expect(search.bestIndex).toBe(g.bestIndex);
    expect(Math.abs(search.bestScore! - g.bestScore)).toBeLessThan(1e-6);
    (r.mean_test_score as number[]).forEach((v, i) => {
      expect(Math.abs(v - g.mean[i])).toBeLessThan(1e-6);
    });
    (r.std_test_score as number[]).forEach((v, i) => {
      expect(Math.abs(v - g.std[i])).toBeLessThan(1e-6);
    });
    expect(r.rank_test_score).toEqual(g.rank);
    for (let s = 0; s < 5; s++)
      expect(r[`split${s}_test_score`]).toEqual(g.splits[s].map((v: number) => expect.closeTo(v, 12)));
    expect(r.param_C).toEqual(g.params.map((p: { C: number }) => p.C));
    const best = search.bestEstimator as SVC;
    expect(best.getParams().C).toBe(g.bestParams.C);
    expect(await search.predict(g.X)).toEqual(
      await new SVC(g.bestParams).fit(g.X, g.y).then((m) => m.predict(g.X)),
    );
  }, 60_000);

  it('gives identical cvResults scores with nJobs 2 (worker threads) as in this thread', async () => {
    const grid = { C: [0.1, 10], gamma: [0.01, 1] };
    const a = await new GridSearchCV(new SVC(), grid, { cv: 3, nJobs: 1 }).fit(g.X, g.y);
    const b = await new GridSearchCV(new SVC(), grid, { cv: 3, nJobs: 2 }).fit(g.X, g.y);
    for (const key of Object.keys(a.cvResults!).filter((k) => !k.includes('time'))) {
      expect(b.cvResults![key]).toEqual(a.cvResults![key]);
    }
    expect(b.bestParams).toEqual(a.bestParams);
  }, 60_000);

  it('runs the candidate fits on worker threads with nJobs > 1 (a fit broken in this thread does not matter)', async () => {
    const grid = { C: [0.5, 5] };
    const original = SVC.prototype.fit;
    SVC.prototype.fit = () => {
      throw new Error('fit called in the main thread');
    };
    try {
      await expect(new GridSearchCV(new SVC(), grid, { cv: 3, refit: false }).fit(g.X, g.y)).rejects.toThrow(
        /main thread/,
      );
      const s = await new GridSearchCV(new SVC(), grid, { cv: 3, refit: false, nJobs: 2 }).fit(g.X, g.y);
      expect((s.cvResults!.mean_test_score as number[]).every((v) => v > 0.9)).toBe(true);
    } finally {
      SVC.prototype.fit = original;
    }
  }, 60_000);

  it('searches a Pipeline through <step>__<param> (balanced_accuracy, train scores), also on workers', async () => {
    const p = fx.pipelineGrid;
    for (const nJobs of [1, 2]) {
      const search = await new GridSearchCV(makePipeline(new StandardScaler(), new SVC()), p.grid, {
        cv: 3,
        scoring: 'balanced_accuracy',
        returnTrainScore: true,
        nJobs,
      }).fit(g.X, g.y);
      const r = search.cvResults!;
      expect(r.params).toEqual(p.params);
      expect(search.bestParams).toEqual(p.bestParams);
      (r.mean_test_score as number[]).forEach((v, i) => {
        expect(v).toBeCloseTo(p.mean[i], 9);
      });
      (r.mean_train_score as number[]).forEach((v, i) => {
        expect(v).toBeCloseTo(p.meanTrain[i], 9);
      });
      expect(r.rank_test_score).toEqual(p.rank);
    }
  }, 90_000);

  it('fails early on an unknown param and reports failed fits as CandidateFitError (or errorScore)', async () => {
    await expect(new GridSearchCV(new SVC(), { nope: [1] }, { cv: 3 }).fit(g.X, g.y)).rejects.toThrow(
      ParamError,
    );
    await expect(new GridSearchCV(new SVC(), { C: [-1] }, { cv: 3 }).fit(g.X, g.y)).rejects.toThrow(
      ParamError,
    );
    const pipe = makePipeline(new StandardScaler(), new SVC());
    const bad = g.X.map((r: number[], i: number) =>
      i === 0 ? [Number.POSITIVE_INFINITY, ...r.slice(1)] : r,
    );
    await expect(new GridSearchCV(pipe, { svc__C: [1] }, { cv: 3 }).fit(bad, g.y)).rejects.toBeInstanceOf(
      CandidateFitError,
    );
    const s = await new GridSearchCV(
      pipe,
      { svc__C: [1] },
      { cv: 3, errorScore: Number.NaN, refit: false },
    ).fit(bad, g.y);
    expect(s.cvResults!.split0_test_score).toEqual([Number.NaN]);
    expect(() => new GridSearchCV(new SVC(), { C: 1 } as never)).toThrow(/wrap a single value in a list/);
  });
});

describe('parameter grids and distributions', () => {
  it("parameterGrid follows scikit-learn's ParameterGrid order (keys sorted, last fastest; grids in order)", () => {
    expect(parameterGrid([{ gamma: [1, 2], C: [3] }, { kernel: ['linear'] }])).toEqual([
      { C: 3, gamma: 1 },
      { C: 3, gamma: 2 },
      { kernel: 'linear' },
    ]);
  });
  it('sampleParameters is seeded, stays in range, and draws distinct grid points from lists', () => {
    const d = {
      C: logUniform(1e-2, 1e2),
      coef0: uniform(-1, 1),
      degree: randInt(2, 5),
      kernel: ['poly', 'rbf'],
    };
    const a = sampleParameters(d, 50, 3);
    expect(sampleParameters(d, 50, 3)).toEqual(a);
    expect(sampleParameters(d, 50, 4)).not.toEqual(a);
    for (const p of a) {
      expect(p.C as number).toBeGreaterThanOrEqual(1e-2);
      expect(p.C as number).toBeLessThan(1e2);
      expect([2, 3, 4]).toContain(p.degree);
      expect(p.coef0 as number).toBeGreaterThanOrEqual(-1);
    }
    const lists = sampleParameters({ a: [1, 2, 3], b: [4, 5] }, 4, 0);
    expect(new Set(lists.map((p) => JSON.stringify(p))).size).toBe(4);
    expect(sampleParameters({ a: [1, 2] }, 10, 0)).toHaveLength(2);
  });
  it('RandomizedSearchCV cross-validates the seeded candidates like GridSearchCV would', async () => {
    const g = fx.grid;
    const dist = { C: logUniform(0.1, 100), gamma: [0.01, 0.1] };
    const rs = await new RandomizedSearchCV(new SVC(), dist, { nIter: 4, seed: 5, cv: 3 }).fit(g.X, g.y);
    const cands = sampleParameters(dist, 4, 5);
    expect(rs.cvResults!.params).toEqual(cands);
    const gs = await new GridSearchCV(
      new SVC(),
      cands.map((p) => ({ C: [p.C], gamma: [p.gamma] })),
      { cv: 3 },
    ).fit(g.X, g.y);
    expect(rs.cvResults!.mean_test_score).toEqual(gs.cvResults!.mean_test_score);
    expect(rs.bestParams).toEqual(gs.bestParams);
  }, 60_000);
  it('a Matrix X, a shuffled KFold and explicit folds give the same scores on workers as in this thread', async () => {
    const g = fx.grid;
    const X = toMatrix(g.X);
    const dist = { C: logUniform(0.5, 50) };
    const cv = new KFold({ nSplits: 4, shuffle: true, seed: 9 });
    const a = await new RandomizedSearchCV(new SVC(), dist, { nIter: 3, seed: 1, cv }).fit(X, g.y);
    const b = await new RandomizedSearchCV(new SVC(), dist, { nIter: 3, seed: 1, cv, nJobs: 2 }).fit(X, g.y);
    expect(b.cvResults!.mean_test_score).toEqual(a.cvResults!.mean_test_score);
    const folds = cv.split(X.rows);
    const c = await crossValidate(new SVC({ C: a.cvResults!.params[0]!.C as number }), X, g.y, {
      cv: folds,
      nJobs: 2,
    });
    expect(c.test_score).toEqual([0, 1, 2, 3].map((i) => a.cvResults![`split${i}_test_score`]![0]));
  }, 60_000);

  it('rankMin ranks like scipy rankdata(-x, "min"), NaN last', () => {
    expect(rankMin([0.5, 0.9, 0.5, Number.NaN, 0.7])).toEqual([3, 1, 3, 5, 2]);
  });
});
