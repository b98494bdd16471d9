/**
 * The HTTP server and a client: starts the bundled server in this process on a free port (needs the
 * optional peers: `npm install autolearn fastify @fastify/cors @fastify/rate-limit @fastify/static ajv better-sqlite3`), then talks to it over HTTP as any
 * client would: catalog, train (following the job), evaluate, save, list the saved experiments.
 * Run: `npx tsx examples/server-client.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'autolearn/server';

const dataDir = mkdtempSync(join(tmpdir(), 'autolearn-server-'));
const server = await createServer({ dataDir });
const url = await server.listen(0, '127.0.0.1');
console.log(`server on ${url}`);
// every route but /health and the API document needs an API key; the bootstrap admin's is here
const auth = { authorization: `Bearer ${server.adminToken}` };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

try {
  const catalog = await call<{ models: { model_name: string }[] }>('GET', '/catalog');
  console.log('models:', catalog.models.map((m) => m.model_name).join(', '));

  const job = await call<{ token: string; state: string }>('POST', '/train', {
    train_data: {
      dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 0 },
      model: {
        model_name: 'SVC',
        model_task: 'classification',
        model_hyperparams: [{ hyper_param_name: 'C', hyper_param_value: 2 }],
      },
      learning: { loss: 'hinge', learning_algorithm: 'smo', learning_hyperparams: [] },
    },
  });
  let state = job.state;
  while (state === 'queued' || state === 'running') {
    await new Promise((r) => setTimeout(r, 100));
    state = (await call<{ state: string }>('GET', `/train/${job.token}`)).state;
  }
  console.log(`training ${state}`);

  const ev = await call<{ eval_data: { metric_name: string; metric_value: number }[] }>(
    'POST',
    `/sessions/${job.token}/evaluate`,
  );
  const acc = ev.eval_data.find((m) => m.metric_name === 'test_accuracy')!.metric_value;
  console.log(`test accuracy ${acc.toFixed(3)}`);

  await call('POST', `/sessions/${job.token}/save`);
  const saved = await call<{ model: string; status: string }[]>('GET', '/experiments');
  console.log(`saved experiments: ${saved.map((s) => `${s.model} (${s.status})`).join(', ')}`);
} finally {
  await server.close(1000);
  rmSync(dataDir, { recursive: true, force: true });
}
