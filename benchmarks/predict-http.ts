/**
 * Inference benchmark (`node --import tsx benchmarks/predict-http.ts`): a server on 127.0.0.1 with
 * a saved Iris SVC (rbf, probabilities); latency of POST /experiments/{id}/predict for the first
 * request (checkpoint parsed) and warm ones (LRU hit), 45-row and 10,000-row batches; ONNX export
 * size; onnxruntime-node on the exported model for the same 10,000 rows. Bounded: 200 + 20 requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createServer } from '../src/server/app.js';
import { silentLogger } from '../src/services/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'al-bench-predict-'));
const server = await createServer({ dataDir: dir, poolSize: 2, logger: silentLogger, env: {} });
const base = await server.listen(0);
const post = async (path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<Record<string, unknown>>;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)]!;

try {
  const req = {
    train_data: {
      dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 0 },
      model: {
        model_name: 'SVC',
        model_task: 'classification',
        model_hyperparams: [{ hyper_param_name: 'probability', hyper_param_value: true }],
      },
      learning: { loss: 'hinge', learning_algorithm: 'smo', learning_hyperparams: [] },
    },
  };
  const { token } = (await post('/train', req)) as { token: string };
  for (;;) {
    const s = (await (await fetch(`${base}/train/${token}`)).json()) as { state: string };
    if (s.state === 'done') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await post(`/sessions/${token}/save`);
  const row = () => [
    4 + Math.random() * 4,
    2 + Math.random() * 2,
    1 + Math.random() * 6,
    Math.random() * 2.5,
  ];
  const small = { rows: Array.from({ length: 45 }, row) };
  const big = { rows: Array.from({ length: 10_000 }, row) };
  let t = performance.now();
  await post(`/experiments/${token}/predict`, small);
  const cold = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 200; i++) {
    t = performance.now();
    await post(`/experiments/${token}/predict`, small);
    warm.push(performance.now() - t);
  }
  const bigMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await post(`/experiments/${token}/predict`, big);
    bigMs.push(performance.now() - t);
  }
  t = performance.now();
  const onnx = new Uint8Array(
    await (await fetch(`${base}/experiments/${token}/model?format=onnx`)).arrayBuffer(),
  );
  const exportMs = performance.now() - t;
  const session = await ort.InferenceSession.create(onnx);
  const input = new ort.Tensor('float64', Float64Array.from(big.rows.flat()), [10_000, 4]);
  const ortMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await session.run({ input }, ['label', 'probabilities']);
    ortMs.push(performance.now() - t);
  }
  const f = (x: number) => x.toFixed(2);
  console.log(`predict 45 rows, first request (checkpoint parsed): ${f(cold)} ms`);
  console.log(
    `predict 45 rows, warm (200 requests): p50 ${f(pct(warm, 0.5))} ms, p95 ${f(pct(warm, 0.95))} ms`,
  );
  console.log(`predict 10000 rows (20 requests): p50 ${f(pct(bigMs, 0.5))} ms`);
  console.log(`ONNX export: ${onnx.length} bytes in ${f(exportMs)} ms`);
  console.log(`onnxruntime-node, same 10000 rows: p50 ${f(pct(ortMs, 0.5))} ms`);
  await session.release();
} finally {
  await server.close(0);
  rmSync(dir, { recursive: true, force: true });
}
