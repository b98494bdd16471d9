/**
 * The facade's whole life cycle with a model and a dataset registered only in this test (trained and
 * evaluated in worker threads), checked against the seed's behavioural payload sequences.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestValidationError } from '../catalog/errors.js';
import { Registry } from '../catalog/registry.js';
import { registerTiny, splitBlobs, tinyRequest } from '../catalog/test-utils/tiny.js';
import { NotFoundError } from '../core/errors.js';
import { ServiceLog } from '../eventsourcing/behavioural.js';
import { createPlatform, type Platform } from './config.js';
import { DuplicateRecordError, InvalidTokenError } from './errors.js';
import { createLogger } from './logger.js';
import { JobError } from './runner.js';
import { FLOWS, flowLine } from './test-utils/flow.js';
import { generateKey } from './tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-svc-'));
const lines: string[] = [];
const secretKey = generateKey().key.toString('base64');
let p: Platform;
let seen = 0;

/** Behavioural lines written since the previous call. */
async function newLines(): Promise<string[]> {
  const all = (await p.service.log()).map(flowLine);
  const out = all.slice(seen);
  seen = all.length;
  return out;
}

/** Independent reference: nearest centroid (manhattan) on the same split, accuracy on a part. */
function referenceAccuracy(part: 'test' | 'train'): number {
  const ds = splitBlobs(0.25, 3);
  const tr = ds.part('train');
  const sums = [0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0];
  for (let i = 0; i < tr.X.rows; i++) {
    const k = tr.y[i]!;
    counts[k]!++;
    sums[2 * k]! += tr.X.data[2 * i]!;
    sums[2 * k + 1]! += tr.X.data[2 * i + 1]!;
  }
  const c = sums.map((s, j) => s / counts[Math.floor(j / 2)]!);
  const d = ds.part(part);
  let ok = 0;
  for (let i = 0; i < d.X.rows; i++) {
    const dist = [0, 1, 2].map(
      (k) => Math.abs(d.X.data[2 * i]! - c[2 * k]!) + Math.abs(d.X.data[2 * i + 1]! - c[2 * k + 1]!),
    );
    if (dist.indexOf(Math.min(...dist)) === d.y[i]) ok++;
  }
  return ok / d.X.rows;
}

beforeAll(async () => {
  p = await createPlatform({
    dataDir: tmp,
    registry: registerTiny(new Registry()),
    workerSetup: new URL('./test-utils/tiny-setup.ts', import.meta.url),
    logger: createLogger({ sinks: [(l) => lines.push(l)] }),
    secretKey,
  });
});

afterAll(async () => {
  await p.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ExperimentService life cycle (test-only model, worker threads)', () => {
  let token = '';

  it('serves the catalog built from the registry', async () => {
    const cat = await p.service.catalog();
    expect(cat.models.map((m) => m.model_name)).toEqual(['TinyCentroid']);
    expect(cat.data_lake.map((d) => d.dataset_name)).toEqual(['TinyBlobs']);
    expect(await newLines()).toEqual(FLOWS.catalog);
  });

  it('rejects a bad request with every violation and records bad_request', async () => {
    const bad = tinyRequest();
    bad.train_data.dataset.split_test = 1.5;
    bad.train_data.model.model_hyperparams[0]!.hyper_param_value = 'cosine';
    const err = await p.service.train(bad).catch((e) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect((err as RequestValidationError).violations).toHaveLength(2);
    expect(await newLines()).toEqual(FLOWS.trainRejected);
    expect(await p.repository.session.count()).toBe(0);
  });

  it('trains in a worker thread and stores the session record', async () => {
    const before = Date.now();
    const out = await p.service.train(tinyRequest());
    token = out.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(out.request.model.params).toEqual({ metric: 'manhattan', temperature: 1 });
    expect(await newLines()).toEqual(FLOWS.trainAccepted);
    const [rec] = await p.repository.session.list();
    expect(rec!.id).toBe(p.tokens.decrypt(token));
    expect(rec!.created_at).toBeGreaterThanOrEqual(before);
    expect(rec!.status).toBe('trained');
    expect(rec!.train_data.request).toEqual(tinyRequest());
    const ck = JSON.parse(rec!.train_data.checkpoint);
    expect(ck.model).toBe('TinyCentroid');
    expect(ck.classes).toEqual(['a', 'b', 'c']);
    expect(ck.params).toEqual({ metric: 'manhattan', temperature: 1 });
  });

  it('lists and shows session records by token', async () => {
    const list = await p.service.listSessions();
    expect(list).toHaveLength(1);
    expect(list[0]!.model).toBe('TinyCentroid');
    expect(p.tokens.decrypt(list[0]!.token)).toBe(p.tokens.decrypt(token));
    const detail = await p.service.getSession(token);
    expect(detail.status).toBe('trained');
    expect(JSON.parse(detail.checkpoint).model).toBe('TinyCentroid');
    expect(await newLines()).toEqual([...FLOWS.viewSessions, ...FLOWS.viewSessions]);
  });

  it('evaluates on the test and training sets in a worker and updates the session record', async () => {
    const { eval_data } = await p.service.evaluate(token);
    const metric = (n: string) => eval_data.find((m) => m.metric_name === n)?.metric_value;
    expect(metric('test_accuracy')).toBeCloseTo(referenceAccuracy('test'), 12);
    expect(metric('train_accuracy')).toBeCloseTo(referenceAccuracy('train'), 12);
    for (const part of ['test', 'train']) {
      for (const m of ['precision_macro', 'recall_macro', 'f1_macro']) {
        const v = metric(`${part}_${m}`);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(await newLines()).toEqual(FLOWS.evaluateAccepted);
    const rec = await p.repository.session.get(p.tokens.decrypt(token));
    expect(rec!.status).toBe('evaluated');
    expect(rec!.eval_data).toEqual(eval_data);
  });

  it('rejects forged tokens (req_rejected) and unknown sessions (sess_not_exists)', async () => {
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`;
    await expect(p.service.evaluate(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(await newLines()).toEqual(FLOWS.evaluateBadToken);
    await expect(p.service.evaluate(p.tokens.encrypt('123'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await newLines()).toEqual(FLOWS.evaluateMissing);
    await expect(p.service.getSession(p.tokens.encrypt('123'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await newLines()).toEqual([
      'session: CLIENT > SESSION receive view_sessions',
      'session: SESSION > CLIENT send sess_not_exists',
    ]);
  });

  it('saves: the record moves to the permanent store, and is gone from the session', async () => {
    const saved = await p.service.save(token);
    expect(saved.status).toBe('saved');
    expect(await newLines()).toEqual(FLOWS.save);
    expect(await p.service.listSessions()).toEqual([]);
    const exps = await p.service.listExperiments();
    expect(exps).toHaveLength(1);
    expect(exps[0]!.status).toBe('saved');
    expect(exps[0]!.eval_data.length).toBeGreaterThan(0);
    expect(await newLines()).toEqual([...FLOWS.viewSessions, ...FLOWS.viewExperiments]);
    await expect(p.service.save(token)).rejects.toBeInstanceOf(NotFoundError);
    expect(await newLines()).toEqual(FLOWS.saveRejected);
    await expect(p.service.evaluate(token)).rejects.toBeInstanceOf(NotFoundError);
    expect(await newLines()).toEqual(FLOWS.evaluateMissing);
  });

  it('a failing job answers internal_server_error and writes the seed error line', async () => {
    const failing = await createPlatform({
      dataDir: join(tmp, 'failing'),
      registry: registerTiny(new Registry()),
      workerSetup: new URL('./test-utils/empty-setup.ts', import.meta.url),
      logger: createLogger({ sinks: [(l) => lines.push(l)] }),
      events: 'memory',
      secretKey: generateKey().key.toString('base64'),
    });
    try {
      await expect(failing.service.train(tinyRequest())).rejects.toBeInstanceOf(JobError);
      const log = (await failing.service.log()).map(flowLine);
      expect(log.at(-1)).toBe('training: TRAINING > CLIENT send internal_server_error');
      expect(lines.at(-1)).toMatch(
        /^\| DATE: \d{2}\/\d{2}\/\d{4} \| TIME: \d{2}:\d{2}:\d{2} \| \[ TASK @ training\.train \] NotFoundError: unknown dataset 'TinyBlobs \(classification\)'/,
      );
    } finally {
      await failing.close();
    }
  });

  it('a queue delivery that fails (duplicate id) answers internal_server_error and logs both sides', async () => {
    const T = 1_800_000_000_000;
    const dup = await createPlatform({
      dataDir: join(tmp, 'dup'),
      registry: registerTiny(new Registry()),
      workerSetup: new URL('./test-utils/tiny-setup.ts', import.meta.url),
      logger: createLogger({ sinks: [(l) => lines.push(l)] }),
      events: 'memory',
      secretKey,
      clock: () => T,
    });
    try {
      await dup.repository.session.insert({
        id: String(T),
        created_at: T,
        status: 'trained',
        owner: 'admin',
        train_data: { request: tinyRequest(), checkpoint: '{}' },
        eval_data: [],
      });
      await expect(dup.service.train(tinyRequest())).rejects.toBeInstanceOf(DuplicateRecordError);
      const log = (await dup.service.log()).map(flowLine);
      expect(log.slice(-3)).toEqual([
        'sessionRecord: TRAINING > SESSION send train_data_record',
        'session: TRAINING > SESSION receive train_data_record',
        'training: TRAINING > CLIENT send internal_server_error',
      ]);
      expect(lines.slice(-2).map((l) => l.replace(/^.*\[ /, '[ '))).toEqual([
        `[ EVENT @ session.onSessionRecord ] record '${T}' already exists in the session store`,
        `[ EVENT @ training.train ] record '${T}' already exists in the session store`,
      ]);
    } finally {
      await dup.close();
    }
  });

  it('the event log rebuilds each service state (rewind) and survives a restart', async () => {
    const all = await p.service.log();
    const sessionLog = new ServiceLog('session', 'SESSION', p.events);
    const state = await sessionLog.rewind();
    const mine = all.filter((r) => r.aggregate === 'session');
    expect(state.messages).toBe(mine.length);
    expect(state.received.train_data_record).toBe(1);
    expect(state.received.update_session).toBe(1);
    expect(state.sent.req_rejected).toBe(1);
    // timestamps never go backwards in the time-ordered view
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.timestamp).toBeGreaterThanOrEqual(all[i - 1]!.timestamp);
    // reopen the same data folder: stores, events and key file are all on disk
    const again = await createPlatform({
      dataDir: tmp,
      registry: registerTiny(new Registry()),
      workerSetup: new URL('./test-utils/tiny-setup.ts', import.meta.url),
      logger: createLogger({ sinks: [] }),
      secretKey,
    });
    try {
      expect((await again.service.log()).length).toBe(all.length);
      const [exp] = await again.service.listExperiments();
      // same key: the token of the saved experiment is the same session id
      expect(again.tokens.decrypt(exp!.token)).toBe(p.tokens.decrypt(token));
    } finally {
      await again.close();
    }
  });
});
