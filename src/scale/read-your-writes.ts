/**
 * Read-your-writes for the api process: on the broker, `train` returns once its record is on the
 * `sessionRecord` queue, and a Session consumer (maybe in another process) stores it a moment later.
 * These wrappers remember the ids this process has published and let a read of such an id wait
 * (up to `waitMs`) until the record is there, so `evaluate` right after `train` finds it, and
 * `save` returns the archived record.
 */
import type { MessageBus, MessageHandler, QueueName } from '../services/bus.js';
import type { SessionRecordMessage, StorageRecordMessage } from '../services/session-service.js';
import type { ExperimentRecord, ExperimentRepository, RecordStore } from '../services/stores/types.js';

export interface ReadYourWrites {
  readonly bus: MessageBus;
  readonly repository: ExperimentRepository;
}

/**
 * Read-your-writes for the api process: reads of a record id this process has published to the bus
 * wait (up to `waitMs`) until a Session consumer, maybe in another process, has stored it.
 */
export function readYourWrites(
  bus: MessageBus,
  repository: ExperimentRepository,
  waitMs = 10_000,
): ReadYourWrites {
  // id -> until when a read may wait for it
  const created = new Map<string, number>();
  const archived = new Map<string, number>();
  const remember = (m: Map<string, number>, id: string) => {
    const now = Date.now();
    if (m.size > 10_000) for (const [k, until] of m) if (until < now) m.delete(k);
    m.set(id, now + waitMs);
  };
  const wrappedBus: MessageBus = {
    async publish<M>(queue: QueueName, message: M) {
      await bus.publish(queue, message);
      if (queue === 'sessionRecord') remember(created, (message as SessionRecordMessage).record.id);
      if (queue === 'storageRecord') remember(archived, (message as StorageRecordMessage).id);
    },
    subscribe: <M>(queue: QueueName, handler: MessageHandler<M>) => bus.subscribe(queue, handler),
    close: () => bus.close(),
  };
  /** Reads until found, or until `gone()` says it will never come, or until waitMs. */
  const waitFor = async (
    pending: Map<string, number>,
    id: string,
    read: () => Promise<ExperimentRecord | null>,
    gone: () => Promise<boolean> = async () => false,
  ): Promise<ExperimentRecord | null> => {
    for (;;) {
      const r = await read();
      const until = pending.get(id);
      if (r || until === undefined || Date.now() >= until || (await gone())) {
        pending.delete(id);
        return r;
      }
      await new Promise((res) => setTimeout(res, 25));
    }
  };
  const session: RecordStore = {
    name: repository.session.name,
    list: (f) => repository.session.list(f),
    insert: (r) => repository.session.insert(r),
    update: (id, p) => repository.session.update(id, p),
    count: () => repository.session.count(),
    // a record archived meanwhile will not appear in the session store: stop waiting
    get: (id) =>
      waitFor(
        created,
        id,
        () => repository.session.get(id),
        async () => (await repository.permanent.get(id)) !== null,
      ),
  };
  const permanent: RecordStore = {
    name: repository.permanent.name,
    list: (f) => repository.permanent.list(f),
    insert: (r) => repository.permanent.insert(r),
    update: (id, p) => repository.permanent.update(id, p),
    count: () => repository.permanent.count(),
    get: (id) => waitFor(archived, id, () => repository.permanent.get(id)),
  };
  return {
    bus: wrappedBus,
    repository: {
      kind: repository.kind,
      session,
      permanent,
      save: (id) => repository.save(id),
      locate: (id) => repository.locate(id),
      close: () => repository.close(),
    },
  };
}
