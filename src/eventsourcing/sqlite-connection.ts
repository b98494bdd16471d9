/**
 * Opens (or creates) the embedded SQLite file shared by the event store and the experiment stores.
 * better-sqlite3 is loaded lazily so importing autolearn costs nothing until a store is opened.
 * The file is created 0600 before SQLite opens it, so its -wal and -shm files (which SQLite creates
 * with the database file's mode) are 0600 too; a missing folder is created 0700.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { importOptional } from '../core/optional-dependency.js';
import { ensurePrivateFile, tighten } from './private-files.js';

export type SqliteDatabase = BetterSqlite3.Database;

export async function openSqliteDatabase(file: string): Promise<SqliteDatabase> {
  const { default: Database } = await importOptional(
    'better-sqlite3',
    'the SQLite store',
    () => import('better-sqlite3'),
  );
  const onDisk = file !== ':memory:' && file !== '';
  if (onDisk) ensurePrivateFile(file, { privateParent: false });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (onDisk) for (const f of [`${file}-wal`, `${file}-shm`]) tighten(f);
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = NORMAL');
  return db;
}
