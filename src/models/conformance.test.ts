/**
 * One conformance suite, run on every estimator (scikit-learn's check_estimator habit): output
 * shapes, determinism with a seed, checkpoint round-trip, typed errors for unfitted models, bad
 * input and every bad hyper-parameter (generated from the model's own ParamSpec table), and labels
 * of any type round-tripping through fit/predict.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Label } from '../core/data.js';
import { CheckpointError, DataError, NotFittedError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { invalidValues, show } from './test-utils/bad-params.js';
import { makeBlobs } from './test-utils/blobs.js';
import {
  type AnyClassifier,
  type ClassifierCtor,
  ESTIMATORS,
  type EstimatorEntry,
} from './test-utils/estimators.js';

const train = makeBlobs({ perClass: 30, seed: 11 });
const test = makeBlobs({ perClass: 15, seed: 12 });
const STRING_NAMES = ['a', 'b', 'c'] as const;

type Loaded = EstimatorEntry &
  ({ Ctor: ClassifierCtor; error?: undefined } | { Ctor?: undefined; error: unknown });

// Loaded before collection so that the bad-parameter tests can be generated from each paramSpecs.
const loaded: Loaded[] = await Promise.all(
  ESTIMATORS.map(async (e): Promise<Loaded> => {
    try {
      return { ...e, Ctor: await e.load() };
    } catch (error) {
      return { ...e, error };
    }
  }),
);

function withCell(m: Matrix, row: number, col: number, v: number): Matrix {
  const data = Float64Array.from(m.data);
  data[row * m.cols + col] = v;
  return { rows: m.rows, cols: m.cols, data };
}

function dropLastColumn(m: Matrix): Matrix {
  const c = m.cols - 1;
  const data = new Float64Array(m.rows * c);
  for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(i * m.cols, i * m.cols + c), i * c);
  return { rows: m.rows, cols: c, data };
}

function rowSums(p: Matrix): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.rows; i++) {
    let s = 0;
    for (let j = 0; j < p.cols; j++) s += p.data[i * p.cols + j] as number;
    out.push(s);
  }
  return out;
}

for (const entry of loaded) {
  describe(`${entry.family} conformance`, () => {
    if (!entry.Ctor) {
      it('loads its module', () => {
        throw entry.error;
      });
      return;
    }
    const Ctor = entry.Ctor;
    const make = (extra: Record<string, unknown> = {}): AnyClassifier =>
      new Ctor({ ...entry.quickParams, ...extra });
    for (const nClasses of [2, 3]) {
      describe(`${nClasses} classes`, () => {
        const train = makeBlobs({ perClass: 30, nClasses, seed: 11 });
        const test = makeBlobs({ perClass: 15, nClasses, seed: 12 });
        const codes = Array.from({ length: nClasses }, (_, k) => k);
        let fitted: AnyClassifier;
        let pred: Label[];
        let proba: Matrix;

        beforeAll(async () => {
          fitted = make();
          const ret = await fitted.fit(train.X, train.y);
          expect(ret).toBe(fitted);
          pred = await fitted.predict(test.X);
          proba = await fitted.predictProba(test.X);
        });

        it('predict returns one known label per row and learns separable blobs', async () => {
          expect(fitted.isFitted).toBe(true);
          expect(fitted.classes).toEqual(codes);
          expect(fitted.nFeatures).toBe(train.X.cols);
          expect(pred).toHaveLength(test.X.rows);
          for (const p of pred) expect(codes).toContain(p);
          const report = await fitted.evaluate({ X: test.X, y: test.y });
          const acc = pred.filter((p, i) => p === test.y[i]).length / pred.length;
          expect(report.accuracy).toBeCloseTo(acc, 12);
          expect(acc).toBeGreaterThan(0.8);
        });

        it('predictProba has one column per class, entries in [0, 1], rows summing to 1', () => {
          expect(proba.rows).toBe(test.X.rows);
          expect(proba.cols).toBe(nClasses);
          for (const v of proba.data) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          for (const s of rowSums(proba)) expect(Math.abs(s - 1)).toBeLessThan(1e-9);
        });

        it('predict and inference agree on a single sample', async () => {
          const sample = Array.from(test.X.data.subarray(0, test.X.cols));
          expect(await fitted.inference(sample)).toBe(pred[0]);
          expect(await fitted.predict([sample])).toEqual([pred[0]]);
        });

        it('is deterministic: two fits with the same params give identical predictions and probabilities', async () => {
          const again = await make().fit(train.X, train.y);
          expect(await again.predict(test.X)).toEqual(pred);
          expect(Array.from((await again.predictProba(test.X)).data)).toEqual(Array.from(proba.data));
        });

        it('round-trips a checkpoint through JSON text', async () => {
          const text = JSON.stringify(fitted.saveCheckpoint());
          for (const source of [JSON.parse(text) as unknown, text]) {
            const back = Ctor.loadCheckpoint(source);
            expect(back.isFitted).toBe(true);
            expect(back.classes).toEqual(fitted.classes);
            expect(await back.predict(test.X)).toEqual(pred);
            expect(Array.from((await back.predictProba(test.X)).data)).toEqual(Array.from(proba.data));
            // The checkpoint of the restored model is the same document.
            expect(JSON.stringify(back.saveCheckpoint())).toBe(text);
          }
        });

        it('round-trips string labels and arbitrary numeric labels', async () => {
          const asString = train.y.map((k) => STRING_NAMES[k] as string);
          const s = await make().fit(train.X, asString);
          expect(s.classes).toEqual(STRING_NAMES.slice(0, nClasses));
          const sp = await s.predict(test.X);
          expect(sp).toEqual(pred.map((k) => STRING_NAMES[k as number]));
          expect(Array.from((await s.predictProba(test.X)).data)).toEqual(Array.from(proba.data));
          const back = Ctor.loadCheckpoint(JSON.parse(JSON.stringify(s.saveCheckpoint())));
          expect(await back.predict(test.X)).toEqual(sp);

          // non-integer numbers are a continuous target, refused as scikit-learn's type_of_target does
          await expect(
            make().fit(
              train.X,
              train.y.map((k) => [-5, 2.5, 100][k] as number),
            ),
          ).rejects.toThrow(/continuous/);
          const values = [-5, 2, 100].slice(0, nClasses);
          const n = await make().fit(
            train.X,
            train.y.map((k) => values[k] as number),
          );
          expect(n.classes).toEqual(values);
          expect(await n.predict(test.X)).toEqual(pred.map((k) => values[k as number]));
        });

        it('a second fit replaces the first (no state left over from other data)', async () => {
          const other = makeBlobs({ perClass: 20, nClasses: 5 - nClasses, nFeatures: 3, seed: 5 });
          const m = make();
          await m.fit(other.X, other.y);
          await m.fit(train.X, train.y);
          expect(m.classes).toEqual(codes);
          expect(await m.predict(test.X)).toEqual(pred);
          expect(Array.from((await m.predictProba(test.X)).data)).toEqual(Array.from(proba.data));
        });
      });
    }

    // Error checks on the 3-class problem.
    let fitted: AnyClassifier;
    beforeAll(async () => {
      fitted = await make().fit(train.X, train.y);
    });

    it('rejects a checkpoint of another model or a malformed one with CheckpointError', async () => {
      const other = loaded.find((e) => e.Ctor && e.family !== entry.family);
      const ck = JSON.parse(JSON.stringify(fitted.saveCheckpoint())) as Record<string, unknown>;
      if (other?.Ctor) expect(() => other.Ctor.loadCheckpoint(ck)).toThrow(CheckpointError);
      expect(() => Ctor.loadCheckpoint({ ...ck, version: 999 })).toThrow(CheckpointError);
      expect(() => Ctor.loadCheckpoint('{not json')).toThrow(CheckpointError);
      expect(() => Ctor.loadCheckpoint({ hello: 'world' })).toThrow(CheckpointError);
    });

    it('throws NotFittedError before fit', async () => {
      const m = make();
      await expect(m.predict(test.X)).rejects.toBeInstanceOf(NotFittedError);
      await expect(m.predictProba(test.X)).rejects.toBeInstanceOf(NotFittedError);
      expect(() => m.saveCheckpoint()).toThrow(NotFittedError);
    });

    it('throws DataError on a wrong feature count at predict', async () => {
      await expect(fitted.predict(dropLastColumn(test.X))).rejects.toBeInstanceOf(DataError);
      await expect(fitted.predictProba(dropLastColumn(test.X))).rejects.toBeInstanceOf(DataError);
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'throws DataError on %s in X at fit and at predict',
      async (bad) => {
        await expect(make().fit(withCell(train.X, 5, 1, bad), train.y)).rejects.toBeInstanceOf(DataError);
        await expect(fitted.predict(withCell(test.X, 3, 0, bad))).rejects.toBeInstanceOf(DataError);
        await expect(fitted.predictProba(withCell(test.X, 3, 0, bad))).rejects.toBeInstanceOf(DataError);
      },
    );

    it('throws DataError on a single class, empty data and mismatched lengths', async () => {
      await expect(make().fit(train.X, new Array(train.X.rows).fill(1))).rejects.toBeInstanceOf(DataError);
      await expect(make().fit({ rows: 0, cols: 4, data: new Float64Array(0) }, [])).rejects.toBeInstanceOf(
        DataError,
      );
      await expect(make().fit([], [])).rejects.toBeInstanceOf(DataError);
      await expect(make().fit(train.X, train.y.slice(1))).rejects.toBeInstanceOf(DataError);
    });

    it('throws ParamError naming an unknown parameter', async () => {
      const err = await make({ notAParameter: 1 })
        .fit(train.X, train.y)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParamError);
      expect((err as ParamError).param).toBe('notAParameter');
    });

    const specs = new Ctor().paramSpecs;
    it('publishes a ParamSpec for every parameter, with valid defaults', () => {
      expect(specs.length).toBeGreaterThan(0);
      const params = new Ctor().getParams() as Record<string, unknown>;
      expect(Object.keys(params).sort()).toEqual(specs.map((s) => s.name).sort());
    });

    for (const spec of specs) {
      const values = invalidValues(spec);
      it(`throws ParamError naming '${spec.name}' for each of ${values.map(show).join(', ')}`, async () => {
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) {
          const err = await make({ [spec.name]: v })
            .fit(train.X, train.y)
            .then(
              () => new Error(`fit accepted ${spec.name} = ${show(v)}`),
              (e: unknown) => e,
            );
          expect(err, `${spec.name} = ${show(v)}`).toBeInstanceOf(ParamError);
          expect((err as ParamError).param, `${spec.name} = ${show(v)}`).toBe(spec.name);
          expect((err as Error).message).toContain(spec.name);
        }
      });
    }
  });
}
