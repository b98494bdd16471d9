/**
 * The pool's bounds and self-healing, on real worker threads: a job that cannot be posted fails
 * alone and frees its slot; a job past its wall-time limit or its heap limit is stopped with a typed
 * error and its worker replaced; a crashed worker is replaced; one client's slow jobs cannot starve
 * another client's job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainJob } from '../services/jobs.js';
import { JobDispatchError, JobMemoryError, JobTimeoutError, WorkerLostError } from './pool-errors.js';
import { jobContext, WorkerPool } from './worker-pool.js';

const CRASH_SETUP = new URL('./test-utils/crash-setup.ts', import.meta.url).href;
const HOG_SETUP = new URL('./test-utils/hog-setup.ts', import.meta.url).href;

function job(model: string, params: Record<string, unknown> = {}, loss = '', algorithm = ''): TrainJob {
  const learning: Record<string, [string, string]> = {
    GaussianNB: ['negative_log_likelihood', 'maximum_likelihood'],
    SVC: ['hinge', 'smo'],
    CrashModel: ['none', 'none'],
    HogModel: ['none', 'none'],
  };
  const [l, a] = learning[model] ?? [loss, algorithm];
  return {
    kind: 'train',
    dataset: { name: 'iris', task: 'classification', splitTest: 0.3, splitSeed: 0 },
    model: { name: model, task: 'classification', params },
    learning: { loss: l, learningAlgorithm: a, params: {} },
  };
}

/** An SVC fit that runs for many seconds on Iris (huge C, tiny tol, no iteration cap). */
const slowSvc = () => job('SVC', { C: 1e300, tol: 1e-300, maxIter: -1 });
const honest = () => job('GaussianNB');

const pools: WorkerPool[] = [];
const make = (o: ConstructorParameters<typeof WorkerPool>[0]) => {
  const p = new WorkerPool(o);
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const asClient = <T>(clientKey: string, f: () => Promise<T>) => jobContext.run({ clientKey }, f);

describe('WorkerPool bounds', () => {
  it('a job too deep to post fails with JobDispatchError, frees its slot, and the next job runs', async () => {
    const pool = make({ size: 1 });
    let deep: Record<string, unknown> = { '0': 1 };
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const bad = job('GaussianNB', { priors: deep });
    const e = await pool.train(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JobDispatchError);
    expect(pool.stats()).toMatchObject({ running: 0, queued: 0 });
    const ok = await pool.train(honest());
    expect(typeof ok.checkpoint).toBe('string');
  }, 60_000);

  it('stops a job at its wall-time limit with JobTimeoutError; the job queued after it completes', async () => {
    const pool = make({ size: 1, jobTimeoutMs: 1500 });
    const t0 = Date.now();
    const slow = pool.train(slowSvc()).then(
      () => 'finished',
      (e: unknown) => e,
    );
    const next = pool.train(honest());
    const e = await slow;
    expect(e).toBeInstanceOf(JobTimeoutError);
    expect((e as JobTimeoutError).limitMs).toBe(1500);
    expect((e as Error).message).toMatch(/wall-time limit of 1500 ms/);
    expect(typeof (await next).checkpoint).toBe('string');
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(pool.stats()).toMatchObject({ running: 0, queued: 0, workers: 1 });
  }, 60_000);

  it("stops a job past its worker's heap limit with JobMemoryError; the worker is replaced", async () => {
    const pool = make({ size: 1, setup: HOG_SETUP, jobMemoryMb: 96 });
    const e = await pool.train(job('HogModel')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JobMemoryError);
    expect((e as JobMemoryError).limitMb).toBe(96);
    expect(typeof (await pool.train(honest())).checkpoint).toBe('string');
  }, 60_000);

  it('replaces a crashed worker: its job fails with WorkerLostError, the next one completes', async () => {
    const pool = make({ size: 1, setup: CRASH_SETUP });
    const e = await pool.train(job('CrashModel')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WorkerLostError);
    expect(typeof (await pool.train(honest())).checkpoint).toBe('string');
    expect(pool.stats()).toMatchObject({ running: 0, workers: 1 });
  }, 60_000);

  it("two slow jobs of one client cannot starve another client's job", async () => {
    const pool = make({ size: 2, jobTimeoutMs: 20_000 });
    const order: string[] = [];
    const track = (name: string, p: Promise<unknown>) =>
      p.then(
        () => order.push(`${name}:ok`),
        (e: unknown) => order.push(`${name}:${(e as Error).name}`),
      );
    const a1 = track(
      'a1',
      asClient('attacker', () => pool.train(slowSvc())),
    );
    const a2 = track(
      'a2',
      asClient('attacker', () => pool.train(slowSvc())),
    );
    const b = track(
      'b',
      asClient('honest', () => pool.train(honest())),
    );
    await b;
    // the honest client's job ran beside the attacker's first one, not after both
    expect(order[0]).toBe('b:ok');
    expect(pool.stats().running).toBeLessThanOrEqual(1);
    await pool.close();
    await Promise.all([a1, a2]);
  }, 60_000);

  it('round-robins queued jobs between clients', async () => {
    const pool = make({ size: 1, maxRunningPerClient: 1 });
    const order: string[] = [];
    const run = (client: string, i: number) =>
      asClient(client, () => pool.train(job('GaussianNB', {}))).then(() => order.push(`${client}${i}`));
    // client a queues 3 jobs first, then b queues 2: they alternate once both wait
    const all = [run('a', 1), run('a', 2), run('a', 3), run('b', 1), run('b', 2)];
    await Promise.all(all);
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  }, 60_000);
});
