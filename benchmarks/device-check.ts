/**
 * GPU device check: prints availableDevices(), runs the op conformance table on every available
 * device, then, on syn100k and syn1m (makeClassification, 70/30 split), times end-to-end fit and
 * predict of the six models (SVC, LinearSVC, LogisticRegression, DecisionTree, RandomForest,
 * GaussianNB, configured as in `npm run bench`, all cores) on every GPU device against the CPU
 * devices (`cpu`, and `wasm-simd` when it implements every kernel), and reports each GPU time
 * against the fastest CPU device; plus the SVC RBF kernel block. Writes device-check.json and a
 * Markdown table to --out (default $OUT or ./benchmarks/results). Each step is guarded by a time
 * budget (--budget seconds) and reports 'skipped' or the error instead of hiding it.
 *
 *   node --import tsx benchmarks/device-check.ts [--sizes 100000,1000000] [--budget 200] [--out DIR]
 *     [--models SVC-rbf,LinearSVC,...] [--svc-rows 20000] [--forest-rows 100000]
 *
 * Kernel SVC is quadratic in rows: it fits on the first --svc-rows training rows of each set (the
 * note says so). RandomForest runs up to --forest-rows rows (train + test) unless raised.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { checkBackendConformance } from '../src/core/backends/conformance-cases.js';
import { availableDevices, getBackend } from '../src/core/devices.js';
import { getKernels } from '../src/core/kernels/registry.js';
import { type Matrix, takeRows } from '../src/core/matrix.js';
import { makeClassification } from '../src/datasets/make-classification.js';
import { StandardScaler } from '../src/datasets/scalers.js';
import { accuracyScore } from '../src/metrics/scores.js';
import { STUDY_MODELS } from './lib/args.js';
import { type ModelName, matchModels } from './lib/schema.js';
import { loadOurModel, ourParams } from './ours/models.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : def;
};
const sizes = opt('sizes', '100000,1000000').split(',').map(Number);
const budgetS = Number(opt('budget', '200'));
const models: ModelName[] = args.includes('--models')
  ? matchModels(opt('models', '').split(','))
  : [...STUDY_MODELS];
const svcRows = Number(opt('svc-rows', '20000'));
const forestRows = Number(opt('forest-rows', '100000'));
const outDir = opt('out', process.env.OUT ?? 'benchmarks/results');
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;

interface Row {
  task: string;
  dataset: string;
  device: string;
  seconds: number | null;
  accuracy?: number;
  note?: string;
}
const rows: Row[] = [];
const log = (s: string) => process.stdout.write(`${s}\n`);

const devices = availableDevices();
log(JSON.stringify(devices, null, 1));
const usable = devices.filter((d) => d.available).map((d) => d.name);
const gpus = devices.filter((d) => d.available && d.kind === 'gpu').map((d) => d.name);
// CPU devices the models run on: cpu, and wasm-simd once it implements every kernel.
const cpuDevices = ['cpu'];
if (usable.includes('wasm-simd')) {
  try {
    const k = await getKernels('wasm-simd');
    const missing = Object.values(k.implementation).filter((v) => v === 'missing').length;
    if (missing === 0) cpuDevices.push('wasm-simd');
    else log(`wasm-simd: ${missing} kernels not implemented, left out of the model timings`);
  } catch (e) {
    log(`wasm-simd: kernels did not load (${(e as Error).message})`);
  }
}
log(
  `available: ${usable.join(', ')}; cpu devices timed: ${cpuDevices.join(', ')}; gpu devices: ${gpus.join(', ') || 'none'}`,
);

const conformance: Record<string, { op: string; error: string }[] | string> = {};
for (const name of usable) {
  try {
    const b = await getBackend(name);
    const s = performance.now();
    conformance[name] = await checkBackendConformance(b);
    log(
      `conformance ${name}: ${(conformance[name] as unknown[]).length} failures (${(performance.now() - s).toFixed(0)} ms)`,
    );
    for (const f of conformance[name] as { op: string; error: string }[]) log(`  ${f.op}: ${f.error}`);
  } catch (e) {
    conformance[name] = `load failed: ${(e as Error).message}`;
    log(`conformance ${name}: ${conformance[name]}`);
  }
}

interface Split {
  Xtr: Matrix;
  ytr: Int32Array;
  Xte: Matrix;
  yte: Int32Array;
}

/** End-to-end fit and predict of one model on one device (model params as in `npm run bench`, all cores). */
async function timeModel(
  model: ModelName,
  dataset: string,
  device: string,
  data: Split,
  note: string,
): Promise<void> {
  const fitTask = `${model} fit`;
  const predTask = `${model} predict`;
  const skip = (why: string) => {
    rows.push({ task: fitTask, dataset, device, seconds: null, note: why });
    rows.push({ task: predTask, dataset, device, seconds: null, note: why });
  };
  if (elapsed() > budgetS) return skip('skipped: time budget');
  const extra = note ? { note } : {};
  let fitS: number | null = null;
  try {
    const Ctor = await loadOurModel(model);
    const m = new Ctor(ourParams(model, Ctor, 'all', availableParallelism()));
    if (!m.supportedDevices.includes(device as never))
      return skip(`skipped: ${model} does not run on ${device}`);
    m.setUp({}, device);
    const s = performance.now();
    await m.fit(data.Xtr, data.ytr);
    fitS = (performance.now() - s) / 1000;
    const p = performance.now();
    const pred = await m.predict(data.Xte);
    const predS = (performance.now() - p) / 1000;
    const acc = accuracyScore(Array.from(data.yte), pred as number[]);
    rows.push({ task: fitTask, dataset, device, seconds: fitS, accuracy: acc, ...extra });
    rows.push({ task: predTask, dataset, device, seconds: predS, accuracy: acc, ...extra });
    log(
      `${model} ${dataset} ${device}: fit ${fitS.toFixed(3)} s, predict ${predS.toFixed(3)} s, accuracy ${acc.toFixed(4)}`,
    );
  } catch (e) {
    const why = `error: ${(e as Error).message}`;
    // A fit that finished keeps its time; only the step that failed says why.
    if (fitS === null) skip(why);
    else {
      rows.push({ task: fitTask, dataset, device, seconds: fitS, ...extra });
      rows.push({ task: predTask, dataset, device, seconds: null, note: why });
    }
    log(`${model} ${dataset} ${device}: ERROR ${(e as Error).message}`);
  }
}

async function kernelBlock(dataset: string, device: string, X: Matrix): Promise<void> {
  const task = 'SVC rbf kernel block (n x 1024 SV, then x dual coef 1024x3)';
  if (elapsed() > budgetS) {
    rows.push({ task, dataset, device, seconds: null, note: 'skipped: time budget' });
    return;
  }
  try {
    const b = await getBackend(device);
    const sv = X.data.subarray(0, 1024 * X.cols);
    const coef = new Float64Array(1024 * 3).map((_, i) => Math.sin(i));
    const tSv = b.fromArray(sv, [1024, X.cols]);
    const tCoef = b.fromArray(coef, [1024, 3]);
    const chunk = 65536;
    const s = performance.now();
    let checksum = 0;
    for (let r = 0; r < X.rows; r += chunk) {
      const n = Math.min(chunk, X.rows - r);
      const tX = b.fromArray(X.data.subarray(r * X.cols, (r + n) * X.cols), [n, X.cols]);
      const K = b.rbfKernel(tX, tSv, 1 / X.cols);
      const D = b.matmul(K, tCoef);
      const out = await b.toArray(D);
      checksum += out[0] as number;
      b.dispose([tX, K, D]);
    }
    const secs = (performance.now() - s) / 1000;
    b.dispose([tSv, tCoef]);
    rows.push({ task, dataset, device, seconds: secs, note: `checksum ${checksum.toFixed(4)}` });
    log(`kernel block ${dataset} ${device}: ${secs.toFixed(3)} s`);
  } catch (e) {
    rows.push({ task, dataset, device, seconds: null, note: `error: ${(e as Error).message}` });
    log(`kernel block ${dataset} ${device}: ERROR ${(e as Error).message}`);
  }
}

for (const n of sizes) {
  const dataset = n >= 1_000_000 ? 'syn1m' : n >= 100_000 ? 'syn100k' : `syn${n}`;
  const d = makeClassification({
    nSamples: n,
    nFeatures: 20,
    nInformative: 10,
    nRedundant: 2,
    nClasses: 3,
    seed: 0,
  });
  const nTr = Math.floor(n * 0.7);
  const idxTr = Array.from({ length: nTr }, (_, i) => i);
  const idxTe = Array.from({ length: n - nTr }, (_, i) => nTr + i);
  const take = (idx: number[]): Matrix => takeRows(d.X, idx);
  const scaler = new StandardScaler();
  const rawTr = take(idxTr);
  scaler.fit(rawTr);
  const Xtr = scaler.transform(rawTr);
  const Xte = scaler.transform(take(idxTe));
  const ytr = Int32Array.from(idxTr, (i) => d.y[i] as number);
  const yte = Int32Array.from(idxTe, (i) => d.y[i] as number);
  log(`--- ${dataset}: ${nTr} train / ${n - nTr} test (t=${elapsed().toFixed(1)} s)`);
  const full: Split = { Xtr, ytr, Xte, yte };
  for (const model of models) {
    if (model === 'RandomForest' && n > forestRows) {
      for (const device of [...cpuDevices, ...gpus])
        rows.push({
          task: `${model} fit`,
          dataset,
          device,
          seconds: null,
          note: `skipped: over --forest-rows ${forestRows}`,
        });
      continue;
    }
    let data = full;
    let note = '';
    if ((model === 'SVC-rbf' || model === 'SVC-linear') && nTr > svcRows) {
      data = {
        ...full,
        Xtr: takeRows(
          Xtr,
          Array.from({ length: svcRows }, (_, i) => i),
        ),
        ytr: ytr.subarray(0, svcRows),
      };
      note = `fit on the first ${svcRows} training rows (kernel SVC is quadratic in rows)`;
    }
    for (const device of [...cpuDevices, ...gpus]) await timeModel(model, dataset, device, data, note);
  }
  for (const device of ['cpu', ...gpus]) await kernelBlock(dataset, device, Xtr);
}

/** The fastest CPU-device row of a task (what a GPU row is compared with). */
const fastestCpu = (r: Row): Row | undefined =>
  rows
    .filter((c) => c.task === r.task && c.dataset === r.dataset && cpuDevices.includes(c.device) && c.seconds)
    .sort((a, b) => a.seconds! - b.seconds!)[0];

const table = [
  '| task | dataset | device | seconds | fastest cpu device / this | accuracy | note |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const base = fastestCpu(r);
    const speedup =
      r.seconds && base?.seconds && !cpuDevices.includes(r.device)
        ? `${(base.seconds / r.seconds).toFixed(1)}x (vs ${base.device})`
        : '';
    return `| ${r.task} | ${r.dataset} | ${r.device} | ${r.seconds === null ? '-' : r.seconds.toFixed(3)} | ${speedup} | ${r.accuracy === undefined ? '' : r.accuracy.toFixed(4)} | ${r.note ?? ''} |`;
  }),
].join('\n');
log(table);
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'device-check.json'),
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, devices, conformance, rows },
    null,
    1,
  ),
);
writeFileSync(join(outDir, 'device-check.md'), `${table}\n`);
log(`done in ${elapsed().toFixed(1)} s`);
process.exit(0);
