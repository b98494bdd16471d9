/**
 * Durable job states of the server (`<dataDir>/jobs.db`, SQLite): queued -> running -> done | failed |
 * cancelled. Opening the store takes the data dir's lock (`server.lock`): a second process gets a
 * DataDirLockedError and changes nothing. Only the lock owner recovers: jobs left queued/running by
 * a process that died (kill -9, crash) are marked failed, so a job is never silently lost.
 */
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { importOptional } from '../core/optional-dependency.js';
import { ensurePrivateFile, tighten } from '../eventsourcing/private-files.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export const TERMINAL_STATES: readonly JobState[] = ['done', 'failed', 'cancelled'];

export interface JobRow {
  /** The encrypted session id the client got. */
  readonly token: string;
  readonly kind: 'train';
  readonly state: JobState;
  readonly created_at: number;
  readonly updated_at: number;
  /** Set when state is failed / cancelled. */
  readonly error: string | null;
}

const JOB_COLUMNS = 'token, kind, state, created_at, updated_at, error';

export const RESTART_FAILURE = 'the server stopped while the job was in flight (marked failed at restart)';

/**
 * The durable job states of the server in `<dataDir>/jobs.db` (SQLite): after a crash, jobs that were
 * in flight are marked failed at the next start, never silently lost.
 */
export class JobStore {
  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly lock: DataDirLock,
  ) {}

  /**
   * Locks the data dir (DataDirLockedError when another live process holds it), opens the store
   * (files 0600 in a 0700 folder) and marks the previous owner's in-flight jobs failed.
   */
  static async open(dataDir: string, clock: () => number = Date.now): Promise<JobStore> {
    const lock = acquireDataDirLock(dataDir);
    try {
      const Database = (
        await importOptional('better-sqlite3', 'the server job store', () => import('better-sqlite3'))
      ).default;
      const file = join(dataDir, 'jobs.db');
      ensurePrivateFile(file);
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.exec(`CREATE TABLE IF NOT EXISTS jobs (
      token TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, error TEXT)`);
      // accounts: the user who submitted the job (jobs from before accounts belong to the bootstrap admin)
      if (
        !(db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).some((c) => c.name === 'owner')
      )
        db.exec(`ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT 'admin'`);
      for (const f of [`${file}-wal`, `${file}-shm`]) tighten(f);
      const store = new JobStore(db, lock);
      store.recover(clock());
      return store;
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  /** Marks every queued/running job failed (they belonged to a process that is gone). */
  recover(now: number): number {
    return this.db
      .prepare(
        `UPDATE jobs SET state = 'failed', error = ?, updated_at = ? WHERE state IN ('queued', 'running')`,
      )
      .run(RESTART_FAILURE, now).changes;
  }

  insert(row: JobRow & { readonly owner?: string }): void {
    this.db
      .prepare(
        'INSERT INTO jobs (token, kind, state, created_at, updated_at, error, owner) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.token, row.kind, row.state, row.created_at, row.updated_at, row.error, row.owner ?? 'admin');
  }

  /** The id of the user who submitted the job, or null when unknown. */
  ownerOf(token: string): string | null {
    const r = this.db.prepare('SELECT owner FROM jobs WHERE token = ?').get(token) as
      | { owner: string }
      | undefined;
    return r?.owner ?? null;
  }

  update(token: string, state: JobState, now: number, error: string | null = null): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, updated_at = ?, error = ? WHERE token = ?')
      .run(state, now, error, token);
  }

  get(token: string): JobRow | null {
    return (
      (this.db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE token = ?`).get(token) as JobRow | undefined) ??
      null
    );
  }

  list(): JobRow[] {
    return this.db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY created_at`).all() as JobRow[];
  }

  /** Closes the database and releases the data dir's lock. */
  close(): void {
    try {
      if (this.db.open) this.db.close();
    } finally {
      this.lock.release();
    }
  }
}
