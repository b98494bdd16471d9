/**
 * Job ownership in the durable job store: the submitting user is kept, rows stay in their published
 * shape, and a jobs.db made before accounts is migrated (its jobs belong to the bootstrap admin).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { JobStore } from './job-store.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'al-job-owner-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('JobStore owner', () => {
  it('keeps the owner apart from the published row; unknown tokens have no owner', async () => {
    const s = await JobStore.open(tmp());
    s.insert({
      token: 't1',
      kind: 'train',
      state: 'queued',
      created_at: 1,
      updated_at: 1,
      error: null,
      owner: 'u_a',
    });
    s.insert({ token: 't2', kind: 'train', state: 'queued', created_at: 2, updated_at: 2, error: null });
    expect(s.ownerOf('t1')).toBe('u_a');
    expect(s.ownerOf('t2')).toBe('admin');
    expect(s.ownerOf('nope')).toBeNull();
    expect(Object.keys(s.get('t1')!).sort()).toEqual(
      ['created_at', 'error', 'kind', 'state', 'token', 'updated_at'].sort(),
    );
    s.close();
  });

  it('migrates a jobs.db made before accounts', async () => {
    const dir = tmp();
    const db = new Database(join(dir, 'jobs.db'));
    db.exec(`CREATE TABLE jobs (token TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, error TEXT);
      INSERT INTO jobs VALUES ('old', 'train', 'done', 1, 2, NULL);`);
    db.close();
    const s = await JobStore.open(dir);
    expect(s.ownerOf('old')).toBe('admin');
    expect(s.get('old')?.state).toBe('done');
    s.insert({
      token: 'new',
      kind: 'train',
      state: 'queued',
      created_at: 3,
      updated_at: 3,
      error: null,
      owner: 'u_b',
    });
    s.close();
    const again = await JobStore.open(dir);
    expect(again.ownerOf('new')).toBe('u_b');
    expect(again.list().map((r) => r.token)).toEqual(['old', 'new']);
    again.close();
  });
});
