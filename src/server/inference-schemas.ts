/**
 * JSON Schemas (with examples that validate against them) of the inference and experiment routes:
 * prediction requests and answers, one experiment opened, its model checkpoint.
 */
import { MAX_PREDICT_ROWS } from '../services/predict.js';
import type { JsonSchema } from './schemas.js';

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const label = { type: ['string', 'number'] } as const;
const matrix = { type: ['array', 'null'], items: { type: 'array', items: num } } as const;
const freeObject = { type: 'object', additionalProperties: true } as const;

/**
 * A feature value: a number, or text (numeric text, or a category for a model trained with encoding),
 * or null (an empty cell, for a model trained with imputation). Request schemas avoid union `type`
 * arrays (ajv strict).
 */
const numberOrText = { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'null' }] } as const;

const IRIS_ROW = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };

/** JSON body: `{ rows: [...] }` where a row is an object of named features or an array of numbers. */
export const predictJsonBody: JsonSchema = {
  type: 'object',
  properties: {
    rows: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_PREDICT_ROWS,
      items: {
        anyOf: [
          { type: 'object', additionalProperties: numberOrText },
          { type: 'array', items: numberOrText },
        ],
      },
      description: `At most ${MAX_PREDICT_ROWS} rows. Objects must name exactly the model's features; arrays hold them in the model's order (see GET /experiments/{id}: model_summary.feature_names; for a model trained on an upload with imputation or encoding, the raw columns of GET /experiments/{id}/model: preprocessing.feature_names, with category strings and null or '' for empty cells).`,
    },
  },
  required: ['rows'],
  additionalProperties: false,
  examples: [{ rows: [IRIS_ROW, [6.7, 3.0, 5.2, 2.3]] }],
};

/** CSV body: a header naming the features (other columns are ignored), one row per line. */
export const predictCsvBody: JsonSchema = {
  type: 'string',
  description: `text/csv with a header row naming the features; at most ${MAX_PREDICT_ROWS} rows`,
  examples: ['sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n'],
};

/** The request body by content type (Fastify validates each; the OpenAPI document lists both). */
export const predictBody: JsonSchema = {
  content: {
    'application/json': { schema: predictJsonBody },
    'text/csv': { schema: predictCsvBody },
  },
};

export const predictionSchema: JsonSchema = {
  type: 'object',
  properties: {
    token: str,
    model: str,
    n: int,
    feature_names: { type: 'array', items: str },
    classes: { type: 'array', items: label },
    labels: { type: 'array', items: label },
    probabilities: {
      ...matrix,
      description: 'n x classes; null when the model has none (SVC without probability)',
    },
    decision: {
      ...matrix,
      description:
        'Decision function (SVC, LinearSVC) or joint log-likelihood (GaussianNB), one row per input row; null for the other models',
    },
  },
  required: ['token', 'model', 'n', 'classes', 'labels', 'probabilities', 'decision'],
  additionalProperties: false,
  examples: [
    {
      token: 'QpV3bq1nW8i0dyZf7R2xkA',
      model: 'SVC',
      n: 2,
      feature_names: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      classes: ['setosa', 'versicolor', 'virginica'],
      labels: ['setosa', 'virginica'],
      probabilities: [
        [0.97, 0.02, 0.01],
        [0.01, 0.03, 0.96],
      ],
      decision: [
        [2.24, 0.8, -0.26],
        [-0.25, 1.03, 2.24],
      ],
    },
  ],
};

const metric = {
  type: 'object',
  properties: { metric_name: str, metric_value: num },
  required: ['metric_name', 'metric_value'],
  additionalProperties: false,
};

const MODEL_CARD_EXAMPLE = {
  model: 'SVC',
  dataset: {
    name: 'iris',
    task: 'classification',
    sha256: 'd1a4c5d4c1a9f4b3e3f0b8e5a0f5c9e2b7d6a1c3e4f5a6b7c8d9e0f1a2b3c4d5',
    n_records: 150,
    n_features: 4,
    feature_names: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    classes: ['setosa', 'versicolor', 'virginica'],
  },
  split: { test: 0.3, seed: 5, n_train: 105, n_test: 45 },
  seed: 0,
  params: { C: 1, kernel: 'rbf', gamma: 'scale', probability: true },
  learning: { loss: 'hinge', algorithm: 'smo', params: {} },
  library: { name: 'autolearn', version: '0.1.0', node: 'v20.19.0' },
  device: 'cpu',
  fit_ms: 12.5,
  trained_at: '2026-12-01T08:00:00.000Z',
  metrics: {
    test: { accuracy: 0.96, precision_macro: 0.96, recall_macro: 0.96, f1_macro: 0.96, n: 45 },
    train: { accuracy: 0.98, precision_macro: 0.98, recall_macro: 0.98, f1_macro: 0.98, n: 105 },
  },
  confusion: {
    labels: ['setosa', 'versicolor', 'virginica'],
    test: [
      [15, 0, 0],
      [0, 14, 1],
      [0, 1, 14],
    ],
    train: [
      [35, 0, 0],
      [0, 34, 1],
      [0, 1, 34],
    ],
  },
};

const partMetrics = {
  type: 'object',
  properties: { accuracy: num, precision_macro: num, recall_macro: num, f1_macro: num, n: int },
  required: ['accuracy', 'n'],
};

export const modelCardSchema: JsonSchema = {
  type: ['object', 'null'],
  description: 'What a reader needs to trust the experiment (null for records trained before model cards)',
  properties: {
    model: str,
    dataset: {
      type: 'object',
      properties: {
        name: str,
        task: str,
        sha256: str,
        n_records: int,
        n_features: int,
        feature_names: { type: 'array', items: str },
        classes: { type: 'array', items: label },
      },
      required: ['name', 'sha256'],
    },
    split: { type: 'object', properties: { test: num, seed: int, n_train: int, n_test: int } },
    seed: { type: ['integer', 'null'] },
    params: freeObject,
    learning: freeObject,
    library: freeObject,
    device: str,
    fit_ms: num,
    trained_at: str,
    metrics: { type: 'object', properties: { test: partMetrics, train: partMetrics } },
    confusion: {
      type: 'object',
      properties: {
        labels: { type: 'array', items: label },
        test: { type: 'array', items: { type: 'array', items: int } },
        train: { type: 'array', items: { type: 'array', items: int } },
      },
    },
  },
  required: ['model', 'dataset', 'split', 'params', 'library', 'device', 'fit_ms', 'metrics', 'confusion'],
};

export const modelSummarySchema: JsonSchema = {
  type: 'object',
  properties: {
    model: str,
    checkpoint_version: int,
    classes: { type: 'array', items: label },
    n_features: int,
    feature_names: { type: 'array', items: str },
    params: freeObject,
    device: str,
    scaled: { type: 'boolean' },
    has_probabilities: { type: 'boolean' },
  },
  required: ['model', 'classes', 'n_features', 'feature_names'],
};

const TRAIN_REQUEST_EXAMPLE = {
  train_data: {
    dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 5 },
    model: {
      model_name: 'SVC',
      model_task: 'classification',
      model_hyperparams: [{ hyper_param_name: 'probability', hyper_param_value: true }],
    },
    learning: { loss: 'hinge', learning_algorithm: 'smo', learning_hyperparams: [] },
  },
};

export const experimentSchema: JsonSchema = {
  type: 'object',
  properties: {
    token: str,
    created_at: int,
    status: str,
    dataset: str,
    model: str,
    train_data: freeObject,
    eval_data: { type: 'array', items: metric },
    model_summary: modelSummarySchema,
    model_card: modelCardSchema,
  },
  required: ['token', 'created_at', 'status', 'dataset', 'model', 'model_summary', 'model_card'],
  examples: [
    {
      token: 'QpV3bq1nW8i0dyZf7R2xkA',
      created_at: 1764576000000,
      status: 'saved',
      dataset: 'iris',
      model: 'SVC',
      train_data: TRAIN_REQUEST_EXAMPLE,
      eval_data: [{ metric_name: 'test_accuracy', metric_value: 0.96 }],
      model_summary: {
        model: 'SVC',
        checkpoint_version: 1,
        classes: ['setosa', 'versicolor', 'virginica'],
        n_features: 4,
        feature_names: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
        params: { C: 1, kernel: 'rbf', probability: true },
        device: 'cpu',
        scaled: true,
        has_probabilities: true,
      },
      model_card: MODEL_CARD_EXAMPLE,
    },
  ],
};

/** The versioned JSON checkpoint (models/base.ts), with `card` and `preprocessing`. */
export const checkpointSchema: JsonSchema = {
  type: 'object',
  properties: {
    format: { type: 'string', const: 'autolearn-checkpoint' },
    version: int,
    model: str,
    params: freeObject,
    classes: { type: 'array', items: label },
    nFeatures: int,
    device: str,
    state: freeObject,
    preprocessing: {
      type: 'object',
      properties: {
        feature_names: { type: 'array', items: str },
        scaler: { type: ['object', 'null'], additionalProperties: true },
        steps: {
          type: 'object',
          description:
            'imputation / encoding / scaling fitted on the training part of an uploaded dataset: raw rows (feature_names; text_columns take categories) go through it first',
          properties: {
            state: { type: 'object', additionalProperties: true },
            text_columns: { type: 'array', items: str },
            imputed_columns: { type: 'array', items: str },
            feature_names_out: { type: 'array', items: str },
          },
        },
      },
    },
    card: modelCardSchema,
  },
  required: ['format', 'version', 'model', 'params', 'classes', 'nFeatures', 'state'],
  additionalProperties: true,
  examples: [
    {
      format: 'autolearn-checkpoint',
      version: 1,
      model: 'GaussianNB',
      params: { priors: null, varSmoothing: 1e-9 },
      classes: ['F', 'M'],
      nFeatures: 1,
      device: 'cpu',
      state: {
        theta: [-0.8, 0.8],
        var: [0.5, 0.6],
        classPrior: [0.5, 0.5],
        classCount: [10, 10],
        epsilon: 1e-9,
      },
      preprocessing: { feature_names: ['height'], scaler: { kind: 'standard', scale: [0.1], offset: [-17] } },
      card: MODEL_CARD_EXAMPLE,
    },
  ],
};

/** The model answer by content type: JSON checkpoint (default) or ONNX (`?format=onnx`). */
export const modelResponse: JsonSchema = {
  content: {
    'application/json': { schema: checkpointSchema },
    'application/octet-stream': {
      schema: {
        type: 'string',
        contentMediaType: 'application/octet-stream',
        description:
          'ONNX ModelProto (ONNX-ML operators; input `input` double N x features; outputs label, probabilities)',
        examples: ['CAgSCWF1dG9sZWFybg'],
      },
    },
  },
};

export const modelQuery: JsonSchema = {
  type: 'object',
  properties: { format: { type: 'string', enum: ['json', 'onnx'], default: 'json' } },
  additionalProperties: false,
};
