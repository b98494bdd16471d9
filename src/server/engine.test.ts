import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.js';
import { createEngine } from './engine.js';
import { JobStore } from './job-store.js';
import { irisRequest, slowRequest } from './test-utils/requests.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('Engine graceful stop', () => {
  it('lets in-flight work finish within the grace period and cancels what is still running after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'al-engine-'));
    dirs.push(dir);
    const engine = await createEngine({ dataDir: dir, poolSize: 2, logger: silentLogger, env: {} });
    const quick = await engine.jobs.submit(irisRequest());
    const slow = await engine.jobs.submit(slowRequest(3));
    expect(engine.jobs.inFlight()).toBe(2);
    const seen: string[] = [];
    engine.jobs.subscribe(quick.token, (s) => seen.push(s.state));
    // quick finishes inside the grace period; the slow one (seconds) is cancelled when it runs out
    const t0 = Date.now();
    await engine.close(1500);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(seen.at(-1)).toBe('done');
    const store = await JobStore.open(dir);
    expect(store.get(quick.token)?.state).toBe('done');
    expect(store.get(slow.token)).toMatchObject({
      state: 'cancelled',
      error: expect.stringMatching(/shut down/),
    });
    store.close();
    // the finished job's record reached the session store through the sessionRecord queue
    const again = await createEngine({ dataDir: dir, poolSize: 1, logger: silentLogger, env: {} });
    try {
      const sessions = await again.platform.service.listSessions();
      expect(sessions.map((s) => s.created_at)).toEqual([quick.created_at]);
    } finally {
      await again.close(0);
    }
  });
});
