import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkParam, type ParamSpec } from '../core/params.js';
import { CatalogError } from './errors.js';
import { Registry } from './registry.js';
import { buildCatalog } from './render.js';
import { fromSeedParamSpec, toCatalogParamSpec } from './seed-param.js';
import { registerTiny, tinyDatasetEntry, tinyModelEntry } from './test-utils/tiny.js';
import type { SeedCatalog } from './types.js';

/** What a client does with the catalog: it only reads the JSON. */
function clientMenu(json: string): string[] {
  const cat = JSON.parse(json) as SeedCatalog;
  return cat.models.map(
    (m) => `${m.model_name}: ${m.model_hyperparams.map((p) => `${p.param_name}:${p.param_type}`).join(',')}`,
  );
}

describe('catalog', () => {
  it('renders registered models, datasets, metrics and learning in the seed schema', () => {
    const cat = buildCatalog(registerTiny(new Registry()));
    expect(Object.keys(cat).sort()).toEqual(['data_lake', 'learning', 'metrics', 'models']);
    expect(cat.data_lake).toEqual([
      {
        dataset_name: 'TinyBlobs',
        dataset_task: 'classification',
        dataset_description: tinyDatasetEntry.description,
        features: ['x0', 'x1'],
        label: ['blob'],
        n_record: 60,
        pre_processing: [{ step: 1, computation: 'shuffle (seeded)' }],
      },
    ]);
    expect(cat.models).toHaveLength(1);
    const m = cat.models[0]!;
    expect(m.model_name).toBe('TinyCentroid');
    expect(m.model_hyperparams).toEqual([
      {
        param_name: 'metric',
        param_type: 'string',
        default: 'euclidean',
        range_l: null,
        range_u: null,
        options: ['euclidean', 'manhattan'],
        description: 'distance',
        range_l_exclusive: false,
        range_u_exclusive: false,
      },
      {
        param_name: 'temperature',
        param_type: 'float',
        default: 1,
        range_l: 0,
        range_u: 100,
        options: [],
        description: 'softmax temperature',
        range_l_exclusive: true,
        range_u_exclusive: false,
      },
    ]);
    expect(cat.learning).toEqual([
      {
        model_reference: { model_name: 'TinyCentroid', model_task: 'classification' },
        loss: 'squared_distance',
        learning_algorithm: 'closed_form',
        learning_hyperparams: [
          {
            param_name: 'passes',
            param_type: 'int',
            default: 1,
            range_l: 1,
            range_u: 10,
            options: [],
            description: 'passes over the data',
            range_l_exclusive: false,
            range_u_exclusive: false,
          },
        ],
      },
    ]);
    expect(cat.metrics).toEqual([
      { metric_task: 'classification', metric_name: 'precision' },
      { metric_task: 'classification', metric_name: 'recall' },
    ]);
  });

  it('a model registered in code appears in the client view with no client change', () => {
    const r = new Registry();
    expect(clientMenu(JSON.stringify(buildCatalog(r)))).toEqual([]);
    r.registerModel(tinyModelEntry);
    expect(clientMenu(JSON.stringify(buildCatalog(r)))).toEqual([
      'TinyCentroid: metric:string,temperature:float',
    ]);
    r.registerModel({ ...tinyModelEntry, name: 'Other', paramSpecs: [], learning: [] });
    expect(clientMenu(JSON.stringify(buildCatalog(r)))).toEqual([
      'TinyCentroid: metric:string,temperature:float',
      'Other: ',
    ]);
    expect(r.unregisterModel('Other', 'classification')).toBe(true);
    expect(buildCatalog(r).models.map((x) => x.model_name)).toEqual(['TinyCentroid']);
  });

  it('rejects duplicate or malformed registrations', () => {
    const r = registerTiny(new Registry());
    expect(() => r.registerModel(tinyModelEntry)).toThrow(CatalogError);
    expect(() => r.registerDataset(tinyDatasetEntry)).toThrow(CatalogError);
    expect(() => r.registerModel({ ...tinyModelEntry, name: '' })).toThrow(CatalogError);
    const l = tinyModelEntry.learning[0]!;
    expect(() => r.registerModel({ ...tinyModelEntry, name: 'Dup', learning: [l, l] })).toThrow(
      /listed twice/,
    );
  });

  it('property: the rendered param spec accepts exactly what the original accepts', () => {
    const specArb: fc.Arbitrary<ParamSpec> = fc.oneof(
      fc.record({
        name: fc.constant('p'),
        type: fc.constantFrom('int' as const, 'float' as const),
        default: fc.constant(1),
        description: fc.constant(''),
        min: fc.option(fc.integer({ min: -5, max: 0 }), { nil: undefined }),
        max: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        minExclusive: fc.boolean(),
        maxExclusive: fc.boolean(),
        options: fc.option(fc.constant(['auto', 'scale']), { nil: undefined }),
        nullable: fc.boolean(),
      }),
      fc.record({
        name: fc.constant('s'),
        type: fc.constantFrom('string' as const, 'bool' as const),
        default: fc.constant('a'),
        description: fc.constant(''),
        options: fc.option(fc.constant(['a', 'b']), { nil: undefined }),
        nullable: fc.boolean(),
      }),
    );
    const valueArb = fc.oneof(
      fc.integer({ min: -6, max: 6 }),
      fc.double({ min: -6, max: 6 }),
      fc.constantFrom('auto', 'scale', 'a', 'b', 'c', null, true, false, 0.5, -0, Number.NaN),
    );
    fc.assert(
      fc.property(specArb, fc.array(valueArb, { maxLength: 20 }), (spec, values) => {
        const back = fromSeedParamSpec(JSON.parse(JSON.stringify(toCatalogParamSpec(spec))));
        for (const v of values) expect(checkParam(back, v) === null).toBe(checkParam(spec, v) === null);
      }),
      { numRuns: 300 },
    );
  });
});
