import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NotFoundError, ParamError } from '../core/errors.js';
import { loadCsvDataset } from './csv-dataset.js';
import { Dataset } from './dataset.js';
import { loadIris } from './iris.js';
import {
  builtinDatasets,
  getDataset,
  getDatasetDef,
  listDatasets,
  registerDataset,
  toCatalogEntry,
  unregisterDataset,
} from './registry.js';

function sklearnIris(): { data: number[][]; target: number[]; names: string[] } | null {
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import json; from sklearn.datasets import load_iris as l; d=l(); print(json.dumps({"data": d.data.tolist(), "target": d.target.tolist(), "names": d.target_names.tolist()}))',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    return JSON.parse(out);
  } catch {
    return null;
  }
}

describe('Iris', () => {
  it('ships 150 rows x 4 features, 50 per species, without file I/O', () => {
    const ds = loadIris();
    expect(ds.nRecords).toBe(150);
    expect(ds.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(ds.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.classCounts())).toEqual([50, 50, 50]);
  });

  it('equals datasets/iris.csv loaded through the CSV pipeline', async () => {
    const csv = fileURLToPath(new URL('../../datasets/iris.csv', import.meta.url));
    const fromCsv = await loadCsvDataset(csv, { label: 'species' });
    const shipped = loadIris({ scaler: null });
    expect(shipped.part('all').X.data).toEqual(fromCsv.part('all').X.data);
    expect(shipped.part('all').y).toEqual(fromCsv.part('all').y);
    expect(fromCsv.classes).toEqual(shipped.classes);
  });

  const sk = sklearnIris();
  it.skipIf(sk === null)('equals scikit-learn load_iris() (via /usr/bin/python3)', () => {
    const ref = sk as NonNullable<typeof sk>;
    const ds = loadIris({ scaler: null });
    expect(Array.from(ds.part('all').X.data)).toEqual(ref.data.flat());
    expect(ds.decodeLabels(ds.part('all').y)).toEqual(ref.target.map((t) => ref.names[t]));
  });

  it('splits stratified (10 per species in a 20% test part) and scales on train', () => {
    const ds = loadIris({ split: { test: 0.2, seed: 42 } });
    expect(Array.from(ds.part('test').y).filter((c) => c === 0).length).toBe(10);
    expect(Array.from(ds.part('test').y).filter((c) => c === 2).length).toBe(10);
    expect(ds.scaler?.kind).toBe('standard');
  });
});

describe('dataset registry', () => {
  it('lists the built-ins with catalog metadata in the seed schema', () => {
    expect(builtinDatasets.map((d) => d.name)).toEqual(['iris', 'height_weight']);
    const hw = toCatalogEntry(getDatasetDef('Height-Weight'));
    expect(hw).toMatchObject({
      dataset_name: 'height_weight',
      dataset_task: 'classification',
      features: ['BMI', 'height', 'weight'],
      label: ['sex'],
      n_record: 4231,
    });
    expect(hw.pre_processing.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(toCatalogEntry(getDatasetDef('IRIS')).n_record).toBe(150);
  });

  it('loads by name, and an unknown name is a NotFoundError listing the known ones', async () => {
    const ds = await getDataset('iris', { split: { test: 0.3, seed: 1 } });
    expect(ds.part('test').X.rows).toBe(45);
    const err = await getDataset('mnist').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).known).toEqual(expect.arrayContaining(['iris', 'height_weight']));
  });

  it('registers a user dataset (duplicates need replace) and unregisters it', async () => {
    const def = {
      name: 'xor',
      task: 'classification' as const,
      description: 'four points',
      features: ['a', 'b'],
      label: 'y',
      nRecords: 4,
      preProcessing: [],
      load: async () =>
        Dataset.fromArrays(
          [
            [0, 0],
            [0, 1],
            [1, 0],
            [1, 1],
          ],
          [0, 1, 1, 0],
          { name: 'xor' },
        ),
    };
    registerDataset(def);
    expect(listDatasets().map((d) => d.name)).toContain('xor');
    expect((await getDataset('xor')).nRecords).toBe(4);
    expect(() => registerDataset(def)).toThrow(ParamError);
    registerDataset(def, { replace: true });
    expect(() => registerDataset({ ...def, name: 'iris' })).toThrow(ParamError);
    expect(unregisterDataset('iris')).toBe(false);
    expect(unregisterDataset('xor')).toBe(true);
    expect(() => getDatasetDef('xor')).toThrow(NotFoundError);
  });
});
