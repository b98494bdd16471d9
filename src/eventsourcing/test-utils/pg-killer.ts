/**
 * Fault-test helper: terminates, for real, the PostgreSQL backends of ONE test (those whose
 * application_name is the test's own), never anybody else's.
 */
import { uniqueName } from './backends.js';

export interface PgKiller {
  /** The connection string the code under test uses (tagged with the test's application_name). */
  readonly url: string;
  readonly applicationName: string;
  /** Terminates every backend of this test right now; returns how many were terminated. */
  kill(): Promise<number>;
  close(): Promise<void>;
}

export async function pgKiller(baseUrl: string, prefix = 'al_fault'): Promise<PgKiller> {
  const applicationName = uniqueName(prefix).toLowerCase();
  const tagged = new URL(baseUrl);
  tagged.searchParams.set('application_name', applicationName);
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: baseUrl });
  admin.on('error', () => {});
  await admin.connect();
  return {
    url: tagged.toString(),
    applicationName,
    async kill() {
      const r = await admin.query<{ n: string }>(
        'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
        [applicationName],
      );
      return Number(r.rows[0]?.n ?? 0);
    },
    close: () => admin.end(),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
