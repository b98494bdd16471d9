import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from '../catalog/registry.js';
import { silentLogger } from '../services/logger.js';
import { createEngine } from './engine.js';
import { JobStore } from './job-store.js';
import setupWithCrash from './test-utils/crash-setup.js';
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
    // warm one worker so the quick job does not pay the thread start-up inside the grace period
    const warm = await engine.jobs.submit(irisRequest('GaussianNB', undefined, undefined, [], 9));
    expect((await engine.jobs.waitFor(warm.token))?.state).toBe('done');
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
      expect(sessions.map((s) => s.created_at).sort()).toEqual([warm.created_at, quick.created_at].sort());
    } finally {
      await again.close(0);
    }
  });

  it('a training whose worker thread dies ends failed (never silently lost) and the pool keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'al-crash-'));
    dirs.push(dir);
    const engine = await createEngine({
      dataDir: dir,
      poolSize: 1,
      logger: silentLogger,
      env: {},
      registry: setupWithCrash(new Registry()),
      workerSetup: new URL('./test-utils/crash-setup.ts', import.meta.url),
    });
    try {
      const crash = await engine.jobs.submit(irisRequest('CrashModel', 'none', 'none'));
      const end = await engine.jobs.waitFor(crash.token);
      expect(end).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/worker exited with code 3/),
      });
      const ok = await engine.jobs.submit(irisRequest());
      expect((await engine.jobs.waitFor(ok.token))?.state).toBe('done');
      const log = await engine.platform.service.log('training');
      expect(log.map((r) => r.value.payload)).toContain('internal_server_error');
    } finally {
      await engine.close(0);
    }
  });
});
