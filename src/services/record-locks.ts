/**
 * Per-record serialisation inside one process: evaluate / save (and any other read-modify-write of
 * one session record) run one at a time per record id, in call order. Across processes the SQL
 * stores' conditional updates make the loser fail with a typed ConflictError instead.
 */
import { Mutex } from 'async-mutex';

interface Entry {
  readonly mutex: Mutex;
  users: number;
}

export class RecordLocks {
  private readonly entries = new Map<string, Entry>();

  /**
   * Runs `body` holding the lock of `id` (no lock when `id` is null). The lock is queued at call
   * time, so two calls on one record run in the order they were made. `waited` tells `body` that
   * another operation on the record ran first.
   */
  async run<T>(id: string | null, body: (waited: boolean) => Promise<T>): Promise<T> {
    if (id === null) return body(false);
    let e = this.entries.get(id);
    if (!e) {
      e = { mutex: new Mutex(), users: 0 };
      this.entries.set(id, e);
    }
    e.users++;
    const waited = e.mutex.isLocked();
    try {
      return await e.mutex.runExclusive(() => body(waited));
    } finally {
      if (--e.users === 0) this.entries.delete(id);
    }
  }

  /** Records with a held or queued lock (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}
