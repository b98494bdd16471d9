import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestValidationError, type Violation } from './errors.js';
import { Registry } from './registry.js';
import { buildCatalog } from './render.js';
import { registerTiny, tinyRequest } from './test-utils/tiny.js';
import { validateTrainRequest } from './validate.js';

const registry = registerTiny(new Registry());
// A second dataset with another task, so rule 4 (task match) can fail on its own.
registry.registerDataset({
  name: 'Prices',
  task: 'regression',
  description: 'test only',
  features: ['x'],
  label: ['y'],
  nRecords: 1,
  preProcessing: [],
  load: async () => {
    throw new Error('not loadable');
  },
});
const catalog = buildCatalog(registry);

type Req = ReturnType<typeof tinyRequest>;

function violations(mutate: (r: Req) => void): Violation[] {
  const r = tinyRequest();
  mutate(r);
  try {
    validateTrainRequest(r, catalog);
  } catch (e) {
    expect(e).toBeInstanceOf(RequestValidationError);
    return [...(e as RequestValidationError).violations];
  }
  return [];
}

const D = 'train_data.dataset';
const M = 'train_data.model';
const L = 'train_data.learning';

describe('validateTrainRequest', () => {
  it('accepts the seed request and resolves every hyper-parameter', () => {
    const v = validateTrainRequest(tinyRequest(), catalog);
    expect(v.dataset).toEqual({ name: 'TinyBlobs', task: 'classification', splitTest: 0.25, splitSeed: 3 });
    expect(v.model).toEqual({
      name: 'TinyCentroid',
      task: 'classification',
      params: { metric: 'manhattan', temperature: 1 },
    });
    expect(v.learning).toEqual({
      loss: 'squared_distance',
      learningAlgorithm: 'closed_form',
      params: { passes: 2 },
    });
    // same answer from the Registry directly and from the catalog JSON a client downloaded
    expect(validateTrainRequest(tinyRequest(), registry)).toEqual(v);
    expect(validateTrainRequest(tinyRequest(), JSON.parse(JSON.stringify(catalog)))).toEqual(v);
  });

  const table: {
    rule: string;
    name: string;
    mutate: (r: Req) => void;
    path: string;
    value: unknown;
    allowed: RegExp;
  }[] = [
    {
      rule: 'dataset',
      name: 'unknown dataset',
      mutate: (r) => {
        r.train_data.dataset.dataset_name = 'Nope';
      },
      path: `${D}.dataset_name`,
      value: 'Nope',
      allowed: /TinyBlobs \(classification\)/,
    },
    {
      rule: 'dataset',
      name: 'dataset with wrong task',
      mutate: (r) => {
        r.train_data.dataset.dataset_task = 'clustering';
      },
      path: `${D}.dataset_task`,
      value: 'clustering',
      allowed: /classification/,
    },
    {
      rule: 'split_test',
      name: 'split_test = 0',
      mutate: (r) => {
        r.train_data.dataset.split_test = 0;
      },
      path: `${D}.split_test`,
      value: 0,
      allowed: /0 < x < 1/,
    },
    {
      rule: 'split_test',
      name: 'split_test = 1',
      mutate: (r) => {
        r.train_data.dataset.split_test = 1;
      },
      path: `${D}.split_test`,
      value: 1,
      allowed: /0 < x < 1/,
    },
    {
      rule: 'split_test',
      name: 'split_test a string',
      mutate: (r) => {
        (r.train_data.dataset as Record<string, unknown>).split_test = '0.2';
      },
      path: `${D}.split_test`,
      value: '0.2',
      allowed: /0 < x < 1/,
    },
    {
      rule: 'model',
      name: 'unknown model',
      mutate: (r) => {
        r.train_data.model.model_name = 'SVM9';
      },
      path: `${M}.model_name`,
      value: 'SVM9',
      allowed: /TinyCentroid \(classification\)/,
    },
    {
      rule: 'task',
      name: 'model task differs from the dataset task',
      mutate: (r) => {
        r.train_data.dataset.dataset_name = 'Prices';
        r.train_data.dataset.dataset_task = 'regression';
      },
      path: `${M}.model_task`,
      value: 'classification',
      allowed: /regression/,
    },
    {
      rule: 'model_hyperparams',
      name: 'unknown model hyper-parameter',
      mutate: (r) => {
        r.train_data.model.model_hyperparams.push({ hyper_param_name: 'gamma', hyper_param_value: 1 });
      },
      path: `${M}.model_hyperparams[1].hyper_param_name`,
      value: 'gamma',
      allowed: /metric, temperature/,
    },
    {
      rule: 'model_hyperparams',
      name: 'option not allowed',
      mutate: (r) => {
        r.train_data.model.model_hyperparams[0]!.hyper_param_value = 'cosine';
      },
      path: `${M}.model_hyperparams[0].hyper_param_value`,
      value: 'cosine',
      allowed: /"euclidean", "manhattan"/,
    },
    {
      rule: 'model_hyperparams',
      name: 'out of an exclusive range',
      mutate: (r) => {
        r.train_data.model.model_hyperparams.push({ hyper_param_name: 'temperature', hyper_param_value: 0 });
      },
      path: `${M}.model_hyperparams[1].hyper_param_value`,
      value: 0,
      allowed: /0 < x <= 100/,
    },
    {
      rule: 'model_hyperparams',
      name: 'repeated hyper-parameter',
      mutate: (r) => {
        r.train_data.model.model_hyperparams.push({
          hyper_param_name: 'metric',
          hyper_param_value: 'euclidean',
        });
      },
      path: `${M}.model_hyperparams[1].hyper_param_name`,
      value: 'metric',
      allowed: /at most once/,
    },
    {
      rule: 'learning',
      name: 'unknown loss',
      mutate: (r) => {
        r.train_data.learning.loss = 'hinge';
      },
      path: `${L}.loss`,
      value: 'hinge',
      allowed: /squared_distance \+ closed_form/,
    },
    {
      rule: 'learning',
      name: 'known loss, other algorithm',
      mutate: (r) => {
        r.train_data.learning.learning_algorithm = 'sgd';
      },
      path: `${L}.learning_algorithm`,
      value: 'sgd',
      allowed: /squared_distance \+ closed_form/,
    },
    {
      rule: 'learning_hyperparams',
      name: 'learning hyper-parameter of the wrong type',
      mutate: (r) => {
        r.train_data.learning.learning_hyperparams[0]!.hyper_param_value = 2.5;
      },
      path: `${L}.learning_hyperparams[0].hyper_param_value`,
      value: 2.5,
      allowed: /integer with 1 <= x <= 10/,
    },
    {
      rule: 'learning_hyperparams',
      name: 'unknown learning hyper-parameter',
      mutate: (r) => {
        r.train_data.learning.learning_hyperparams[0]!.hyper_param_name = 'lr';
      },
      path: `${L}.learning_hyperparams[0].hyper_param_name`,
      value: 'lr',
      allowed: /passes/,
    },
    {
      rule: 'structure',
      name: 'missing model_name',
      mutate: (r) => {
        delete (r.train_data.model as Record<string, unknown>).model_name;
      },
      path: `${M}.model_name`,
      value: undefined,
      allowed: /a string/,
    },
    {
      rule: 'structure',
      name: 'unknown field',
      mutate: (r) => {
        (r.train_data as Record<string, unknown>).extra = 1;
      },
      path: 'train_data.extra',
      value: 1,
      allowed: /no such field/,
    },
    {
      rule: 'split_seed',
      name: 'negative split_seed',
      mutate: (r) => {
        r.train_data.dataset.split_seed = -1;
      },
      path: `${D}.split_seed`,
      value: -1,
      allowed: /integer >= 0/,
    },
  ];

  for (const t of table) {
    it(`rule ${t.rule}: ${t.name}`, () => {
      const v = violations(t.mutate);
      expect(v).toHaveLength(1);
      expect(v[0]!.rule).toBe(t.rule);
      expect(v[0]!.path).toBe(t.path);
      expect(v[0]!.value).toEqual(t.value);
      expect(v[0]!.allowed).toMatch(t.allowed);
    });
  }

  it('reports every violation at once, and the message names path, value and what is allowed', () => {
    const r = tinyRequest();
    r.train_data.dataset.split_test = 2;
    r.train_data.model.model_hyperparams[0]!.hyper_param_value = 'cosine';
    r.train_data.learning.learning_hyperparams[0]!.hyper_param_value = 0;
    let err: RequestValidationError | undefined;
    try {
      validateTrainRequest(r, catalog);
    } catch (e) {
      err = e as RequestValidationError;
    }
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err!.violations.map((v) => v.rule)).toEqual([
      'split_test',
      'model_hyperparams',
      'learning_hyperparams',
    ]);
    expect(err!.code).toBe('E_BAD_REQUEST');
    expect(err!.message).toContain('train_data.dataset.split_test: got 2; allowed: a number with 0 < x < 1');
    expect(err!.message).toContain('got "cosine"; allowed: for \'metric\'');
  });

  it('rejects non-objects at the top', () => {
    for (const bad of [null, 1, 'x', [], { train_data: null }]) {
      expect(() => validateTrainRequest(bad, catalog)).toThrow(RequestValidationError);
    }
  });

  it('property: arbitrary JSON never throws anything but RequestValidationError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        try {
          validateTrainRequest(j, catalog);
        } catch (e) {
          expect(e).toBeInstanceOf(RequestValidationError);
          expect((e as RequestValidationError).violations.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: mutations of a valid request either validate or list violations (never crash)', () => {
    type Path = (string | number)[];
    const paths: Path[] = [];
    const walk = (x: unknown, p: Path) => {
      paths.push(p);
      if (x && typeof x === 'object')
        for (const [k, v] of Object.entries(x)) walk(v, [...p, Array.isArray(x) ? Number(k) : k]);
    };
    walk(tinyRequest(), []);
    const mutation = fc.record({
      path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
      op: fc.constantFrom('set', 'delete'),
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom('__proto__', 'constructor', 'toString', -0, 1e308),
      ),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
        const r = tinyRequest() as unknown as Record<string | number, unknown>;
        for (const m of muts) {
          let o: unknown = r;
          for (const k of m.path.slice(0, -1))
            o = o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined;
          if (!o || typeof o !== 'object') continue;
          const last = m.path[m.path.length - 1] as string | number;
          if (m.op === 'delete') delete (o as Record<string | number, unknown>)[last];
          else (o as Record<string | number, unknown>)[last] = m.value;
        }
        try {
          const v = validateTrainRequest(r, catalog);
          expect(v.model.name).toBe('TinyCentroid');
          expect(v.dataset.splitTest).toBeGreaterThan(0);
          expect(v.dataset.splitTest).toBeLessThan(1);
        } catch (e) {
          expect(e).toBeInstanceOf(RequestValidationError);
          expect((e as RequestValidationError).violations.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
