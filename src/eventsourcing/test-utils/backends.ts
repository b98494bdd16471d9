/**
 * Test helpers: find the local PostgreSQL / NATS servers the conformance suites run against.
 * A probe returns null when the server is unreachable, with the reason.
 */
export const PG_CANDIDATES = [
  process.env.AUTOLEARN_TEST_PG,
  'postgres://postgres@127.0.0.1:5432/test',
  'postgres://root@127.0.0.1:5432/test',
].filter((s): s is string => typeof s === 'string' && s.length > 0);

export const NATS_URL = process.env.AUTOLEARN_TEST_NATS ?? 'nats://127.0.0.1:4222';

export interface Probe {
  readonly url: string | null;
  readonly reason: string;
}

export async function probePostgres(): Promise<Probe> {
  const { default: pg } = await import('pg');
  const reasons: string[] = [];
  for (const url of PG_CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return { url, reason: '' };
    } catch (e) {
      reasons.push(`${url}: ${(e as Error).message}`);
      await client.end().catch(() => {});
    }
  }
  return { url: null, reason: reasons.join('; ') };
}

export async function probeNats(): Promise<Probe> {
  const nats = await import('nats');
  try {
    const nc = await nats.connect({ servers: NATS_URL, timeout: 2000 });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.getAccountInfo();
    } finally {
      await nc.close();
    }
    return { url: NATS_URL, reason: '' };
  } catch (e) {
    return { url: null, reason: `${NATS_URL}: ${(e as Error).message}` };
  }
}

/** Runs one statement on a SQLite file through a separate connection (what raw SQL from outside can do). */
export async function rawSqlite(file: string, sql: string): Promise<unknown> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  try {
    return db.prepare(sql).run();
  } finally {
    db.close();
  }
}

/** A name unique to this test process and call (schemas, tables, streams). */
let counter = 0;
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** Drops a schema made for a test run. */
export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
