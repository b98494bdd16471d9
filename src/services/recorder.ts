/**
 * Writes the seed's behavioural records: `send(aggregate, to, payload)` / `receive(aggregate, from,
 * payload)` from the point of view of the aggregate's own service, and `queue(...)` for the three
 * broker queues. Stateless: nothing is kept in memory (DomainEntity/ServiceLog rebuilds state).
 */
import type {
  AggregateName,
  BehaviouralPayload,
  ComType,
  PayloadName,
  QueueName,
  ServiceName,
} from '../eventsourcing/behavioural.js';
import type { EventStore } from '../eventsourcing/types.js';

/** The service each service aggregate belongs to. */
export const AGGREGATE_SERVICE: Readonly<Record<Exclude<AggregateName, QueueName>, ServiceName>> = {
  catalog: 'CATALOG',
  training: 'TRAINING',
  evaluation: 'EVALUATION',
  session: 'SESSION',
  storage: 'STORAGE',
};

export type ServiceAggregate = keyof typeof AGGREGATE_SERVICE;

/**
 * Appends the behavioural records of the services' exchanges (source, destination, message type,
 * communication type, payload) to the event store, one aggregate per service.
 */
export class BehaviourRecorder {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => number = Date.now,
  ) {}

  send(
    aggregate: ServiceAggregate,
    to: ServiceName,
    payload: PayloadName,
    com: ComType = 'async',
  ): Promise<void> {
    const me = AGGREGATE_SERVICE[aggregate];
    return this.write(aggregate, {
      key: to,
      value: { source_service: me, destination_service: to, message_type: 'send', com_type: com, payload },
    });
  }

  receive(
    aggregate: ServiceAggregate,
    from: ServiceName,
    payload: PayloadName,
    com: ComType = 'async',
  ): Promise<void> {
    const me = AGGREGATE_SERVICE[aggregate];
    return this.write(aggregate, {
      key: from,
      value: {
        source_service: from,
        destination_service: me,
        message_type: 'receive',
        com_type: com,
        payload,
      },
    });
  }

  /** A message put on a broker queue (key: the consuming service). */
  queue(queue: QueueName, from: ServiceName, to: ServiceName, payload: PayloadName): Promise<void> {
    return this.write(queue, {
      key: to,
      value: {
        source_service: from,
        destination_service: to,
        message_type: 'send',
        com_type: 'async',
        payload,
      },
    });
  }

  private async write(aggregate: string, p: BehaviouralPayload): Promise<void> {
    await this.store.append({ entityId: aggregate, timestamp: this.clock(), payload: p });
  }
}
