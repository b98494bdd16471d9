/**
 * Against the real local RabbitMQ and PostgreSQL (no mocks): unique queue prefix and PG schema per
 * run, removed afterwards. Skips loudly when a server is unreachable. The tests of this file run
 * in order; the last one restarts the broker's app with rabbitmqctl.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors.js';
import { dropPgSchema, probePostgres, uniqueName } from '../eventsourcing/test-utils/backends.js';
import type { TrainOutcome } from '../services/experiment-service.js';
import { runEvaluateJob, runTrainJob } from '../services/jobs.js';
import { silentLogger } from '../services/logger.js';
import { JobError } from '../services/runner.js';
import type { SessionRecordMessage, StorageRecordMessage } from '../services/session-service.js';
import { openRepository } from '../services/stores/open.js';
import { makeRecord } from '../services/test-utils/records.js';
import { generateKey } from '../services/tokens.js';
import { InlineJobRunner, JOB_QUEUES, QueueJobRunner, serveJobs } from './job-queue.js';
import {
  probeRabbit,
  RABBIT_URL,
  type RoleProcess,
  rabbitmqctlUsable,
  restartRabbitApp,
  spawnRole,
} from './local.js';
import { ATTEMPTS_HEADER, DEAD_SUFFIX, ERROR_HEADER, RabbitBus } from './rabbit-bus.js';
import { readYourWrites } from './read-your-writes.js';
import { loadRegistry, type RoleHandle, startRole } from './roles.js';

const rabbit = await probeRabbit();
const pg = await probePostgres();
const ctl = rabbit.url ? await rabbitmqctlUsable() : { ok: false, reason: 'no broker' };
if (!rabbit.url) console.warn(`[autolearn] SKIPPING RabbitMQ tests: broker unreachable (${rabbit.reason})`);
if (!pg.url) console.warn(`[autolearn] SKIPPING scale-out fault test: PostgreSQL unreachable (${pg.reason})`);
if (rabbit.url && !ctl.ok)
  console.warn(`[autolearn] SKIPPING broker-restart test: rabbitmqctl not usable (${ctl.reason})`);

const buses: RabbitBus[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const b of buses) {
    await b.deleteQueues().catch(() => {});
    await b.close();
  }
  if (pg.url) for (const s of schemas) await dropPgSchema(pg.url, s);
});

async function bus(prefix: string, maxAttempts = 3): Promise<RabbitBus> {
  const b = await RabbitBus.connect({ url: rabbit.url as string, prefix, maxAttempts });
  buses.push(b);
  return b;
}

async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const irisForest = (seed: number, nEstimators: number) => ({
  train_data: {
    dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.25, split_seed: seed },
    model: {
      model_name: 'RandomForestClassifier',
      model_task: 'classification',
      model_hyperparams: [
        { hyper_param_name: 'nEstimators', hyper_param_value: nEstimators },
        { hyper_param_name: 'nJobs', hyper_param_value: 1 },
        { hyper_param_name: 'seed', hyper_param_value: seed },
      ],
    },
    learning: { loss: 'gini', learning_algorithm: 'cart', learning_hyperparams: [] },
  },
});

describe.skipIf(!rabbit.url)('RabbitBus on the real broker', () => {
  it('round-trips the seed queues as JSON and rejects queues it does not know', async () => {
    const b = await bus(`${uniqueName('t')}.`);
    const got: unknown[] = [];
    await b.subscribe('sessionUpdate', (m) => {
      got.push(m);
    });
    const msg = { id: '17', eval_data: [{ metric_name: 'test_accuracy', metric_value: 0.5 }] };
    await b.publish('sessionUpdate', msg);
    await until(() => got.length === 1, 5000, 'delivery');
    expect(got).toEqual([msg]);
    await expect(b.publish('nope' as 'sessionUpdate', {})).rejects.toBeInstanceOf(NotFoundError);
    expect(await b.depth('sessionUpdate')).toBe(0);
  });

  it('retries a failing message and dead-letters a poison one after maxAttempts, with the count and error in headers', async () => {
    const b = await bus(`${uniqueName('t')}.`, 3);
    const calls = new Map<string, number>();
    await b.consume<{ k: string }>('work', (m) => {
      const n = (calls.get(m.k) ?? 0) + 1;
      calls.set(m.k, n);
      if (m.k === 'poison' || n < 3) throw new Error(`boom ${m.k} #${n}`);
    });
    await b.send('work', { k: 'poison' });
    await b.send('work', { k: 'flaky' }); // fails twice, succeeds on the third try
    await until(
      async () => (await b.depth(`work${DEAD_SUFFIX}`)) === 1 && calls.get('flaky') === 3,
      10_000,
      'dead letter',
    );
    expect(Object.fromEntries(calls)).toEqual({ poison: 3, flaky: 3 });
    const dead = await b.take<{ k: string }>(`work${DEAD_SUFFIX}`);
    expect(dead?.message).toEqual({ k: 'poison' });
    expect(dead?.headers[ATTEMPTS_HEADER]).toBe(3);
    expect(dead?.headers[ERROR_HEADER]).toBe('boom poison #3');
    expect(await b.depth('work')).toBe(0);
    expect(await b.take(`work${DEAD_SUFFIX}`)).toBeNull();
  });

  it('a message whose consumers keep dying goes to the dead-letter queue after maxAttempts', async () => {
    const prefix = `${uniqueName('t')}.`;
    const producer = await bus(prefix, 2);
    let ran = 0;
    // each consumer takes the message and "dies" holding it: its connection closes without an ack
    const dying = async () => {
      const c = await bus(prefix, 2);
      const before = ran;
      await c.consume('crash', () => {
        ran++;
        return new Promise<void>(() => {});
      });
      return { c, took: () => ran > before };
    };
    const first = await dying();
    await producer.send('crash', { k: 1 });
    await until(first.took, 5000, 'first delivery');
    await first.c.close(0);
    const second = await dying();
    // the redelivery is counted (republished with attempts 1), then the copy runs as attempt 2
    await until(second.took, 5000, 'second delivery');
    await second.c.close(0);
    const third = await dying();
    await until(async () => (await producer.depth(`crash${DEAD_SUFFIX}`)) === 1, 5000, 'dead letter');
    expect(ran).toBe(2);
    expect(third.took()).toBe(false);
    const dead = await producer.take<{ k: number }>(`crash${DEAD_SUFFIX}`);
    expect(dead?.message).toEqual({ k: 1 });
    expect(dead?.headers[ATTEMPTS_HEADER]).toBe(2);
    expect(String(dead?.headers[ERROR_HEADER])).toMatch(/stopped before acknowledging/);
  });

  it('jobs round-trip through the job queues; one that fails on every try is dead-lettered and its requester gets the error', async () => {
    const prefix = `${uniqueName('t')}.`;
    const api = await bus(prefix, 2);
    const worker = await bus(prefix, 2);
    const runner = await QueueJobRunner.start(api);
    const registry = await loadRegistry();
    await serveJobs(worker, 'train', new InlineJobRunner(registry));
    await serveJobs(worker, 'evaluate', new InlineJobRunner(registry));
    const learning = { loss: 'gini', learningAlgorithm: 'cart', params: {} };
    const dataset = { name: 'iris', task: 'classification', splitTest: 0.25, splitSeed: 0 };
    const ok = await runner.train({
      kind: 'train',
      dataset,
      model: { name: 'DecisionTreeClassifier', task: 'classification', params: { maxDepth: 2 } },
      learning,
    });
    // the same fit and evaluation run directly give the same checkpoint and metrics
    const tree = { name: 'DecisionTreeClassifier', task: 'classification' };
    const direct = await runTrainJob(registry, {
      kind: 'train',
      dataset,
      model: { ...tree, params: { maxDepth: 2 } },
      learning,
    });
    expect(ok.checkpoint).toBe(direct.checkpoint);
    const evalJob = { kind: 'evaluate' as const, dataset, model: tree, checkpoint: ok.checkpoint };
    const viaQueue = await runner.evaluate(evalJob);
    expect(viaQueue.eval_data).toEqual((await runEvaluateJob(registry, evalJob)).eval_data);
    expect(viaQueue.eval_data.map((m) => m.metric_name)).toContain('test_accuracy');
    const bad = runner.train({
      kind: 'train',
      dataset,
      model: { name: 'NoSuchModel', task: 'classification', params: {} },
      learning,
    });
    await expect(bad).rejects.toBeInstanceOf(JobError);
    await expect(bad).rejects.toThrow(/NotFoundError: unknown model 'NoSuchModel/);
    const dead = await api.take<{ model: { name: string } }>(`${JOB_QUEUES.train}${DEAD_SUFFIX}`);
    expect(dead?.message.model.name).toBe('NoSuchModel');
    expect(dead?.headers[ATTEMPTS_HEADER]).toBe(2);
    expect(runner.outstanding).toBe(0);
    await runner.close();
  });
});

describe.skipIf(!rabbit.url)('the api role on the broker', () => {
  it('trains, evaluates and saves through the job queues and the session / storage queues', async () => {
    const prefix = `${uniqueName('t')}.`;
    const dir = mkdtempSync(join(tmpdir(), 'autolearn-scale-api-'));
    const api = await startRole(
      'api',
      {
        bus: RABBIT_URL,
        prefix,
        store: `sqlite:${join(dir, 'a.db')}`,
        events: `sqlite:${join(dir, 'a.db')}`,
        secretKey: generateKey().key.toString('base64'),
      },
      { logger: silentLogger },
    );
    const worker = await bus(prefix);
    const registry = await loadRegistry();
    await serveJobs(worker, 'train', new InlineJobRunner(registry));
    await serveJobs(worker, 'evaluate', new InlineJobRunner(registry));
    try {
      const s = api.service!;
      const request = irisForest(3, 20);
      const outs = await Promise.all([s.train(request), s.train(irisForest(4, 20))]);
      const { token } = outs[0]!;
      const { eval_data } = await s.evaluate(token);
      const detail = await s.getSession(token);
      const dataset = { name: 'iris', task: 'classification', splitTest: 0.25, splitSeed: 3 };
      const model = { name: 'RandomForestClassifier', task: 'classification' };
      expect(eval_data).toEqual(
        (await runEvaluateJob(registry, { kind: 'evaluate', dataset, model, checkpoint: detail.checkpoint }))
          .eval_data,
      );
      const saved = await s.save(token);
      expect(saved.status).toBe('saved');
      expect((await api.repository!.permanent.get(String(outs[0]!.created_at)))?.eval_data).toEqual(
        eval_data,
      );
      expect((await s.listExperiments()).length).toBe(1);
      expect((await s.listSessions()).map((r) => r.created_at)).toEqual([outs[1]!.created_at]);
    } finally {
      await api.bus.deleteQueues().catch(() => {});
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('read-your-writes: a read of a record this process queued waits until a slow consumer stored it', async () => {
    const prefix = `${uniqueName('t')}.`;
    const dir = mkdtempSync(join(tmpdir(), 'autolearn-scale-ryw-'));
    const repo = await openRepository(`sqlite:${join(dir, 'r.db')}`);
    try {
      const api = await bus(prefix);
      const consumer = await bus(prefix);
      const slow = () => new Promise((r) => setTimeout(r, 400));
      await consumer.subscribe<SessionRecordMessage>('sessionRecord', async (m) => {
        await slow();
        await repo.session.insert(m.record);
      });
      await consumer.subscribe<StorageRecordMessage>('storageRecord', async (m) => {
        await slow();
        await repo.save(m.id);
      });
      const ryw = readYourWrites(api, repo, 5000);
      const record = makeRecord('42', 42);
      await ryw.bus.publish<SessionRecordMessage>('sessionRecord', { record });
      expect(await repo.session.get('42')).toBeNull(); // the race the wrapper closes
      expect(await ryw.repository.session.get('42')).toEqual(record);
      await ryw.bus.publish<StorageRecordMessage>('storageRecord', { id: '42' });
      expect(await repo.permanent.get('42')).toBeNull();
      expect((await ryw.repository.permanent.get('42'))?.status).toBe('saved');
      // ids this process did not queue are not waited for
      const t0 = Date.now();
      expect(await ryw.repository.session.get('7')).toBeNull();
      expect(await ryw.repository.session.get('42')).toBeNull(); // archived: no wait either
      expect(Date.now() - t0).toBeLessThan(300);
    } finally {
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!rabbit.url || !pg.url)('scale-out cluster on RabbitMQ + PostgreSQL', () => {
  it(`worker processes drain 50 training jobs; a SIGKILLed worker's job is redelivered; ${ctl.ok ? 'a broker restart is survived; ' : ''}no record lost or duplicated`, async () => {
    const prefix = `${uniqueName('autolearn_fault')}.`;
    const schema = uniqueName('autolearn_scale').toLowerCase();
    schemas.push(schema);
    const store = `${pg.url}?schema=${schema}`;
    const flags = ['--role', 'training', '--bus', RABBIT_URL, '--prefix', prefix, '--max-attempts', '5'];
    const workers: RoleProcess[] = [spawnRole(flags), spawnRole(flags), spawnRole(flags)];
    let api: RoleHandle | null = null;
    try {
      api = await startRole(
        'api',
        { bus: RABBIT_URL, store, events: store, prefix, secretKey: generateKey().key.toString('base64') },
        { logger: silentLogger },
      );
      await Promise.all(workers.map((w) => w.waitFor((e) => e.event === 'ready', 40_000)));
      const [victim, ...survivors] = workers as [RoleProcess, ...RoleProcess[]];

      // SIGKILL the victim as soon as it starts its third job: that job is in hand, unacked.
      let killedJob: string | undefined;
      let started = 0;
      victim.onEvent((e) => {
        if (e.event === 'job-start' && ++started === 3 && !killedJob) {
          killedJob = e.id;
          victim.child.kill('SIGKILL');
        }
      });

      const service = api.service!;
      // 30 jobs first; once 10 are done the broker restarts, and the other 20 are submitted while
      // it is down (their sends wait for the reconnection), so the run goes on across the restart
      let done = 0;
      let restarted: Promise<void> | null = null;
      const jobs: Promise<TrainOutcome>[] = [];
      const submit = (from: number, to: number) => {
        for (let i = from; i < to; i++)
          jobs.push(
            service.train(irisForest(i, 250)).then((out) => {
              if (++done === 10 && ctl.ok) restarted = restartRabbitApp(() => submit(30, 50));
              return out;
            }),
          );
      };
      submit(0, 30);
      if (!ctl.ok) submit(30, 50);
      await Promise.all(jobs);
      if (restarted) await restarted;
      expect(jobs.length).toBe(50);
      const outcomes = await Promise.all(jobs);

      // the killed job was redelivered (a second attempt) to a survivor, which completed it
      expect(killedJob).toBeTypeOf('string');
      expect(await victim.exited).toBeNull();
      // (a worker's events arrive through its stdout pipe, which can lag behind the broker's reply
      // under load: wait for them rather than reading a snapshot)
      const redoneDone = await Promise.any(
        survivors.map((w) =>
          w.waitFor((e) => e.id === killedJob && e.event === 'job-done' && e.ok === true, 20_000),
        ),
      );
      expect(redoneDone.ok).toBe(true);
      const redone = survivors.flatMap((w) => w.events).filter((e) => e.id === killedJob);
      expect(Math.max(...redone.map((e) => e.attempt ?? 0))).toBeGreaterThanOrEqual(2);
      // competing consumers: every survivor took part
      for (const w of survivors) await w.waitFor((e) => e.event === 'job-done', 20_000);
      if (ctl.ok) {
        for (const w of survivors)
          await w.waitFor((e) => e.event === 'bus-connected' && e.reconnect === true, 20_000);
        // the run went on across the restart: jobs were completed after the workers reconnected
        await Promise.any(
          survivors.map((w) => {
            const from = w.events.findIndex((e) => e.event === 'bus-connected' && e.reconnect === true);
            return w.waitFor((e) => e.event === 'job-done' && w.events.indexOf(e) > from, 20_000);
          }),
        );
        const after = survivors.flatMap((w) =>
          w.events.slice(w.events.findIndex((e) => e.event === 'bus-connected' && e.reconnect === true)),
        );
        expect(after.filter((e) => e.event === 'job-done').length).toBeGreaterThan(0);
      }

      // none lost, none duplicated: exactly the 50 ids the service handed out, once each
      const ids = outcomes.map((o) => api!.service!.deps.tokens.decrypt(o.token));
      expect(new Set(ids).size).toBe(50);
      const repo = api.repository!;
      await until(async () => (await repo.session.count()) >= 50, 20_000, 'the 50 session records');
      await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show up now
      const stored = await repo.session.list();
      expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
      for (const r of stored) expect(JSON.parse(r.train_data.checkpoint)).toBeTypeOf('object');
      expect(await api.bus.depth(`${JOB_QUEUES.train}${DEAD_SUFFIX}`)).toBe(0);
      expect(await api.bus.depth('sessionRecord')).toBe(0);
      // a redelivered sessionRecord was absorbed (idempotent insert), not retried into dead letters
      expect(await api.bus.depth(`sessionRecord${DEAD_SUFFIX}`)).toBe(0);

      // SIGTERM: the workers stop cleanly (exit 0 after 'stopped')
      for (const w of survivors) w.child.kill('SIGTERM');
      for (const w of survivors) {
        expect(await w.exited).toBe(0);
        expect(w.events.at(-1)?.event).toBe('stopped');
      }
    } finally {
      for (const w of workers)
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      if (api) {
        await api.bus.deleteQueues().catch(() => {});
        await api.close();
      }
    }
  }, 60_000);
});
