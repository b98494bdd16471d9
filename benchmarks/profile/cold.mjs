// Cold vs warm fits of one model in a fresh process, on the compiled library (dist/), for
// `node --cpu-prof`: what the first fit spends beyond the warm ones (JIT, lazy imports, pools).
//   npm run build && node benchmarks/profile/cold.mjs SVC 1000 cpu
//   RUNS=1 node --cpu-prof --cpu-prof-dir=/tmp/prof benchmarks/profile/cold.mjs SVC 1000 cpu
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
for (let r = 0; r < Number(process.env.RUNS ?? 4); r++) {
  const m = new Ctor(params);
  m.setUp({}, device);
  const t0 = performance.now();
  await m.fit(X, y);
  const t1 = performance.now();
  await m.predict(X);
  const t2 = performance.now();
  process.stdout.write(
    `${model} ${device} n=${nTr} run ${r}: fit ${(t1 - t0).toFixed(1)} ms, predict ${(t2 - t1).toFixed(2)} ms\n`,
  );
}
process.exit(0);
