/**
 * Builds the seed's training request from names and `name=value` strings, typing each value by the
 * catalog's param_type. Everything comes from the catalog, so a new model needs no CLI change.
 */
import type { CatalogParamSpec } from '../catalog/seed-param.js';
import type { HyperParamValue, SeedCatalog, SeedLearning, TrainRequest } from '../catalog/types.js';
import { UsageError } from './errors.js';
import { didYouMean, resolveAlias } from './suggest.js';

export interface RequestChoice {
  readonly dataset: string;
  readonly model: string;
  readonly splitTest?: number;
  readonly splitSeed?: number;
  readonly loss?: string;
  readonly algorithm?: string;
  /** Model hyper-parameters as `name=value`. */
  readonly params?: readonly string[];
  /** Learning hyper-parameters as `name=value`. */
  readonly learningParams?: readonly string[];
}

/** Parses one value by its catalog type (numbers, booleans, null, JSON objects; strings as given). */
export function parseValue(text: string, spec?: CatalogParamSpec): HyperParamValue['hyper_param_value'] {
  const t = text.trim();
  if (t === 'null') return null as unknown as HyperParamValue['hyper_param_value'];
  const type = spec?.param_type;
  if (type === 'string') return t;
  if (type === 'bool' || t === 'true' || t === 'false') {
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  if (type === 'object' || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as HyperParamValue['hyper_param_value'];
    } catch {
      return t;
    }
  }
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/**
 * `name=value` strings as hyper-parameters. Names may be scikit-learn's snake_case (`n_estimators`
 * stands for `nEstimators`); with `owner`, a name the specs do not know is a UsageError with the
 * closest names.
 */
function hyperParams(
  pairs: readonly string[] | undefined,
  specs: readonly CatalogParamSpec[],
  owner?: string,
): HyperParamValue[] {
  const known = specs.map((s) => s.param_name);
  return (pairs ?? []).map((p) => {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`hyper-parameter '${p}' must be written name=value`);
    const given = p.slice(0, i).trim();
    const name = resolveAlias(given, known) ?? given;
    if (owner && !known.includes(name)) {
      throw new UsageError(
        `${owner} has no hyper-parameter '${given}'${didYouMean(given, known)}; it has: ${known.join(', ') || '(none)'}`,
      );
    }
    return {
      hyper_param_name: name,
      hyper_param_value: parseValue(
        p.slice(i + 1),
        specs.find((s) => s.param_name === name),
      ),
    };
  });
}

/** The learning entries (loss + algorithm) of a model. */
export function learningOf(catalog: SeedCatalog, model: string, task: string): SeedLearning[] {
  return catalog.learning.filter(
    (l) => l.model_reference.model_name === model && l.model_reference.model_task === task,
  );
}

export function buildRequest(catalog: SeedCatalog, c: RequestChoice): TrainRequest {
  const ds = catalog.data_lake.find((d) => d.dataset_name === c.dataset);
  if (!ds) {
    const names = catalog.data_lake.map((d) => d.dataset_name);
    throw new UsageError(
      `unknown dataset '${c.dataset}'${didYouMean(c.dataset, names)}; the catalog has: ${names.join(', ')}`,
    );
  }
  const model =
    catalog.models.find((m) => m.model_name === c.model && m.model_task === ds.dataset_task) ??
    catalog.models.find((m) => m.model_name === c.model);
  if (!model) {
    const names = catalog.models.map((m) => m.model_name);
    throw new UsageError(
      `unknown model '${c.model}'${didYouMean(c.model, names)}; the catalog has: ${names.join(', ')}`,
    );
  }
  const pairs = learningOf(catalog, model.model_name, model.model_task);
  const learning =
    pairs.find(
      (l) =>
        (c.loss === undefined || l.loss === c.loss) &&
        (c.algorithm === undefined || l.learning_algorithm === c.algorithm),
    ) ?? null;
  const loss = c.loss ?? learning?.loss ?? '';
  const algorithm = c.algorithm ?? learning?.learning_algorithm ?? '';
  return {
    train_data: {
      dataset: {
        dataset_name: ds.dataset_name,
        dataset_task: ds.dataset_task,
        split_test: c.splitTest ?? 0.3,
        split_seed: c.splitSeed ?? 0,
      },
      model: {
        model_name: model.model_name,
        model_task: model.model_task,
        model_hyperparams: hyperParams(c.params, model.model_hyperparams, model.model_name),
      },
      learning: {
        loss,
        learning_algorithm: algorithm,
        learning_hyperparams: hyperParams(
          c.learningParams,
          learning?.learning_hyperparams ?? [],
          learning ? `${learning.loss}/${learning.learning_algorithm}` : undefined,
        ),
      },
    },
  };
}
