/**
 * The ownership rule lives in the service layer: ExperimentService answers another user's record as
 * not found (list, get, evaluate, save), an admin sees every record, and the default actor (the
 * in-process mode) is the local admin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../catalog/registry.js';
import { registerTiny, tinyRequest } from '../catalog/test-utils/tiny.js';
import { NotFoundError } from '../core/errors.js';
import { type Actor, LOCAL_ADMIN } from './accounts/types.js';
import { createPlatform, type Platform } from './config.js';
import { silentLogger } from './logger.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-own-'));
let p: Platform;
const alice: Actor = { id: 'u_alice', name: 'alice', role: 'user' };
const bob: Actor = { id: 'u_bob', name: 'bob', role: 'user' };
const root: Actor = { id: 'u_root', name: 'root', role: 'admin' };

beforeAll(async () => {
  p = await createPlatform({
    dataDir: tmp,
    registry: registerTiny(new Registry()),
    workerSetup: new URL('./test-utils/tiny-setup.ts', import.meta.url),
    logger: silentLogger,
    events: 'memory',
  });
});
afterAll(async () => {
  await p.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ExperimentService ownership', () => {
  it("another user's record is not found; lists are scoped; admins see all", async () => {
    const a = await p.service.train(tinyRequest(), {}, alice);
    const b = await p.service.train(tinyRequest(), {}, bob);
    expect((await p.repository.session.get(p.tokens.decrypt(a.token)))?.owner).toBe('u_alice');

    await expect(p.service.getSession(a.token, bob)).rejects.toBeInstanceOf(NotFoundError);
    await expect(p.service.evaluate(a.token, bob)).rejects.toBeInstanceOf(NotFoundError);
    await expect(p.service.save(a.token, bob)).rejects.toBeInstanceOf(NotFoundError);
    // nothing changed
    const still = await p.service.getSession(a.token, alice);
    expect(still.eval_data).toEqual([]);
    expect(still.status).toBe('trained');

    const created = (xs: { created_at: number }[]) => xs.map((x) => x.created_at);
    expect(created(await p.service.listSessions({}, alice))).toEqual([a.created_at]);
    expect(created(await p.service.listSessions({}, bob))).toEqual([b.created_at]);
    expect(created(await p.service.listSessions({}, root))).toEqual([a.created_at, b.created_at]);
    expect(created(await p.service.listSessions())).toEqual([a.created_at, b.created_at]);

    await p.service.evaluate(a.token, alice);
    await p.service.save(a.token, alice);
    expect(created(await p.service.listExperiments({}, alice))).toEqual([a.created_at]);
    expect(await p.service.listExperiments({}, bob)).toEqual([]);
    expect(created(await p.service.listExperiments({}, root))).toEqual([a.created_at]);

    // admin acts on a user's record; the in-process default actor is the local admin
    expect((await p.service.getSession(b.token, root)).created_at).toBe(b.created_at);
    expect((await p.service.getSession(b.token)).created_at).toBe(b.created_at);
    const local = await p.service.train(tinyRequest());
    expect((await p.repository.session.get(p.tokens.decrypt(local.token)))?.owner).toBe(LOCAL_ADMIN.id);
    await expect(p.service.getSession(local.token, alice)).rejects.toBeInstanceOf(NotFoundError);
  });
});
