/**
 * Every built-in model with every loss + learning algorithm pair trains and evaluates on Iris through
 * the job functions the worker threads run (here in-process, to keep it quick).
 */
import { describe, expect, it } from 'vitest';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { buildCatalog } from '../catalog/render.js';
import { validateTrainRequest } from '../catalog/validate.js';
import { runEvaluateJob, runTrainJob } from './jobs.js';

const registry = registerBuiltins(new Registry());
const catalog = buildCatalog(registry);

describe('built-in training jobs on Iris', () => {
  for (const l of catalog.learning) {
    const name = `${l.model_reference.model_name} / ${l.loss} + ${l.learning_algorithm}`;
    it(name, async () => {
      const v = validateTrainRequest(
        {
          train_data: {
            dataset: {
              dataset_name: 'iris',
              dataset_task: 'classification',
              split_test: 0.3,
              split_seed: 11,
            },
            model: {
              model_name: l.model_reference.model_name,
              model_task: 'classification',
              model_hyperparams: [],
            },
            learning: { loss: l.loss, learning_algorithm: l.learning_algorithm, learning_hyperparams: [] },
          },
        },
        catalog,
      );
      const { checkpoint } = await runTrainJob(registry, { kind: 'train', ...v });
      const ck = JSON.parse(checkpoint);
      expect(ck.model).toBe(l.model_reference.model_name);
      const { eval_data } = await runEvaluateJob(registry, {
        kind: 'evaluate',
        dataset: v.dataset,
        model: { name: v.model.name, task: v.model.task },
        checkpoint,
      });
      const acc = eval_data.find((m) => m.metric_name === 'test_accuracy')!.metric_value;
      expect(acc).toBeGreaterThan(0.7);
      expect(eval_data.map((m) => m.metric_name)).toContain('train_recall_macro');
    });
  }
});
