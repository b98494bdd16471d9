/** Renders the registry as the seed's catalog JSON (`data_lake`, `models`, `metrics`, `learning`). */
import type { Registry } from './registry.js';
import { toCatalogParamSpec } from './seed-param.js';
import type { SeedCatalog } from './types.js';

/**
 * Renders a registry (models, datasets, metrics, learning algorithms) as the catalog JSON of the
 * platform (`data_lake`, `models`, `metrics`, `learning`), every hyper-parameter with its type,
 * default, range and options.
 *
 * @example
 * ```ts
 * import { buildCatalog, registerBuiltins, Registry } from 'autolearn/catalog';
 *
 * const catalog = buildCatalog(await registerBuiltins(new Registry()));
 * console.log(catalog.models.map((m) => m.model_name));
 * ```
 */
export function buildCatalog(registry: Registry): SeedCatalog {
  const models = registry.models();
  return {
    data_lake: registry.datasets().map((d) => ({
      dataset_name: d.name,
      dataset_task: d.task,
      dataset_description: d.description,
      features: [...d.features],
      label: [...d.label],
      n_record: d.nRecords,
      pre_processing: d.preProcessing.map((p) => ({ step: p.step, computation: p.computation })),
    })),
    models: models.map((m) => ({
      model_name: m.name,
      model_task: m.task,
      model_hyperparams: m.paramSpecs.map(toCatalogParamSpec),
    })),
    metrics: registry.metrics().map((m) => ({ metric_task: m.task, metric_name: m.name })),
    learning: models.flatMap((m) =>
      m.learning.map((l) => ({
        model_reference: { model_name: m.name, model_task: m.task },
        loss: l.loss,
        learning_algorithm: l.learningAlgorithm,
        learning_hyperparams: l.hyperparams.map(toCatalogParamSpec),
      })),
    ),
  };
}
