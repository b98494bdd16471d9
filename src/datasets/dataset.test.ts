import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, ParamError } from '../core/errors.js';
import { takeRows } from '../core/matrix.js';
import { csvRows } from '../pipeline/csv-source.js';
import { parseNumericRows } from '../pipeline/numeric-rows.js';
import { fromArray } from '../pipeline/sources.js';
import { loadCsvDataset } from './csv-dataset.js';
import { Dataset } from './dataset.js';
import { makeClassification } from './make-classification.js';
import { StandardScaler } from './scalers.js';

const dir = mkdtempSync(join(tmpdir(), 'autolearn-ds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({ values: [i, i * i], label: i % 3 === 0 ? 'z' : 'a' }));
}

describe('Dataset', () => {
  it('setUp(pipeline) + load() fills a dense matrix and a label vector with sorted classes', async () => {
    const ds = new Dataset({ name: 'toy', featureNames: ['x', 'x2'] }).setUp(
      fromArray(rows(9)).filter((r) => r.values[0] !== 4),
    );
    expect(ds.isLoaded).toBe(false);
    expect(() => ds.part('all')).toThrow(DataError);
    await ds.load();
    const all = ds.part('all');
    expect(all.X.rows).toBe(8);
    expect(Array.from(all.X.data.subarray(0, 6))).toEqual([0, 0, 1, 1, 2, 4]);
    expect(ds.classes).toEqual(['a', 'z']);
    expect(ds.decodeLabels(all.y)).toEqual([0, 1, 2, 3, 5, 6, 7, 8].map((i) => (i % 3 === 0 ? 'z' : 'a')));
    expect(Array.from(ds.encodeLabels(['z', 'a']))).toEqual([1, 0]);
    expect(() => ds.encodeLabels(['q'])).toThrow(DataError);
    expect(ds.featureNames).toEqual(['x', 'x2']);
    expect(ds.nRecords).toBe(8);
    expect(Array.from(ds.classCounts())).toEqual([5, 3]);
  });

  it('loads from a CSV pipeline (csvRows -> parseNumericRows), taking feature names from the header', async () => {
    const f = join(dir, 'p.csv');
    writeFileSync(f, 'h,w,sex\n170,70,M\n160,55,F\n180,90,M\n');
    const ds = await new Dataset({ name: 'hw' })
      .setUp(() => csvRows(f).pipe(parseNumericRows({ label: 'sex' })))
      .load();
    expect(ds.featureNames).toEqual(['h', 'w']);
    expect(ds.classes).toEqual(['F', 'M']);
    expect(Array.from(ds.part('all').y)).toEqual([1, 0, 1]);
    await ds.load(); // a factory can be loaded again
    expect(ds.nRecords).toBe(3);
  });

  it("part() other than 'all' before split() is a typed error; split is deterministic and stratified", () => {
    const data = makeClassification({
      nSamples: 300,
      nClasses: 3,
      nInformative: 3,
      weights: [0.5, 0.3, 0.2],
      flipY: 0,
      seed: 3,
    });
    const make = () => Dataset.fromArrays(data.X, data.y, { name: 'mc' });
    const ds = make();
    expect(() => ds.part('train')).toThrow(/call split/);
    expect(() => ds.part('test')).toThrow(DataError);
    ds.split({ test: 0.2, validation: 0.1, seed: 9 });
    const again = make().split({ test: 0.2, validation: 0.1, seed: 9 });
    for (const p of ['train', 'validation', 'test'] as const) {
      expect(ds.part(p).X.data).toEqual(again.part(p).X.data);
      expect(ds.part(p).y).toEqual(again.part(p).y);
    }
    expect(ds.part('test').X.rows).toBe(60);
    expect(ds.part('validation').X.rows).toBe(30);
    expect(ds.part('train').X.rows).toBe(210);
    const share = (y: Int32Array, c: number) => y.filter((v) => v === c).length / y.length;
    const all = ds.part('all').y;
    for (let c = 0; c < 3; c++)
      expect(Math.abs(share(ds.part('test').y, c) - share(all, c))).toBeLessThan(1 / 60 + 1e-9);
    expect(() => make().split({ test: 1.2 })).toThrow(ParamError);
    expect(() => make().split({ test: 0.3 }).part('validation')).toThrow(/validation/);
  });

  it('fits the scaler on the training part only and applies it to every part', () => {
    const data = makeClassification({ nSamples: 200, nFeatures: 4, seed: 5, shift: 3, scale: 7 });
    const ds = Dataset.fromArrays(data.X, data.y, { name: 'sc', scaler: 'standard' }).split({
      test: 0.25,
      seed: 1,
    });
    const idx = ds.splitIndices();
    const reference = new StandardScaler().fit(takeRows(data.X, idx.train));
    expect(ds.scaler).toBeInstanceOf(StandardScaler);
    expect((ds.scaler as StandardScaler).mean).toEqual(reference.mean);
    const train = ds.part('train').X;
    for (let j = 0; j < 4; j++) {
      let m = 0;
      for (let i = 0; i < train.rows; i++) m += train.data[i * 4 + j] as number;
      expect(Math.abs(m / train.rows)).toBeLessThan(1e-12);
    }
    expect(ds.part('test').X.data).toEqual(reference.transform(takeRows(data.X, idx.test)).data);
    // The raw data is not modified, and new samples go through the same scaler.
    expect(ds.transform(takeRows(data.X, [idx.test[0] as number])).data).toEqual(
      ds.part('test').X.data.subarray(0, 4),
    );
    expect(ds.preProcessing.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(ds.preProcessing[2]?.computation).toMatch(/fitted on the training part/);
    ds.setScaler('minmax');
    const t = ds.part('train').X.data;
    expect(Math.min(...t)).toBeCloseTo(0, 12);
    expect(Math.max(...t)).toBeCloseTo(1, 12);
  });

  it('loadCsvDataset chooses feature and label columns by name', async () => {
    const f = join(dir, 'u.csv');
    writeFileSync(f, 'id,a,b,kind\n1,0.5,2,x\n2,1.5,3,y\n3,2.5,4,x\n4,3.5,5,y\n');
    const ds = await loadCsvDataset(f, {
      label: 'kind',
      features: ['b', 'a'],
      split: { test: 0.5, seed: 0 },
    });
    expect(ds.name).toBe('u');
    expect(ds.featureNames).toEqual(['b', 'a']);
    expect(ds.labelName).toBe('kind');
    expect(Array.from(ds.part('all').X.data.subarray(0, 2))).toEqual([2, 0.5]);
    expect(ds.part('test').X.rows).toBe(2);
    expect(new Set(ds.decodeLabels(ds.part('test').y))).toEqual(new Set(['x', 'y']));
    const entry = ds.toCatalogEntry();
    expect(entry).toMatchObject({
      dataset_name: 'u',
      dataset_task: 'classification',
      features: ['b', 'a'],
      label: ['kind'],
      n_record: 4,
    });
  });

  it('rejects a dataset without a pipeline or name', async () => {
    await expect(new Dataset({ name: 'x' }).load()).rejects.toThrow(DataError);
    expect(() => new Dataset({ name: '' })).toThrow(ParamError);
  });
});
