/**
 * Checks a training request (the seed's format) against the catalog and reports every violation at
 * once. The seven seed rules: dataset name+task exists; 0 < split_test < 1; model name+task exists;
 * model task equals the dataset task; model hyper-parameters exist and are well formed; the loss +
 * learning algorithm pair exists for the model; learning hyper-parameters exist and are well formed.
 * Structural problems (missing fields, wrong JSON types, unknown fields) are reported too.
 */
import { checkParam, describeAllowed, type ParamSpec } from '../core/params.js';
import { RequestValidationError, type Violation } from './errors.js';
import { Registry } from './registry.js';
import { buildCatalog } from './render.js';
import { fromSeedParamSpec } from './seed-param.js';
import type { SeedCatalog, SeedLearning, TrainRequest, ValidTrainRequest } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const get = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** Violations listed in full; the rest are counted in one final `truncated` violation. */
export const MAX_VIOLATIONS = 50;
/** Longest hyper-parameter list checked (longer lists are one violation, unread). */
export const MAX_HYPERPARAMS = 256;

/**
 * A violation's `value` as echoed back: primitives as given (strings cut at 200 characters), small
 * flat containers as given, anything larger summarised, so an error never amplifies its request.
 */
export function previewValue(v: unknown): unknown {
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 197)}...` : v;
  if (typeof v !== 'object' || v === null) return v;
  const entries = Array.isArray(v) ? v : Object.values(v);
  const flat =
    entries.length <= 20 &&
    entries.every((x) => x === null || (typeof x !== 'object' && (typeof x !== 'string' || x.length <= 64)));
  if (flat) return v;
  return Array.isArray(v) ? `<an array of ${v.length} items>` : `<an object with ${entries.length} keys>`;
}

class Collector {
  readonly list: Violation[] = [];
  private omitted = 0;
  add(rule: string, path: string, value: unknown, allowed: string): void {
    if (this.list.length >= MAX_VIOLATIONS) {
      this.omitted++;
      return;
    }
    this.list.push({ rule, path, value: previewValue(value), allowed });
  }
  /** The violations, with a final `truncated` entry counting those not listed. */
  done(): Violation[] {
    if (this.omitted === 0) return this.list;
    return [
      ...this.list,
      {
        rule: 'truncated',
        path: '',
        value: this.omitted,
        allowed: `${this.omitted} more violation(s) not listed (the first ${MAX_VIOLATIONS} are)`,
      },
    ];
  }
  /** The object at `path`, or null (and a violation). Unknown keys are reported. */
  object(
    path: string,
    value: unknown,
    keys: readonly string[],
    optional: readonly string[] = [],
  ): Obj | null {
    if (!isObj(value)) {
      this.add('structure', path, value, `an object with ${keys.join(', ')}`);
      return null;
    }
    for (const k of Object.keys(value)) {
      if (!keys.includes(k) && !optional.includes(k)) {
        this.add(
          'structure',
          join(path, k),
          value[k],
          `no such field; fields: ${[...keys, ...optional].join(', ')}`,
        );
      }
    }
    return value;
  }
  string(path: string, o: Obj, k: string): string | null {
    const v = get(o, k);
    if (typeof v === 'string') return v;
    this.add('structure', join(path, k), v, 'a string');
    return null;
  }
}

const join = (path: string, k: string): string => (path ? `${path}.${k}` : k);

/**
 * Validates `request` against a catalog (the seed JSON or a Registry); throws RequestValidationError.
 *
 * @example
 * ```ts
 * import { buildCatalog, RequestValidationError, registerBuiltins, Registry, validateTrainRequest } from 'autolearn/catalog';
 *
 * const catalog = buildCatalog(await registerBuiltins(new Registry()));
 * try {
 *   validateTrainRequest({ train_data: { dataset: { dataset_name: 'nope' } } }, catalog);
 * } catch (e) {
 *   if (e instanceof RequestValidationError) console.log(e.violations.length, 'problems');
 * }
 * ```
 */
export function validateTrainRequest(request: unknown, catalog: SeedCatalog | Registry): ValidTrainRequest {
  const cat = catalog instanceof Registry ? buildCatalog(catalog) : catalog;
  const c = new Collector();
  const root = c.object('', request, ['train_data']);
  const td = root ? c.object('train_data', get(root, 'train_data'), ['dataset', 'model', 'learning']) : null;
  const dsObj = td
    ? c.object(
        'train_data.dataset',
        get(td, 'dataset'),
        ['dataset_name', 'dataset_task', 'split_test'],
        ['split_seed'],
      )
    : null;
  const mObj = td
    ? c.object('train_data.model', get(td, 'model'), ['model_name', 'model_task'], ['model_hyperparams'])
    : null;
  const lObj = td
    ? c.object(
        'train_data.learning',
        get(td, 'learning'),
        ['loss', 'learning_algorithm'],
        ['learning_hyperparams'],
      )
    : null;

  // Rules 1-2: dataset
  let dataset: SeedCatalog['data_lake'][number] | undefined;
  let splitTest = Number.NaN;
  let splitSeed = 0;
  if (dsObj) {
    const p = 'train_data.dataset';
    const name = c.string(p, dsObj, 'dataset_name');
    const task = c.string(p, dsObj, 'dataset_task');
    if (name !== null && task !== null) {
      dataset = cat.data_lake.find((d) => d.dataset_name === name && d.dataset_task === task);
      if (!dataset) {
        const byName = cat.data_lake.filter((d) => d.dataset_name === name);
        if (byName.length)
          c.add(
            'dataset',
            `${p}.dataset_task`,
            task,
            `for dataset '${name}': ${byName.map((d) => d.dataset_task).join(', ')}`,
          );
        else
          c.add(
            'dataset',
            `${p}.dataset_name`,
            name,
            pairs(cat.data_lake.map((d) => [d.dataset_name, d.dataset_task])),
          );
      }
    }
    const st = get(dsObj, 'split_test');
    if (typeof st === 'number' && Number.isFinite(st) && st > 0 && st < 1) splitTest = st;
    else c.add('split_test', `${p}.split_test`, st, 'a number with 0 < x < 1');
    const seed = get(dsObj, 'split_seed');
    if (seed !== undefined) {
      if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) splitSeed = seed;
      else c.add('split_seed', `${p}.split_seed`, seed, 'an integer >= 0');
    }
  }

  // Rules 3-5: model
  let model: SeedCatalog['models'][number] | undefined;
  let modelParams: Record<string, unknown> = {};
  if (mObj) {
    const p = 'train_data.model';
    const name = c.string(p, mObj, 'model_name');
    const task = c.string(p, mObj, 'model_task');
    if (name !== null && task !== null) {
      model = cat.models.find((m) => m.model_name === name && m.model_task === task);
      if (!model) {
        const byName = cat.models.filter((m) => m.model_name === name);
        if (byName.length)
          c.add(
            'model',
            `${p}.model_task`,
            task,
            `for model '${name}': ${byName.map((m) => m.model_task).join(', ')}`,
          );
        else
          c.add('model', `${p}.model_name`, name, pairs(cat.models.map((m) => [m.model_name, m.model_task])));
      }
      if (dataset && task !== dataset.dataset_task) {
        c.add('task', `${p}.model_task`, task, `the dataset's task '${dataset.dataset_task}'`);
      }
    }
    modelParams = hyperparams(
      c,
      'model_hyperparams',
      `${p}.model_hyperparams`,
      get(mObj, 'model_hyperparams'),
      model?.model_hyperparams.map(fromSeedParamSpec),
      model ? `model '${model.model_name}'` : '',
    );
  }

  // Rules 6-7: learning
  let learning: SeedLearning | undefined;
  let learningParams: Record<string, unknown> = {};
  if (lObj) {
    const p = 'train_data.learning';
    const loss = c.string(p, lObj, 'loss');
    const algorithm = c.string(p, lObj, 'learning_algorithm');
    if (model && loss !== null && algorithm !== null) {
      const mine = cat.learning.filter(
        (l) =>
          l.model_reference.model_name === model!.model_name &&
          l.model_reference.model_task === model!.model_task,
      );
      learning = mine.find((l) => l.loss === loss && l.learning_algorithm === algorithm);
      if (!learning) {
        const path = mine.some((l) => l.loss === loss) ? `${p}.learning_algorithm` : `${p}.loss`;
        c.add(
          'learning',
          path,
          path.endsWith('loss') ? loss : algorithm,
          `for model '${model.model_name}' (loss + learning_algorithm): ${mine.map((l) => `${l.loss} + ${l.learning_algorithm}`).join(', ') || 'none'}`,
        );
      }
    }
    learningParams = hyperparams(
      c,
      'learning_hyperparams',
      `${p}.learning_hyperparams`,
      get(lObj, 'learning_hyperparams'),
      learning?.learning_hyperparams.map(fromSeedParamSpec),
      learning ? `${learning.loss} + ${learning.learning_algorithm}` : '',
    );
  }

  if (c.list.length) throw new RequestValidationError(c.done());
  const r = request as TrainRequest;
  return {
    dataset: { name: dataset!.dataset_name, task: dataset!.dataset_task, splitTest, splitSeed },
    model: { name: model!.model_name, task: model!.model_task, params: modelParams },
    learning: {
      loss: learning!.loss,
      learningAlgorithm: learning!.learning_algorithm,
      params: learningParams,
    },
    request: r,
  };
}

/**
 * Checks a `[{hyper_param_name, hyper_param_value}]` list; with `specs` (the chosen model / learning
 * entry is known) also the names and values. Returns the resolved params (defaults filled in).
 */
function hyperparams(
  c: Collector,
  rule: string,
  path: string,
  list: unknown,
  specs: readonly ParamSpec[] | undefined,
  owner: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (list === undefined) list = [];
  if (!Array.isArray(list)) {
    c.add('structure', path, list, 'an array of {hyper_param_name, hyper_param_value}');
    return out;
  }
  if (list.length > MAX_HYPERPARAMS) {
    c.add('structure', path, list, `at most ${MAX_HYPERPARAMS} hyper-parameters`);
    return out;
  }
  const byName = new Map((specs ?? []).map((s) => [s.name, s]));
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const p = `${path}[${i}]`;
    const o = c.object(p, item, ['hyper_param_name', 'hyper_param_value']);
    if (!o) return;
    const name = c.string(p, o, 'hyper_param_name');
    if (!Object.hasOwn(o, 'hyper_param_value'))
      c.add('structure', `${p}.hyper_param_value`, undefined, 'a value');
    if (name === null || !specs) return;
    const spec = byName.get(name);
    if (!spec) {
      c.add(
        rule,
        `${p}.hyper_param_name`,
        name,
        `a hyper-parameter of ${owner}: ${[...byName.keys()].join(', ') || 'none'}`,
      );
      return;
    }
    if (seen.has(name)) {
      c.add(rule, `${p}.hyper_param_name`, name, `each hyper-parameter at most once ('${name}' repeats)`);
      return;
    }
    seen.add(name);
    if (!Object.hasOwn(o, 'hyper_param_value')) return;
    const value = o.hyper_param_value;
    if (checkParam(spec, value) !== null)
      c.add(rule, `${p}.hyper_param_value`, value, `for '${name}': ${describeAllowed(spec)}`);
    else out[name] = value;
  });
  for (const s of specs ?? []) if (!Object.hasOwn(out, s.name) && !seen.has(s.name)) out[s.name] = s.default;
  return out;
}

function pairs(list: [string, string][]): string {
  return list.length ? list.map(([n, t]) => `${n} (${t})`).join(', ') : 'none registered';
}
