/** Training requests used by the server and CLI tests. */
import type { TrainRequest } from '../../catalog/types.js';

export function irisRequest(
  model = 'GaussianNB',
  loss = 'negative_log_likelihood',
  algorithm = 'maximum_likelihood',
  params: { hyper_param_name: string; hyper_param_value: unknown }[] = [],
  seed = 0,
  learningParams: { hyper_param_name: string; hyper_param_value: unknown }[] = [],
): TrainRequest {
  return {
    train_data: {
      dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: seed },
      model: {
        model_name: model,
        model_task: 'classification',
        model_hyperparams: params as TrainRequest['train_data']['model']['model_hyperparams'],
      },
      learning: {
        loss,
        learning_algorithm: algorithm,
        learning_hyperparams:
          learningParams as TrainRequest['train_data']['learning']['learning_hyperparams'],
      },
    },
  };
}

/**
 * A fit that runs for a minute or more on any machine (LogisticRegression, plain SGD, one sample per
 * step, a tiny learning rate and tol 0 so it never stops early, 200,000 epochs over Iris) and reports
 * progress every 2,000 epochs: tests cancel, kill or shut down around it.
 */
export function slowRequest(seed = 0): TrainRequest {
  return irisRequest('LogisticRegression', 'cross_entropy', 'sgd', [], seed, [
    { hyper_param_name: 'maxIter', hyper_param_value: 200_000 },
    { hyper_param_name: 'learningRate', hyper_param_value: 1e-7 },
    { hyper_param_name: 'tol', hyper_param_value: 0 },
    { hyper_param_name: 'batchSize', hyper_param_value: 1 },
  ]);
}
