/**
 * The Session and Storage services' message handling: they consume the seed's queues and keep the
 * two stores (Session State pattern), recording what they receive.
 *   sessionRecord (Training -> Session): create a session record
 *   sessionUpdate (Evaluation -> Session): add evaluation data
 *   storageRecord (Session -> Storage): archive a record (the atomic move)
 */
import type { MessageBus } from './bus.js';
import type { Logger } from './logger.js';
import type { BehaviourRecorder } from './recorder.js';
import type { ExperimentRecord, ExperimentRepository, MetricOutcome } from './stores/types.js';

export interface SessionRecordMessage {
  readonly record: ExperimentRecord;
}

export interface SessionUpdateMessage {
  readonly id: string;
  readonly eval_data: MetricOutcome[];
}

export interface StorageRecordMessage {
  readonly id: string;
}

export interface QueueWorkerDeps {
  readonly bus: MessageBus;
  readonly repository: ExperimentRepository;
  readonly recorder: BehaviourRecorder;
  readonly logger: Logger;
}

/** Subscribes the Session and Storage services' event workers; returns the unsubscribe function. */
export async function startQueueWorkers(d: QueueWorkerDeps): Promise<() => Promise<void>> {
  const guarded =
    <M>(fn: string, h: (m: M) => Promise<void>) =>
    async (m: M) => {
      try {
        await h(m);
      } catch (e) {
        d.logger.error('EVENT', fn, (e as Error).message);
        throw e;
      }
    };
  const offs = [
    await d.bus.subscribe<SessionRecordMessage>(
      'sessionRecord',
      guarded('session.onSessionRecord', async (m) => {
        await d.recorder.receive('session', 'TRAINING', 'train_data_record');
        await d.repository.session.insert(m.record);
      }),
    ),
    await d.bus.subscribe<SessionUpdateMessage>(
      'sessionUpdate',
      guarded('session.onSessionUpdate', async (m) => {
        await d.recorder.receive('session', 'EVALUATION', 'update_session');
        await d.repository.session.update(m.id, { eval_data: m.eval_data, status: 'evaluated' });
      }),
    ),
    await d.bus.subscribe<StorageRecordMessage>(
      'storageRecord',
      guarded('storage.onStorageRecord', async (m) => {
        await d.recorder.receive('storage', 'SESSION', 'archive_data');
        await d.repository.save(m.id);
      }),
    ),
  ];
  return async () => {
    for (const off of offs) await off();
  };
}
