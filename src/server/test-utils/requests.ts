/** Training requests used by the server and CLI tests. */
import type { TrainRequest } from '../../catalog/types.js';

export function irisRequest(
  model = 'GaussianNB',
  loss = 'negative_log_likelihood',
  algorithm = 'maximum_likelihood',
  params: { hyper_param_name: string; hyper_param_value: unknown }[] = [],
  seed = 0,
): TrainRequest {
  return {
    train_data: {
      dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: seed },
      model: {
        model_name: model,
        model_task: 'classification',
        model_hyperparams: params as TrainRequest['train_data']['model']['model_hyperparams'],
      },
      learning: { loss, learning_algorithm: algorithm, learning_hyperparams: [] },
    },
  };
}

/** A fit that takes a few seconds on one core (10,000 trees on Iris, one thread). */
export function slowRequest(seed = 0): TrainRequest {
  return irisRequest(
    'RandomForestClassifier',
    'gini',
    'cart',
    [
      { hyper_param_name: 'nEstimators', hyper_param_value: 10_000 },
      { hyper_param_name: 'nJobs', hyper_param_value: 1 },
    ],
    seed,
  );
}
