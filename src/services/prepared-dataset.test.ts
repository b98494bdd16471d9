/** The upload steps (columnTransformer of a column plan) against scikit-learn 1.2.1 on the same CSV. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CsvColumnStep } from '../catalog/types.js';
import { readCsvTable } from '../datasets/csv-table.js';
import { type Cell, toNumeric } from '../preprocessing/data.js';
import { columnTransformer } from './prepared-dataset.js';

const file = fileURLToPath(new URL('./fixtures/mixed.csv', import.meta.url));
const sk = JSON.parse(
  readFileSync(new URL('./fixtures/upload-steps-sklearn.json', import.meta.url), 'utf8'),
) as {
  names: string[];
  all: number[][];
  new_rows: { a: string; b: string; color: string }[];
  new: number[][];
};

const plan: CsvColumnStep[] = [
  { name: 'a', kind: 'number', missing: 0, impute: null, fillValue: null, encode: null },
  { name: 'b', kind: 'number', missing: 9, impute: 'median', fillValue: null, encode: null },
  { name: 'color', kind: 'text', missing: 6, impute: 'most_frequent', fillValue: null, encode: 'onehot' },
];

function close(got: { rows: number; cols: number; data: Float64Array }, want: number[][]) {
  expect([got.rows, got.cols]).toEqual([want.length, want[0]!.length]);
  want.flat().forEach((w, k) => {
    expect(Math.abs((got.data[k] as number) - w)).toBeLessThan(1e-12);
  });
}

describe('upload steps = scikit-learn ColumnTransformer', () => {
  it('imputes (median, most_frequent), scales and one-hot encodes as scikit-learn does', async () => {
    const t = await readCsvTable(file, { label: 'label' });
    expect(t.textColumns).toEqual(['color']);
    const ct = columnTransformer(plan, 'standard');
    ct.fit(t.rows, undefined, { featureNames: t.featureNames });
    close(toNumeric(ct.transform(t.rows), 'test'), sk.all);
    const fresh: Cell[][] = sk.new_rows.map((r) => [
      Number(r.a),
      r.b === '' ? null : Number(r.b),
      r.color === '' ? null : r.color,
    ]);
    close(toNumeric(ct.transform(fresh), 'test'), sk.new);
  });
});
