/**
 * Durable job states of the server (`<dataDir>/jobs.db`, SQLite): queued -> running -> done | failed |
 * cancelled. On open, jobs left queued/running by a process that died (kill -9, crash) are marked
 * failed, so a job is never silently lost.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { importOptional } from '../core/optional-dependency.js';

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

export const RESTART_FAILURE = 'the server stopped while the job was in flight (marked failed at restart)';

/**
 * The durable job states of the server in `<dataDir>/jobs.db` (SQLite): after a crash, jobs that were
 * in flight are marked failed at the next start, never silently lost.
 */
export class JobStore {
  private constructor(private readonly db: BetterSqlite3.Database) {}

  static async open(dataDir: string, clock: () => number = Date.now): Promise<JobStore> {
    mkdirSync(dataDir, { recursive: true });
    const Database = (
      await importOptional('better-sqlite3', 'the server job store', () => import('better-sqlite3'))
    ).default;
    const db = new Database(join(dataDir, 'jobs.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS jobs (
      token TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, error TEXT)`);
    const store = new JobStore(db);
    store.recover(clock());
    return store;
  }

  /** Marks every queued/running job failed (they belonged to a process that is gone). */
  recover(now: number): number {
    return this.db
      .prepare(
        `UPDATE jobs SET state = 'failed', error = ?, updated_at = ? WHERE state IN ('queued', 'running')`,
      )
      .run(RESTART_FAILURE, now).changes;
  }

  insert(row: JobRow): void {
    this.db
      .prepare(
        'INSERT INTO jobs (token, kind, state, created_at, updated_at, error) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(row.token, row.kind, row.state, row.created_at, row.updated_at, row.error);
  }

  update(token: string, state: JobState, now: number, error: string | null = null): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, updated_at = ?, error = ? WHERE token = ?')
      .run(state, now, error, token);
  }

  get(token: string): JobRow | null {
    return (this.db.prepare('SELECT * FROM jobs WHERE token = ?').get(token) as JobRow | undefined) ?? null;
  }

  list(): JobRow[] {
    return this.db.prepare('SELECT * FROM jobs ORDER BY created_at').all() as JobRow[];
  }

  close(): void {
    this.db.close();
  }
}
