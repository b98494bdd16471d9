import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobStore, RESTART_FAILURE } from './job-store.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'al-jobs-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('JobStore', () => {
  it('persists states and marks jobs left in flight failed when reopened', async () => {
    const dir = tmp();
    const a = await JobStore.open(dir, () => 1000);
    for (const [token, state] of [
      ['q', 'queued'],
      ['r', 'running'],
      ['d', 'done'],
      ['c', 'cancelled'],
    ] as const) {
      a.insert({ token, kind: 'train', state, created_at: 1, updated_at: 1, error: null });
    }
    a.update('d', 'done', 5);
    a.close(); // the process "dies" with q and r in flight
    const b = await JobStore.open(dir, () => 2000);
    expect(b.get('q')).toMatchObject({ state: 'failed', error: RESTART_FAILURE, updated_at: 2000 });
    expect(b.get('r')).toMatchObject({ state: 'failed', error: RESTART_FAILURE });
    expect(b.get('d')).toMatchObject({ state: 'done', updated_at: 5, error: null });
    expect(b.get('c')).toMatchObject({ state: 'cancelled' });
    expect(b.get('nope')).toBeNull();
    expect(
      b
        .list()
        .map((r) => r.token)
        .sort(),
    ).toEqual(['c', 'd', 'q', 'r']);
    expect(b.recover(3000)).toBe(0);
    b.close();
  });
});
