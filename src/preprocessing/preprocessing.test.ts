import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, NotFittedError, ParamError } from '../core/errors.js';
import { isMatrix, type Matrix, toArrays } from '../core/matrix.js';
import { ColumnTransformer, makeColumnTransformer, selectColumns } from './column-transformer.js';
import type { Cell, Data, Table } from './data.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { makePipeline } from './pipeline.js';
import { transformerFromState } from './registry.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

const fx = JSON.parse(
  readFileSync(new URL('./fixtures/preprocessing-sklearn.json', import.meta.url), 'utf8'),
);

/** Cells compared to a scikit-learn fixture (null = NaN there). */
function expectClose(got: Data, want: (number | string | null)[][], digits = 10): void {
  const rows = isMatrix(got) ? toArrays(got) : got;
  expect(rows.length).toBe(want.length);
  rows.forEach((r, i) => {
    expect(r.length).toBe(want[i]!.length);
    r.forEach((v, j) => {
      const w = want[i]![j];
      if (w === null) expect(Number.isNaN(v as number)).toBe(true);
      else if (typeof w === 'string') expect(v).toBe(w);
      else expect(v as number).toBeCloseTo(w, digits);
    });
  });
}

function closeArray(got: ArrayLike<number> | null, want: number[] | null, digits = 10): void {
  if (want === null) {
    expect(got).toBeNull();
    return;
  }
  expect(got).not.toBeNull();
  Array.from(got!).forEach((v, j) => {
    expect(v).toBeCloseTo(want[j]!, digits);
  });
}

/** JSON round trip of a step's state, rebuilt through the registry. */
const roundTrip = <T>(s: { getState(): unknown }): T =>
  transformerFromState(JSON.parse(JSON.stringify(s.getState()))) as T;

describe('StandardScaler (scikit-learn 1.2.1 fixtures)', () => {
  const { X, T, cases } = fx.standard;
  for (const [key, c] of Object.entries(cases) as [string, Record<string, never>][]) {
    it(`withMean-withStd ${key}: mean, var, scale (constant columns keep 1), transform with NaN`, () => {
      const [withMean, withStd] = key.split('-').map((v) => v === 'True');
      const s = new StandardScaler({ withMean, withStd }).fit(X as Table);
      closeArray(s.mean, withMean || withStd ? c.mean : null, 8);
      closeArray(s.var, c.var, 6);
      closeArray(s.scale, c.scale, 8);
      expectClose(s.transform(T as Table), c.transform, 6);
      expectClose(roundTrip<StandardScaler>(s).transform(T as Table), c.transform, 6);
    });
  }
  it('gives mean 0 and std 1 on its training data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 2 }), {
          minLength: 3,
          maxLength: 20,
        }),
        (rows) => {
          const Z = toArrays(new StandardScaler().fitTransform(rows));
          for (let j = 0; j < 2; j++) {
            const col = Z.map((r) => r[j]!);
            const mean = col.reduce((a, b) => a + b, 0) / col.length;
            expect(Math.abs(mean)).toBeLessThan(1e-9);
            const raw = rows.map((r) => r[j]!);
            if (Math.max(...raw) - Math.min(...raw) > 1e-3) {
              const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
              expect(sd).toBeCloseTo(1, 8);
            }
          }
        },
      ),
    );
  });
  it('refuses text, infinities, unfitted use and a wrong width with actionable errors', () => {
    expect(() => new StandardScaler().fit([[1, 'red']])).toThrow(/OneHotEncoder/);
    expect(() => new StandardScaler().fit([[1], [Number.POSITIVE_INFINITY]])).toThrow(DataError);
    expect(() => new StandardScaler().transform([[1]])).toThrow(NotFittedError);
    expect(() => new StandardScaler().fit([[1, 2]]).transform([[1]])).toThrow(/fitted on 2 features/);
    expect(() => new StandardScaler({ withMean: 'yes' as never })).toThrow(ParamError);
  });
});

describe('MinMaxScaler (scikit-learn 1.2.1 fixtures)', () => {
  const { X, T, cases } = fx.minmax;
  for (const [name, c] of Object.entries(cases) as [string, Record<string, never>][]) {
    it(name, () => {
      const p = c.params as { feature_range?: [number, number]; clip?: boolean };
      const s = new MinMaxScaler({ featureRange: p.feature_range, clip: p.clip }).fit(X);
      closeArray(s.scale, c.scale, 12);
      closeArray(s.min, c.min, 12);
      closeArray(s.dataMin, c.dataMin, 12);
      closeArray(s.dataMax, c.dataMax, 12);
      expectClose(s.transform(T), c.transform, 10);
      expectClose(roundTrip<MinMaxScaler>(s).transform(T), c.transform, 10);
    });
  }
  it('rejects an empty or reversed feature range', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 1] })).toThrow(ParamError);
  });
});

describe('OneHotEncoder (scikit-learn 1.2.1 fixtures)', () => {
  const o = fx.onehot;
  it('sorts categories like scikit-learn and ignores unknowns on request', () => {
    const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(o.X);
    expect(enc.categories).toEqual(o.categories);
    expectClose(enc.transform(o.T), o.transform, 14);
    expect(enc.featureNamesOut(['color', 'size'])).toEqual(o.featureNames);
    expectClose(roundTrip<OneHotEncoder>(enc).transform(o.T), o.transform, 14);
  });
  it("throws on an unknown category with handleUnknown 'error', naming it", () => {
    const enc = new OneHotEncoder().fit(o.X);
    expect(() => enc.transform([['purple', 1]])).toThrow(/unknown category "purple"/);
  });
  it('places missing last and rejects a column mixing text and numbers', () => {
    expect(new OneHotEncoder().fit([['b'], [null], ['a']]).categories).toEqual([['a', 'b', null]]);
    expect(() => new OneHotEncoder().fit([['a'], [1]])).toThrow(/mixes numbers and text/);
  });
  it('every output row has exactly one 1 per input column (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 })), { minLength: 1 }),
        (rows) => {
          const m = new OneHotEncoder().fitTransform(rows as unknown as Table);
          const enc = new OneHotEncoder().fit(rows as unknown as Table);
          const w0 = enc.categories![0]!.length;
          for (const r of toArrays(m)) {
            expect(r.slice(0, w0).reduce((a, b) => a + b, 0)).toBe(1);
            expect(r.slice(w0).reduce((a, b) => a + b, 0)).toBe(1);
          }
        },
      ),
    );
  });
});

describe('SimpleImputer (scikit-learn 1.2.1 fixtures)', () => {
  const im = fx.imputer;
  for (const [st, c] of Object.entries(im.cases) as [string, Record<string, never>][]) {
    it(`numeric ${st}`, () => {
      const p = c.params as { strategy: 'mean'; fill_value?: number };
      const s = new SimpleImputer({ strategy: p.strategy, fillValue: p.fill_value }).fit(im.X);
      expect(s.statistics!.map(Number)).toEqual((c.statistics as number[]).map((v) => expect.closeTo(v, 12)));
      expectClose(s.transform(im.T), c.transform, 12);
      expectClose(roundTrip<SimpleImputer>(s).transform(im.T), c.transform, 12);
    });
  }
  for (const [st, c] of Object.entries(im.textCases) as [string, Record<string, never>][]) {
    it(`text ${st}`, () => {
      const s = new SimpleImputer({ strategy: st as 'constant' }).fit(im.textX);
      expect(s.statistics).toEqual(c.statistics);
      expect(s.transform(im.textT)).toEqual(c.transform);
    });
  }
  it('drops a column that was entirely missing at fit, and refuses the mean of text', () => {
    const s = new SimpleImputer().fit([
      [1, null],
      [3, null],
    ]);
    expectClose(s.transform([[null, 5]]), [[2]]);
    expect(() => new SimpleImputer().fit([['a'], ['b']])).toThrow(/most_frequent/);
  });
});

describe('ColumnTransformer and selectColumns', () => {
  const m = fx.mixed;
  const build = () =>
    new ColumnTransformer([
      ['num', makePipeline(new SimpleImputer({ strategy: 'median' }), new StandardScaler()), [0, 1]],
      ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), [2]],
    ]);
  it("matches scikit-learn's ColumnTransformer on a table with holes and text (and after a state round trip)", () => {
    const ct = build();
    ct.fit(m.X as Table);
    expectClose(ct.transform(m.T as Table), m.transformT, 10);
    expectClose(roundTrip<ColumnTransformer>(ct).transform(m.T as Table), m.transformT, 10);
  });
  it('selects by name, passes the remainder through, and reports bad columns', () => {
    const rows: Cell[][] = [
      [1, 'a', 10],
      [3, 'b', 30],
    ];
    const ct = new ColumnTransformer([['s', new StandardScaler(), ['w']]], {
      remainder: 'passthrough',
      featureNames: ['w', 'c', 'z'],
    });
    expect(ct.fitTransform(rows)).toEqual([
      [-1, 'a', 10],
      [1, 'b', 30],
    ]);
    expect(() =>
      new ColumnTransformer([['s', new StandardScaler(), ['nope']]]).fit(rows, undefined, {
        featureNames: ['w', 'c', 'z'],
      }),
    ).toThrow(/no column named 'nope'/);
    expect(() => makeColumnTransformer([new StandardScaler(), [5]]).fit(rows)).toThrow(/out of range/);
    const sel = selectColumns([2, 0]).fit(rows);
    expect(toArrays(sel.transform(rows) as Matrix)).toEqual([
      [10, 1],
      [30, 3],
    ]);
  });
  it('exposes nested params as <entry>__<param> and clones unfitted', () => {
    const ct = build();
    expect(ct.getParams().cat__handleUnknown).toBe('ignore');
    ct.setParams({ cat__handleUnknown: 'error' });
    expect(ct.getParams().cat__handleUnknown).toBe('error');
    const c = ct.clone();
    expect(c.isFitted).toBe(false);
    expect(c.getParams()).toEqual(ct.getParams());
  });
});
