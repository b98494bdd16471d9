/**
 * Makes the Session / Storage services' writes idempotent by record id, so a redelivered message
 * (a worker or the broker restarted between the commit and the ack) changes nothing:
 *   - `session.insert` of a record whose id is already stored with the same content is a no-op
 *     (a different record under the same id still throws DuplicateRecordError);
 *   - `save(id)` of a record already in the permanent store returns it.
 * Uses the stores' id uniqueness (primary key across both stores); no locking.
 */
import { NotFoundError } from '../core/errors.js';
import { DuplicateRecordError } from '../services/errors.js';
import type { ExperimentRecord, ExperimentRepository, RecordStore } from '../services/stores/types.js';

/**
 * Wraps a repository so that a redelivered message (at-least-once delivery) changes nothing: inserting
 * a record already stored with the same content is a no-op, and saving one already saved returns it.
 */
export function idempotentRepository(inner: ExperimentRepository): ExperimentRepository {
  const sameRecord = (a: ExperimentRecord, b: ExperimentRecord) =>
    a.created_at === b.created_at && JSON.stringify(a.train_data) === JSON.stringify(b.train_data);
  const session: RecordStore = {
    name: inner.session.name,
    get: (id) => inner.session.get(id),
    list: (f) => inner.session.list(f),
    update: (id, p) => inner.session.update(id, p),
    count: () => inner.session.count(),
    async insert(record) {
      try {
        await inner.session.insert(record);
      } catch (e) {
        if (!(e instanceof DuplicateRecordError)) throw e;
        const existing = (await inner.session.get(record.id)) ?? (await inner.permanent.get(record.id));
        if (!existing || !sameRecord(existing, record)) throw e;
      }
    },
  };
  return {
    kind: inner.kind,
    session,
    permanent: inner.permanent,
    locate: (id) => inner.locate(id),
    close: () => inner.close(),
    async save(id) {
      try {
        return await inner.save(id);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        const done = await inner.permanent.get(id);
        if (!done) throw e;
        return done;
      }
    },
  };
}
