/**
 * Message bus with the seed's queues: sessionRecord (Training -> Session), sessionUpdate
 * (Evaluation -> Session), storageRecord (Session -> Storage). The in-process bus is the default;
 * a broker adapter (RabbitMQ) implements the same interface.
 */
import { NotFoundError } from '../core/errors.js';
import { QUEUES, type QueueName } from '../eventsourcing/behavioural.js';
import { ConfigError } from './errors.js';

export type { QueueName };

export type MessageHandler<M = unknown> = (message: M) => Promise<void> | void;

export interface MessageBus {
  /**
   * Publishes to a queue. Resolves once the message is accepted by the bus (in-process: once every
   * subscriber has handled it, so a handler's error rejects the publish).
   */
  publish<M>(queue: QueueName, message: M): Promise<void>;
  /** Subscribes a handler; returns the function that unsubscribes it. */
  subscribe<M>(queue: QueueName, handler: MessageHandler<M>): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Delivers synchronously within the process; messages are structured-cloned (no shared references).
 *
 * @example
 * ```ts
 * import { InProcessBus } from 'autolearn/services';
 *
 * const bus = new InProcessBus();
 * const off = await bus.subscribe<{ id: string }>('sessionRecord', async (m) => console.log('got', m.id));
 * await bus.publish('sessionRecord', { id: 'abc' });
 * await off();
 * await bus.close();
 * ```
 */
export class InProcessBus implements MessageBus {
  private readonly handlers = new Map<QueueName, Set<MessageHandler>>();
  private closed = false;

  async publish<M>(queue: QueueName, message: M): Promise<void> {
    checkQueue(queue);
    if (this.closed) throw new ConfigError(`message bus is closed (publish to '${queue}')`);
    const hs = [...(this.handlers.get(queue) ?? [])];
    for (const h of hs) await h(structuredClone(message));
  }

  async subscribe<M>(queue: QueueName, handler: MessageHandler<M>): Promise<() => Promise<void>> {
    checkQueue(queue);
    let set = this.handlers.get(queue);
    if (!set) this.handlers.set(queue, (set = new Set()));
    set.add(handler as MessageHandler);
    return async () => {
      set.delete(handler as MessageHandler);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
  }
}

function checkQueue(queue: string): asserts queue is QueueName {
  if (!(QUEUES as readonly string[]).includes(queue)) throw new NotFoundError('queue', queue, QUEUES);
}
