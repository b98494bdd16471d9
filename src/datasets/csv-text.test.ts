import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { SVC } from '../models/svc/index.js';
import { ColumnTransformer } from '../preprocessing/column-transformer.js';
import type { Table } from '../preprocessing/data.js';
import { OneHotEncoder } from '../preprocessing/one-hot-encoder.js';
import { makePipeline } from '../preprocessing/pipeline.js';
import { SimpleImputer } from '../preprocessing/simple-imputer.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { loadCsvDataset } from './csv-dataset.js';

const fx = JSON.parse(
  readFileSync(new URL('../preprocessing/fixtures/preprocessing-sklearn.json', import.meta.url), 'utf8'),
);
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-csv-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadCsvDataset({ keepText: true })', () => {
  const m = fx.mixed;
  const file = join(tmp, 'mixed.csv');
  const cell = (c: unknown) => (c === null ? '' : String(c));
  writeFileSync(
    file,
    `a,b,region,label\n${(m.X as unknown[][]).map((r, i) => [...r.map(cell), m.y[i]].join(',')).join('\n')}\n`,
  );

  it("keeps the text column and empty cells for a Pipeline that matches scikit-learn's predictions", async () => {
    const ds = await loadCsvDataset(file, { label: 'label', keepText: true });
    expect(ds.textColumns).toEqual(['region']);
    expect(ds.featureNames).toEqual(['a', 'b', 'region']);
    expect(ds.nRecords).toBe(60);
    expect(ds.tablePart('all').X[0]).toEqual(
      (m.X as unknown[][])[0]!.map((c) => (typeof c === 'number' ? expect.closeTo(c, 12) : c)),
    );
    const pipe = makePipeline(
      new ColumnTransformer([
        ['num', makePipeline(new SimpleImputer({ strategy: 'median' }), new StandardScaler()), ['a', 'b']],
        ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['region']],
      ]),
      new SVC({ C: 3 }),
    );
    await pipe.fit(ds);
    expect(await pipe.predict(m.T as Table)).toEqual(m.predict);
  });

  it('part() on text columns explains how to encode them', async () => {
    const ds = await loadCsvDataset(file, { label: 'label', keepText: true, split: { test: 0.25, seed: 1 } });
    expect(() => ds.part('train')).toThrow(DataError);
    expect(() => ds.part('train')).toThrow(/OneHotEncoder/);
    expect(ds.tablePart('train').X.length + ds.tablePart('test').X.length).toBe(60);
  });
});
