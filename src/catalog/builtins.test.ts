import { describe, expect, it } from 'vitest';
import { listDatasets } from '../datasets/index.js';
import { builtinModels, registerBuiltins } from './builtins.js';
import { Registry } from './registry.js';
import { buildCatalog } from './render.js';
import { toCatalogParamSpec } from './seed-param.js';
import { validateTrainRequest } from './validate.js';

describe('built-in catalog', () => {
  const registry = registerBuiltins(new Registry());
  const cat = buildCatalog(registry);

  it('publishes each built-in model with the very ParamSpec table the model validates against', () => {
    for (const entry of builtinModels()) {
      const model = entry.create(
        {},
        {
          loss: entry.learning[0]!.loss,
          learningAlgorithm: entry.learning[0]!.learningAlgorithm,
          params: {},
        },
      );
      expect(model.name).toBe(entry.name);
      const published = cat.models.find((m) => m.model_name === entry.name);
      expect(published?.model_hyperparams).toEqual(model.paramSpecs.map(toCatalogParamSpec));
      expect(cat.learning.filter((l) => l.model_reference.model_name === entry.name).length).toBe(
        entry.learning.length,
      );
      expect(entry.learning.length).toBeGreaterThan(0);
    }
  });

  it('lists the datasets of src/datasets with their metadata, and the metrics', () => {
    expect(cat.data_lake.map((d) => d.dataset_name)).toEqual(listDatasets().map((d) => d.name));
    const iris = cat.data_lake.find((d) => d.dataset_name === 'iris')!;
    expect(iris.n_record).toBe(150);
    expect(iris.features).toHaveLength(4);
    expect(iris.pre_processing.length).toBeGreaterThan(0);
    expect(cat.data_lake.find((d) => d.dataset_name === 'height_weight')?.n_record).toBe(4231);
    expect(cat.metrics.map((m) => m.metric_name)).toEqual(expect.arrayContaining(['precision', 'recall']));
  });

  it('every model + loss + algorithm pair accepts a request with default hyper-parameters', () => {
    for (const l of cat.learning) {
      const v = validateTrainRequest(
        {
          train_data: {
            dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.2, split_seed: 0 },
            model: {
              model_name: l.model_reference.model_name,
              model_task: l.model_reference.model_task,
              model_hyperparams: [],
            },
            learning: { loss: l.loss, learning_algorithm: l.learning_algorithm, learning_hyperparams: [] },
          },
        },
        cat,
      );
      expect(Object.keys(v.model.params).sort()).toEqual(
        cat.models
          .find((m) => m.model_name === l.model_reference.model_name)!
          .model_hyperparams.map((p) => p.param_name)
          .sort(),
      );
    }
  });
});
