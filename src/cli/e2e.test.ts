/**
 * End-to-end: the compiled binary (dist/cli/main.js) as child processes against a server child
 * process on a random free port with a temporary data dir (the seed's system test).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRecord } from '../eventsourcing/behavioural.js';
import { slowRequest } from '../server/test-utils/requests.js';
import { FLOWS, flowLine } from '../services/test-utils/flow.js';
import { assertBuilt, cli, type ServerChild, startServer } from './test-utils/proc.js';

const ADMIN = 'e2e-admin-token-0123456789';
const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
let dataDir: string;
let server: ServerChild;

beforeAll(async () => {
  assertBuilt();
  dataDir = tmp('al-e2e-');
  server = await startServer(dataDir, [], { AUTOLEARN_ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read the CLI's JSON output field by field
const json = <T = any>(r: { code: number | null; stdout: string; stderr: string }): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe('autolearn CLI against the server (system test)', () => {
  it('catalog -> train -> evaluate -> sessions -> save -> experiments -> admin logs, the whole exchange in order', async () => {
    const S = ['--server', server.url, '--api-key', ADMIN];
    const from = Date.now();
    const cat = json(await cli(['catalog', ...S, '--json']));
    expect(cat.data_lake.map((d: { dataset_name: string }) => d.dataset_name)).toContain('iris');

    const job = json(
      await cli(['train', ...S, '--dataset', 'iris', '--model', 'SVC', '--param', 'C=2', '--json']),
    );
    expect(job.state).toBe('done');
    const ev = json(await cli(['evaluate', job.token, ...S, '--json']));
    const acc = ev.eval_data.find(
      (m: { metric_name: string }) => m.metric_name === 'test_accuracy',
    ).metric_value;
    expect(acc).toBeGreaterThan(0.85);
    expect(ev.eval_data.map((m: { metric_name: string }) => m.metric_name)).toContain('train_recall_macro');

    const sessions = json(await cli(['sessions', ...S, '--json']));
    expect(sessions.map((s: { created_at: number }) => s.created_at)).toContain(job.created_at);
    const table = await cli(['sessions', ...S]);
    expect(table.stdout).toMatch(/created\s+status\s+dataset\s+model\s+test acc/);
    expect(table.stdout).toMatch(/evaluated\s+iris\s+SVC/);

    const saved = json(await cli(['save', job.token, ...S, '--json']));
    expect(saved.status).toBe('saved');
    const exps = json(await cli(['experiments', ...S, '--json']));
    expect(exps.map((s: { created_at: number }) => s.created_at)).toContain(job.created_at);
    expect(exps[0].eval_data).toEqual(ev.eval_data);

    const denied = await cli(['admin', 'logs', '--server', server.url], {
      env: { AUTOLEARN_API_KEY: 'wrong' },
    });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/401/);
    const logs = json<LoggedRecord[]>(
      await cli(['admin', 'logs', ...S, '--from', String(from), '--json'], {
        env: { AUTOLEARN_ADMIN_TOKEN: ADMIN },
      }),
    );
    const ts = logs.map((r) => r.timestamp);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    const lines = logs.map(flowLine);
    // the client's receipt of the 202 races the (async) fit only in principle; check it separately
    const accepted = 'client: TRAINING > CLIENT receive req_accepted';
    expect(lines.filter((l) => l === accepted).length).toBe(1);
    const ai = lines.indexOf(accepted);
    expect(ai).toBeGreaterThan(lines.indexOf('training: TRAINING > CLIENT send req_accepted'));
    expect(ai).toBeLessThan(lines.indexOf('client: CLIENT > EVALUATION send evaluation_req'));
    expect(lines.filter((l) => l !== accepted)).toEqual([
      'client: CLIENT > CATALOG send training_catalog_req',
      ...FLOWS.catalog,
      'client: CATALOG > CLIENT receive training_catalog',
      // train: the CLI fetches the catalog to build the request, then submits it
      'client: CLIENT > CATALOG send training_catalog_req',
      ...FLOWS.catalog,
      'client: CATALOG > CLIENT receive training_catalog',
      'client: CLIENT > TRAINING send training_req',
      ...FLOWS.trainAccepted,
      'client: CLIENT > EVALUATION send evaluation_req',
      ...FLOWS.evaluateAccepted,
      'client: EVALUATION > CLIENT receive req_accepted',
      'client: CLIENT > SESSION send view_sessions',
      ...FLOWS.viewSessions,
      'client: SESSION > CLIENT receive sess_summary',
      'client: CLIENT > SESSION send view_sessions',
      ...FLOWS.viewSessions,
      'client: SESSION > CLIENT receive sess_summary',
      'client: CLIENT > SESSION send save_session',
      ...FLOWS.save,
      'client: SESSION > CLIENT receive req_accepted',
      'client: CLIENT > STORAGE send view_experiments',
      ...FLOWS.viewExperiments,
      'client: STORAGE > CLIENT receive storage_summary',
    ]);
    const text = await cli(['admin', 'logs', ...S, '--service', 'storageRecord'], {
      env: { AUTOLEARN_ADMIN_TOKEN: ADMIN },
    });
    expect(text.stdout).toMatch(/\[storageRecord\] SESSION -> STORAGE send\/async archive_data/);
  });

  it('train wizard: built from the catalog, answers piped to stdin', async () => {
    const cat = json(await cli(['catalog', '--server', server.url, '--api-key', ADMIN, '--json']));
    const nb = cat.models.find((m: { model_name: string }) => m.model_name === 'GaussianNB');
    const nbLearning = cat.learning.filter(
      (l: { model_reference: { model_name: string } }) => l.model_reference.model_name === 'GaussianNB',
    );
    const answers = [
      'iris', // dataset by name
      '0.25', // split
      '7', // seed
      'GaussianNB',
      '', // the first loss / algorithm pair
      ...nb.model_hyperparams.map((p: { param_name: string }) =>
        p.param_name === 'varSmoothing' ? '1e-6' : '',
      ),
      ...nbLearning[0].learning_hyperparams.map(() => ''),
    ];
    const r = await cli(['train', '--server', server.url, '--api-key', ADMIN, '--wizard', '--json'], {
      input: `${answers.join('\n')}\n`,
    });
    const job = json(r);
    expect(job.state).toBe('done');
    expect(r.stderr).toMatch(/Dataset:\n {2}1\) iris/);
    expect(r.stderr).toMatch(/varSmoothing \(float/);
    const rec = json(
      await cli(['sessions', job.token, '--server', server.url, '--api-key', ADMIN, '--json']),
    );
    expect(rec.train_data.train_data.dataset).toMatchObject({
      dataset_name: 'iris',
      split_test: 0.25,
      split_seed: 7,
    });
    expect(rec.train_data.train_data.model.model_hyperparams).toEqual([
      { hyper_param_name: 'varSmoothing', hyper_param_value: 1e-6 },
    ]);
    // too few answers: a clear error, exit 2
    const short = await cli(['train', '--server', server.url, '--api-key', ADMIN, '--wizard'], {
      input: '1\n',
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/ran out of answers/);
  });

  it('exit codes: 2 for bad input (local or from the server), 1 otherwise, with a clear message', async () => {
    const S = ['--server', server.url, '--api-key', ADMIN];
    const unknown = await cli(['train', ...S, '--dataset', 'iris', '--model', 'Nope']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/unknown model 'Nope'/)]);
    const badParam = await cli([
      'train',
      ...S,
      '--dataset',
      'iris',
      '--model',
      'GaussianNB',
      '--param',
      'varSmoothing=-1',
    ]);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toMatch(/varSmoothing/);
    const forged = await cli(['evaluate', 'Zm9yZ2Vk', ...S]);
    expect([forged.code, forged.stderr]).toEqual([2, expect.stringMatching(/invalid session token/)]);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const down = await cli(['catalog', '--server', 'http://127.0.0.1:9']);
    expect([down.code, down.stderr]).toEqual([1, expect.stringMatching(/cannot reach the server/)]);
  });

  it('trains on a user CSV (in-process) and matches scikit-learn on the same files', async () => {
    const dir = tmp('al-csv-');
    const rows = readFileSync(new URL('../../datasets/iris.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const [header, ...data] = rows;
    writeFileSync(join(dir, 'train.csv'), [header, ...data.filter((_, i) => i % 3 !== 0)].join('\n'));
    writeFileSync(join(dir, 'test.csv'), [header, ...data.filter((_, i) => i % 3 === 0)].join('\n'));
    const r = json(
      await cli(
        [
          'train',
          '--csv',
          'train.csv',
          '--test-csv',
          'test.csv',
          '--label',
          'species',
          '--model',
          'GaussianNB',
          '--json',
        ],
        {
          cwd: dir,
        },
      ),
    );
    expect([r.train_rows, r.test_rows]).toEqual([100, 50]);
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import csv, json
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import accuracy_score, precision_score, recall_score
def load(f):
    rows = list(csv.reader(open(f)))[1:]
    return [[float(x) for x in r[:4]] for r in rows], [r[4] for r in rows]
(Xa, ya), (Xb, yb) = load('train.csv'), load('test.csv')
s = StandardScaler().fit(Xa)
p = GaussianNB().fit(s.transform(Xa), ya).predict(s.transform(Xb))
print(json.dumps([accuracy_score(yb, p), precision_score(yb, p, average='macro'), recall_score(yb, p, average='macro')]))`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const [acc, prec, rec] = JSON.parse(py.stdout) as number[];
    const get = (n: string) =>
      r.eval_data.find((m: { metric_name: string }) => m.metric_name === n).metric_value;
    expect(get('test_accuracy')).toBeCloseTo(acc!, 10);
    expect(get('test_precision_macro')).toBeCloseTo(prec!, 10);
    expect(get('test_recall_macro')).toBeCloseTo(rec!, 10);
    const wrong = await cli(['train', '--csv', 'train.csv', '--label', 'nope', '--model', 'GaussianNB'], {
      cwd: dir,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/nope/);
  });

  it('quickstart (npm start) runs the whole tour in-process on the embedded defaults', async () => {
    const cwd = tmp('al-qs-');
    const r = await cli(['quickstart'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    for (const s of [
      '== 1. Catalog',
      '== 2. Train SVC on iris',
      '== 3. Evaluate',
      '== 4. Save',
      '== 5. Experiments',
      '== 6. Admin log',
    ]) {
      expect(r.stdout).toContain(s);
    }
    expect(r.stdout).toMatch(/\[storage\] STORAGE -> CLIENT send\/async storage_summary/);
    expect(r.stdout).toMatch(/\[client\] CLIENT -> TRAINING send\/sync training_req/);
    const db = new Database(join(cwd, '.autolearn', 'autolearn.db'), { readonly: true });
    db.close();
  });
});

describe('server robustness across processes', () => {
  /** The bootstrap admin key the server generated into its data dir. */
  const auth = (dir: string) => ({
    authorization: `Bearer ${readFileSync(join(dir, 'admin-token'), 'utf8').trim()}`,
  });
  const post = (dir: string, url: string, body: unknown) =>
    fetch(`${url}/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(dir) },
      body: JSON.stringify(body),
    });
  const state = async (dir: string, url: string, token: string) =>
    (await (await fetch(`${url}/train/${token}`, { headers: auth(dir) })).json()) as {
      state: string;
      error: string | null;
    };
  const until = async (f: () => Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await f())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('kill -9 during a training: stores stay consistent, the job is marked failed after restart', async () => {
    const dir = tmp('al-kill-');
    const a = await startServer(dir);
    const t = (await (await post(dir, a.url, slowRequest())).json()) as { token: string };
    await until(async () => (await state(dir, a.url, t.token)).state === 'running');
    a.proc.kill('SIGKILL');
    await a.exited;
    for (const f of ['autolearn.db', 'jobs.db']) {
      const db = new Database(join(dir, f));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
    const b = await startServer(dir);
    try {
      const s = await state(dir, b.url, t.token);
      expect(s.state).toBe('failed');
      expect(s.error).toMatch(/server stopped while the job was in flight/);
      expect(await (await fetch(`${b.url}/sessions`, { headers: auth(dir) })).json()).toEqual([]);
      // still fully usable (the CLI finds the key in the local data dir)
      const again = await cli([
        'train',
        '--server',
        b.url,
        '--data-dir',
        dir,
        '--dataset',
        'iris',
        '--model',
        'GaussianNB',
        '--json',
      ]);
      expect(json(again).state).toBe('done');
    } finally {
      b.proc.kill('SIGTERM');
      expect(await b.exited).toBe(0);
    }
  });

  it('SIGTERM: in-flight work is cancelled cleanly after the grace period, and the exit code is 0', async () => {
    const dir = tmp('al-term-');
    const a = await startServer(dir, ['--grace-ms', '200']);
    const t = (await (await post(dir, a.url, slowRequest())).json()) as { token: string };
    await until(async () => (await state(dir, a.url, t.token)).state === 'running');
    a.proc.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.stderr()).toMatch(/SIGTERM: stopping/);
    const b = await startServer(dir, ['--role', 'training']);
    try {
      const s = await state(dir, b.url, t.token);
      expect(s.state).toBe('cancelled');
      expect(s.error).toMatch(/shut down/);
      // a single-role server serves only its routes
      expect((await fetch(`${b.url}/catalog`)).status).toBe(404);
      expect(((await (await fetch(`${b.url}/health`)).json()) as { role: string }).role).toBe('training');
    } finally {
      b.proc.kill('SIGTERM');
      await b.exited;
    }
  });
});
