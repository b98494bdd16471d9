/**
 * Session State pattern: one repository interface over two stores. The session store holds
 * experiments the user has not confirmed yet (evaluation may still be added); the permanent store
 * holds confirmed ones and rejects every change. `save(id)` moves a record atomically.
 */
import type { TrainRequest } from '../../catalog/types.js';

export interface MetricOutcome {
  metric_name: string;
  metric_value: number;
}

export type RecordStatus = 'trained' | 'evaluated' | 'saved';

/** The seed's record (Serialized LOB: the checkpoint travels as JSON text inside train_data). */
export interface ExperimentRecord {
  /** Timestamp of the training request (ms), as a string; unique across both stores. */
  id: string;
  train_data: { request: TrainRequest; checkpoint: string };
  eval_data: MetricOutcome[];
  /** ms since the epoch. */
  created_at: number;
  status: RecordStatus;
  /** Id of the user who trained it (accounts); records made before accounts belong to `admin`. */
  owner: string;
}

export interface RecordFilter {
  readonly dataset?: string;
  readonly model?: string;
  /** created_at >= from (ms). */
  readonly from?: number;
  /** created_at <= to (ms). */
  readonly to?: number;
  readonly status?: RecordStatus;
  /** Only records of this owner (the service sets it for non-admin actors). */
  readonly owner?: string;
  readonly limit?: number;
}

export interface RecordPatch {
  readonly eval_data?: MetricOutcome[];
  readonly status?: RecordStatus;
}

export type StoreName = 'session' | 'permanent';

export interface RecordStore {
  readonly name: StoreName;
  get(id: string): Promise<ExperimentRecord | null>;
  /** Ordered by created_at, then id. */
  list(filter?: RecordFilter): Promise<ExperimentRecord[]>;
  /** Throws DuplicateRecordError when the id exists in either store. */
  insert(record: ExperimentRecord): Promise<void>;
  /** Session store: changes eval_data/status. Permanent store: always ImmutableRecordError. */
  update(id: string, patch: RecordPatch): Promise<ExperimentRecord>;
  count(): Promise<number>;
}

export interface ExperimentRepository {
  readonly kind: string;
  readonly session: RecordStore;
  readonly permanent: RecordStore;
  /**
   * Moves a session record to the permanent store (status 'saved') in one transaction: it is never
   * in both stores nor in neither, even if the process dies midway. NotFoundError when absent.
   */
  save(id: string): Promise<ExperimentRecord>;
  /** Which store holds `id`, if any. */
  locate(id: string): Promise<StoreName | null>;
  close(): Promise<void>;
}

/** Fields the adapters index. */
export function indexFields(r: ExperimentRecord): { dataset: string | null; model: string | null } {
  const td = (r.train_data?.request as Partial<TrainRequest> | undefined)?.train_data;
  const dataset = td?.dataset?.dataset_name;
  const model = td?.model?.model_name;
  return {
    dataset: typeof dataset === 'string' ? dataset : null,
    model: typeof model === 'string' ? model : null,
  };
}
