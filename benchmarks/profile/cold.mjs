// Cold vs warm fits (and predicts) of one model in a fresh process, on the compiled library (dist/),
// optionally with a CPU profile of just one phase (node:inspector), written as a .cpuprofile.
//
//   npm run build && node benchmarks/profile/cold.mjs SVC 1000 cpu
//   PROFILE=cold OUT=/tmp/svc-cold.cpuprofile node benchmarks/profile/cold.mjs SVC 1000 cpu
//
// PROFILE: `cold` (the first fit only), `warm` (the fits after the first), `predict` (PREDICTS
// predicts of the fitted model, default 20). RUNS: fits (default 4). Summaries:
// node --import tsx benchmarks/profile/summarize.ts <dir> [--inclusive]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const lib = new URL('../../dist/', import.meta.url).href;
const { makeClassification } = await import(`${lib}datasets/make-classification.js`);
const { StandardScaler } = await import(`${lib}datasets/scalers.js`);
const { getBackend } = await import(`${lib}core/devices.js`);
const { setThreadCap } = await import(`${lib}core/worker.js`);
const [model = 'SVC', nStr = '1000', device = 'cpu'] = process.argv.slice(2);
const mods = {
  SVC: ['svc', 'SVC', { nJobs: 1 }],
  LinearSVC: ['linear-svc', 'LinearSVC', {}],
  LR: ['logistic', 'LogisticRegression', {}],
  DT: ['tree', 'DecisionTreeClassifier', {}],
  RF: ['forest', 'RandomForestClassifier', { nJobs: 1 }],
  GNB: ['naive-bayes', 'GaussianNB', {}],
};
const [dir, cls, params] = mods[model];
setThreadCap(1);
const Ctor = (await import(`${lib}models/${dir}/index.js`))[cls];
await getBackend(device);
const n = Number(nStr);
const d = makeClassification({
  nSamples: n,
  nFeatures: 20,
  nInformative: 10,
  nRedundant: 2,
  nClasses: 3,
  seed: 0,
});
const nTr = Math.floor(n * 0.7);
const raw = { rows: nTr, cols: 20, data: d.X.data.slice(0, nTr * 20) };
const X = new StandardScaler().fit(raw).transform(raw);
const y = Array.from(d.y.subarray(0, nTr));
const test = {
  rows: n - nTr,
  cols: 20,
  data: new StandardScaler().fit(raw).transform({ rows: n - nTr, cols: 20, data: d.X.data.slice(nTr * 20) })
    .data,
};

const phase = process.env.PROFILE ?? '';
const session = phase ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
const start = async (on) => {
  if (session && on) await session.post('Profiler.start');
};
const stop = async (on) => {
  if (!(session && on)) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.OUT ?? `/tmp/${model}-${phase}.cpuprofile`, JSON.stringify(profile));
};

const runs = Number(process.env.RUNS ?? 4);
let m = null;
for (let r = 0; r < runs; r++) {
  m = new Ctor(params);
  m.setUp({}, device);
  await start((phase === 'cold' && r === 0) || (phase === 'warm' && r === 1));
  const t0 = performance.now();
  await m.fit(X, y);
  const t1 = performance.now();
  await stop((phase === 'cold' && r === 0) || (phase === 'warm' && r === runs - 1));
  await m.predict(test);
  const t2 = performance.now();
  process.stdout.write(
    `${model} ${device} n=${nTr} run ${r}: fit ${(t1 - t0).toFixed(1)} ms, predict ${(t2 - t1).toFixed(2)} ms\n`,
  );
}
if (phase === 'predict') {
  const k = Number(process.env.PREDICTS ?? 20);
  await start(true);
  const t0 = performance.now();
  for (let i = 0; i < k; i++) await m.predict(test);
  const t1 = performance.now();
  await stop(true);
  process.stdout.write(
    `${model} ${device} predict ${n - nTr} rows: ${((t1 - t0) / k).toFixed(2)} ms each (${k})\n`,
  );
}
process.exit(0);
