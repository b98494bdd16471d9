/**
 * GPU device check (issue 8): prints availableDevices(), runs the op conformance table on every
 * available device, then times LogisticRegression / GaussianNB / LinearSVC fits and the SVC RBF
 * kernel block on syn100k and syn1m on each GPU device against our cpu backend. Writes a JSON file
 * and a Markdown table to --out (default $OUT or ./benchmarks/results). Each step is guarded by a
 * time budget (--budget seconds) and reports 'skipped' or the error instead of hiding it.
 *
 *   node --import tsx benchmarks/device-check.ts [--sizes 100000,1000000] [--budget 200] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBackendConformance } from '../src/core/backends/conformance-cases.js';
import { availableDevices, getBackend } from '../src/core/devices.js';
import { type Matrix, takeRows } from '../src/core/matrix.js';
import { makeClassification } from '../src/datasets/make-classification.js';
import { StandardScaler } from '../src/datasets/scalers.js';
import { accuracyScore } from '../src/metrics/scores.js';
import type { Classifier } from '../src/models/base.js';
import { LinearSVC } from '../src/models/linear-svc/linear-svc.js';
import { LogisticRegression } from '../src/models/logistic/logistic-regression.js';
import { GaussianNB } from '../src/models/naive-bayes/gaussian-nb.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : def;
};
const sizes = opt('sizes', '100000,1000000').split(',').map(Number);
const budgetS = Number(opt('budget', '200'));
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
log(`available: ${usable.join(', ')}; gpu devices: ${gpus.join(', ') || 'none'}`);

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

async function timeFit(
  task: string,
  dataset: string,
  device: string,
  make: () => Classifier<object, unknown>,
  Xtr: Matrix,
  ytr: Int32Array,
  Xte: Matrix,
  yte: Int32Array,
): Promise<void> {
  if (elapsed() > budgetS) {
    rows.push({ task, dataset, device, seconds: null, note: 'skipped: time budget' });
    return;
  }
  try {
    const m = make();
    m.setUp({}, device);
    const s = performance.now();
    await m.fit(Xtr, Array.from(ytr));
    const secs = (performance.now() - s) / 1000;
    const acc = accuracyScore(Array.from(yte), await m.predict(Xte));
    rows.push({ task, dataset, device, seconds: secs, accuracy: acc });
    log(`${task} ${dataset} ${device}: fit ${secs.toFixed(3)} s, accuracy ${acc.toFixed(4)}`);
  } catch (e) {
    rows.push({ task, dataset, device, seconds: null, note: `error: ${(e as Error).message}` });
    log(`${task} ${dataset} ${device}: ERROR ${(e as Error).message}`);
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
  for (const device of ['cpu', ...gpus]) {
    await timeFit(
      'LogisticRegression fit',
      dataset,
      device,
      () => new LogisticRegression(),
      Xtr,
      ytr,
      Xte,
      yte,
    );
    await timeFit('GaussianNB fit', dataset, device, () => new GaussianNB(), Xtr, ytr, Xte, yte);
    if (n <= 100_000)
      await timeFit('LinearSVC fit', dataset, device, () => new LinearSVC(), Xtr, ytr, Xte, yte);
    await kernelBlock(dataset, device, Xtr);
  }
}

const table = [
  '| task | dataset | device | seconds | vs cpu | accuracy | note |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const base = rows.find((c) => c.task === r.task && c.dataset === r.dataset && c.device === 'cpu');
    const speedup = r.seconds && base?.seconds ? `${(base.seconds / r.seconds).toFixed(1)}x` : '';
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
