/** What clients see of a record: the id travels only as an encrypted token. */
import type { TrainRequest } from '../catalog/types.js';
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
