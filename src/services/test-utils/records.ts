import type { ExperimentRecord } from '../stores/types.js';

/** A record as training would write it (request in the seed format + a checkpoint text). */
export function makeRecord(
  id: string,
  createdAt: number,
  dataset = 'Iris',
  model = 'SVC',
  owner = 'admin',
): ExperimentRecord {
  return {
    id,
    owner,
    created_at: createdAt,
    status: 'trained',
    train_data: {
      request: {
        train_data: {
          dataset: { dataset_name: dataset, dataset_task: 'classification', split_test: 0.2, split_seed: 1 },
          model: { model_name: model, model_task: 'classification', model_hyperparams: [] },
          learning: { loss: 'hinge', learning_algorithm: 'smo', learning_hyperparams: [] },
        },
      },
      checkpoint: JSON.stringify({ format: 'autolearn-checkpoint', weights: [1.5, -2, id] }),
    },
    eval_data: [],
  };
}
