/**
 * Acceptance, as a user gets the package: `npm pack`, then `npm install <tarball>` into a fresh
 * folder from the npm cache only (--offline), no optional peer installed. A consumer file importing
 * every entry point is type-checked (strict) against the installed types and run: the core trains
 * and predicts, the catalog, event store, tokens and scale-out config work without any driver, and
 * the layers that need an optional peer fail with a MissingDependencyError naming the package. The
 * installed `autolearn` binary answers read-only commands and names the driver a training needs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Installed, installTarball, pack, ROOT } from '../../scripts/lib/pack-install.js';

const CONSUMER = `
import { GaussianNB, loadIris, MissingDependencyError, SVC, availableDevices, formatReport } from 'autolearn';
import { buildCatalog, registerBuiltins, Registry, validateTrainRequest } from 'autolearn/catalog';
import { openEventStore } from 'autolearn/eventsourcing';
import { generateKey, SessionTokens } from 'autolearn/services';
import { createServer, ROLES } from 'autolearn/server';
import { parseScaleArgs, SCALE_ROLES } from 'autolearn/scale';

const out: Record<string, unknown> = {};
const iris = loadIris({ split: { test: 0.3, seed: 0 } });
const svc = await new SVC({ C: 1 }).fit(iris);
out.svcAccuracy = (await svc.evaluate(iris, { on: 'test' })).accuracy;
const nb = await new GaussianNB().fit(iris);
out.report = formatReport(await nb.evaluate(iris)).split('\\n').length > 3;
out.devices = availableDevices().filter((d) => d.available).map((d) => d.name);

const catalog = buildCatalog(await registerBuiltins(new Registry()));
out.models = catalog.models.map((m) => m.model_name);
const valid = validateTrainRequest(
  {
    train_data: {
      dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 0 },
      model: { model_name: 'GaussianNB', model_task: 'classification', model_hyperparams: [] },
      learning: { loss: 'negative_log_likelihood', learning_algorithm: 'maximum_likelihood', learning_hyperparams: [] },
    },
  },
  catalog,
);
out.validModel = valid.model.name;

const events = await openEventStore('memory');
await events.append({ entityId: 'session', timestamp: 1, payload: { n: 1 } });
out.events = (await events.readAggregate('session')).length;
await events.close();

const tokens = new SessionTokens([generateKey()]);
out.token = tokens.decrypt(tokens.encrypt('abc')) === 'abc';
out.roles = [ROLES.length > 0, SCALE_ROLES.length === 4];
out.scaleRole = parseScaleArgs(['--role', 'api', '--bus', 'amqp://127.0.0.1'], {}).role;

try {
  await createServer({ dataDir: process.argv[2]! });
  out.server = 'started without fastify?';
} catch (e) {
  out.server = e instanceof MissingDependencyError ? [e.pkg, e.install] : String(e);
}
try {
  await openEventStore('sqlite:' + process.argv[2] + '/x.db');
  out.sqlite = 'opened without better-sqlite3?';
} catch (e) {
  out.sqlite = e instanceof MissingDependencyError ? e.pkg : String(e);
}
console.log(JSON.stringify(out));
`;

let work: string;
let installed: Installed;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'autolearn-acceptance-'));
  const tarball = pack(work);
  installed = installTarball(tarball, { offline: true });
}, 240_000);
afterAll(() => {
  if (installed) rmSync(installed.dir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm install autolearn (packed tarball, fresh folder, offline)', () => {
  it('installs without engine warnings and without any optional peer', () => {
    expect(installed.log).not.toMatch(/EBADENGINE/);
    for (const peer of [
      'fastify',
      'better-sqlite3',
      'pg',
      'nats',
      'amqplib',
      '@tensorflow/tfjs-core',
      'webgpu',
    ]) {
      expect(() => readFileSync(join(installed.dir, 'node_modules', peer, 'package.json')), peer).toThrow();
    }
  });

  it('a consumer of every entry point type-checks (strict) and runs', () => {
    const dir = installed.dir;
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          // Node's types from this repository (a user has their own @types/node)
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
          strict: true,
          skipLibCheck: true,
          outDir: 'out',
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const run = execFileSync(process.execPath, [join(dir, 'out', 'consumer.js'), join(dir, 'data')], {
      cwd: dir,
      encoding: 'utf8',
    });
    const r = JSON.parse(run.trim().split('\n').at(-1)!);
    expect(r.svcAccuracy).toBeGreaterThan(0.9);
    expect(r.report).toBe(true);
    expect(r.devices).toContain('cpu');
    expect(r.devices).not.toContain('tfjs-cpu'); // its optional peers are not installed
    expect(r.models).toContain('RandomForestClassifier');
    expect(r.validModel).toBe('GaussianNB');
    expect(r.events).toBe(1);
    expect(r.token).toBe(true);
    expect(r.roles).toEqual([true, true]);
    expect(r.scaleRole).toBe('api');
    expect(r.server).toEqual(['fastify', 'npm install fastify']);
    expect(r.sqlite).toBe('better-sqlite3');
  }, 120_000);

  it('the installed binary: --version, catalog SVC (read-only), and a training names the driver to install', () => {
    const bin = join(installed.dir, 'node_modules', '.bin', 'autolearn');
    const cwd = mkdtempSync(join(work, 'cwd-'));
    const version = spawnSync(bin, ['--version'], { cwd, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const svc = spawnSync(bin, ['catalog', 'SVC'], { cwd, encoding: 'utf8' });
    expect([svc.status, svc.stdout]).toEqual([0, expect.stringMatching(/decisionFunctionShape/)]);
    const train = spawnSync(bin, ['train', '--dataset', 'iris', '--model', 'SVC', '--json'], {
      cwd,
      encoding: 'utf8',
    });
    expect(train.status).toBe(1);
    expect(JSON.parse(train.stderr).error).toMatchObject({
      code: 'E_MISSING_DEPENDENCY',
      message: expect.stringMatching(/npm install better-sqlite3/),
    });
  });
});
