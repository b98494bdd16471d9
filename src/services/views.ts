/** What clients see of a record: the id travels only as an encrypted token. */
import type { TrainRequest } from '../catalog/types.js';
import type { Label } from '../core/data.js';
import { type CardedCheckpoint, type ModelCard, modelFeatureNames } from './model-card.js';
import type { ExperimentRecord, MetricOutcome } from './stores/types.js';

/** A record as clients see it: the id travels only as an encrypted token. */
export interface RecordView {
  token: string;
  created_at: number;
  status: ExperimentRecord['status'];
  dataset: string;
  model: string;
  train_data: TrainRequest;
  eval_data: MetricOutcome[];
}

export interface RecordDetail extends RecordView {
  /** The serialized model checkpoint (JSON text). */
  checkpoint: string;
}

export function toView(r: ExperimentRecord, token: string): RecordView {
  const td = r.train_data.request.train_data;
  return {
    token,
    created_at: r.created_at,
    status: r.status,
    dataset: td.dataset.dataset_name,
    model: td.model.model_name,
    train_data: r.train_data.request,
    eval_data: r.eval_data,
  };
}

/** What the model takes and answers, from its checkpoint. */
export interface ModelSummary {
  model: string;
  checkpoint_version: number;
  classes: Label[];
  n_features: number;
  feature_names: string[];
  params: Record<string, unknown>;
  device: string;
  /** Whether the training Dataset's scaler is applied to raw rows before the model. */
  scaled: boolean;
  has_probabilities: boolean;
}

/** One experiment opened: the record, its model summary and its model card. */
export interface ExperimentDetail extends RecordView {
  model_summary: ModelSummary;
  /** Null for records trained before model cards existed. */
  model_card: ModelCard | null;
}

export function modelSummary(ck: CardedCheckpoint): ModelSummary {
  const pre = ck.preprocessing;
  const names = pre ? modelFeatureNames(pre) : undefined;
  return {
    model: ck.model,
    checkpoint_version: ck.version,
    classes: [...ck.classes],
    n_features: ck.nFeatures,
    feature_names:
      names && names.length === ck.nFeatures
        ? [...names]
        : Array.from({ length: ck.nFeatures }, (_, j) => `f${j}`),
    params: { ...ck.params },
    device: ck.device,
    scaled: Boolean(ck.preprocessing?.scaler),
    has_probabilities: !(ck.model === 'SVC' && (ck.params as { probability?: boolean }).probability !== true),
  };
}

export function toExperimentDetail(r: ExperimentRecord, token: string): ExperimentDetail {
  const ck = JSON.parse(r.train_data.checkpoint) as CardedCheckpoint;
  return { ...toView(r, token), model_summary: modelSummary(ck), model_card: ck.card ?? null };
}
