/**
 * Opens (or creates) the embedded SQLite file shared by the event store and the experiment stores.
 * better-sqlite3 is loaded lazily so importing autolearn costs nothing until a store is opened.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { importOptional } from '../core/optional-dependency.js';

export type SqliteDatabase = BetterSqlite3.Database;

export async function openSqliteDatabase(file: string): Promise<SqliteDatabase> {
  const { default: Database } = await importOptional(
    'better-sqlite3',
    'the SQLite store',
    () => import('better-sqlite3'),
  );
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  return db;
}
