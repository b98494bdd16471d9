/**
 * Registry entries (what code registers) and the seed's catalog JSON (what clients render).
 */
import type { DatasetLike } from '../core/data.js';
import type { ParamOption, ParamSpec } from '../core/params.js';
import type { Classifier } from '../models/base.js';
import type { CatalogParamSpec } from './seed-param.js';

/** A learning choice (loss + algorithm) with its resolved hyper-parameters. */
export interface LearningChoice {
  readonly loss: string;
  readonly learningAlgorithm: string;
  readonly params: Record<string, unknown>;
}

/** One loss + learning algorithm pair a model accepts, with that pair's hyper-parameters. */
export interface LearningEntry {
  readonly loss: string;
  readonly learningAlgorithm: string;
  readonly hyperparams: readonly ParamSpec[];
}

export interface ModelEntry {
  /** Catalog name, e.g. 'SVC'. */
  readonly name: string;
  /** e.g. 'classification'. */
  readonly task: string;
  readonly description?: string;
  /** The model's hyper-parameter table (the same the model validates against). */
  readonly paramSpecs: readonly ParamSpec[];
  readonly learning: readonly LearningEntry[];
  /** A fresh, unfitted model with these (validated) hyper-parameters and learning choice. */
  create(params: Record<string, unknown>, learning: LearningChoice): Classifier<object, unknown>;
  /**
   * Trains `model` on the dataset's training part. Default: `model.fit(dataset, learning.params)`;
   * models that take the loss / algorithm by name get `fit(dataset, params, loss, algorithm)`.
   */
  fit?(model: Classifier<object, unknown>, dataset: DatasetLike, learning: LearningChoice): Promise<unknown>;
  /** Rebuilds a fitted model from its checkpoint. */
  load(checkpoint: unknown): Classifier<object, unknown>;
}

export interface PreProcessingStep {
  readonly step: number;
  readonly computation: string;
}

export interface DatasetSplit {
  /** Fraction of records in the test part, 0 < test < 1. */
  readonly test: number;
  readonly seed: number;
}

/**
 * Where a dataset's data lives when it is a file rather than code (uploaded datasets): enough for any
 * thread or process that sees the file to load it, so jobs carry it instead of a registry lookup.
 */
export interface CsvSource {
  readonly kind: 'csv';
  readonly file: string;
  readonly label: string;
  readonly features?: readonly string[];
  readonly scaling: 'standard' | 'minmax' | 'none';
  /**
   * Imputation / encoding per feature column (uploads that chose any); absent: every cell must be a
   * number and only `scaling` applies.
   */
  readonly columns?: readonly CsvColumnStep[];
}

/** What happens to one feature column of an uploaded CSV before the model (fitted on the training part). */
export interface CsvColumnStep {
  readonly name: string;
  /** 'text': some cell is not a number (a categorical column). */
  readonly kind: 'number' | 'text';
  /** Empty cells in the file. */
  readonly missing: number;
  /** SimpleImputer strategy for the empty cells, or null. */
  readonly impute: 'mean' | 'median' | 'most_frequent' | 'constant' | null;
  /** The fill of 'constant' (null: SimpleImputer's default, 0 or 'missing_value'). */
  readonly fillValue: number | string | null;
  /** Encoding of a text column, or null (numeric columns). */
  readonly encode: 'onehot' | null;
}

export interface DatasetEntry {
  readonly name: string;
  readonly task: string;
  readonly description: string;
  readonly features: readonly string[];
  readonly label: readonly string[];
  readonly nRecords: number;
  readonly preProcessing: readonly PreProcessingStep[];
  /** Loads the data and splits it (train / test parts, seeded). */
  load(split: DatasetSplit): Promise<DatasetLike>;
  /** Set for file-backed datasets: jobs carry it so that workers load the file directly. */
  readonly source?: CsvSource;
}

export interface MetricEntry {
  readonly task: string;
  readonly name: string;
}

// ---- the seed's catalog schema ----

export interface SeedDataset {
  dataset_name: string;
  dataset_task: string;
  dataset_description: string;
  features: string[];
  label: string[];
  n_record: number;
  pre_processing: { step: number; computation: string }[];
}

export interface SeedModel {
  model_name: string;
  model_task: string;
  model_hyperparams: CatalogParamSpec[];
}

export interface SeedMetric {
  metric_task: string;
  metric_name: string;
}

export interface SeedLearning {
  model_reference: { model_name: string; model_task: string };
  loss: string;
  learning_algorithm: string;
  learning_hyperparams: CatalogParamSpec[];
}

export interface SeedCatalog {
  data_lake: SeedDataset[];
  models: SeedModel[];
  metrics: SeedMetric[];
  learning: SeedLearning[];
}

// ---- the seed's training request ----

export interface HyperParamValue {
  hyper_param_name: string;
  hyper_param_value: ParamOption | Record<string, unknown>;
}

export interface TrainRequest {
  train_data: {
    dataset: { dataset_name: string; dataset_task: string; split_test: number; split_seed?: number };
    model: { model_name: string; model_task: string; model_hyperparams: HyperParamValue[] };
    learning: { loss: string; learning_algorithm: string; learning_hyperparams: HyperParamValue[] };
  };
}

/** A request that passed validation, with every hyper-parameter resolved (defaults filled in). */
export interface ValidTrainRequest {
  readonly dataset: {
    readonly name: string;
    readonly task: string;
    readonly splitTest: number;
    readonly splitSeed: number;
  };
  readonly model: { readonly name: string; readonly task: string; readonly params: Record<string, unknown> };
  readonly learning: LearningChoice;
  /** The request as given. */
  readonly request: TrainRequest;
}
