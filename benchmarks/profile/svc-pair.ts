// One binary SMO problem of syn20k (classes 0 vs 1 of the 14k train rows), wasm-simd kernel rows,
// from the TypeScript sources: times SvcQ + solveSmo alone, prints a checksum of the solution.
//   node --import tsx benchmarks/profile/svc-pair.ts [runs]
import { simdSvm } from '../../src/core/devices/wasm-simd/svm.js';
import { makeClassification } from '../../src/datasets/make-classification.js';
import { StandardScaler } from '../../src/datasets/scalers.js';
import { SvcQ } from '../../src/models/svc/q-matrix.js';
import { solveSmo } from '../../src/models/svc/smo.js';

const g = makeClassification({
  nSamples: 20000,
  nFeatures: 20,
  nInformative: 10,
  nRedundant: 2,
  nClasses: 3,
  seed: 0,
});
const nTr = 14000;
const raw = { rows: nTr, cols: 20, data: g.X.data.slice(0, nTr * 20) };
const Xs = new StandardScaler().fit(raw).transform(raw);
const idx: number[] = [];
for (let i = 0; i < nTr; i++) if ((g.y[i] as number) < 2) idx.push(i);
const l = idx.length;
const data = new Float64Array(l * 20);
for (let k = 0; k < l; k++) {
  const r = idx[k] as number;
  data.set(Xs.data.subarray(r * 20, r * 20 + 20), k * 20);
}
const X = { rows: l, cols: 20, data };
const y = Int8Array.from(idx, (r) => (g.y[r] === 0 ? 1 : -1));
const spec = { kernel: 'rbf' as const, gamma: 1 / 20, coef0: 0, degree: 3 };
let best = Infinity;
let bestCpu = Infinity;
for (let run = 0; run < Number(process.argv[2] ?? 3); run++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const Q = await SvcQ.create(simdSvm.prepareKernelRows(X, spec, y), 200 * 1024 * 1024);
  const r = await solveSmo(
    Q,
    new Float64Array(l).fill(-1),
    y,
    new Float64Array(l).fill(1),
    new Float64Array(l),
    {
      eps: 1e-3,
      shrinking: true,
      maxIter: -1,
    },
  );
  const t1 = performance.now();
  const cu = process.cpuUsage(c0);
  bestCpu = Math.min(bestCpu, (cu.user + cu.system) / 1000);
  let h = 0;
  const b = new Uint8Array(r.alpha.buffer);
  for (let k = 0; k < b.length; k++) h = Math.imul(h ^ (b[k] as number), 0x01000193) >>> 0;
  best = Math.min(best, t1 - t0);
  if (run === 0)
    process.stdout.write(
      `l=${l} iter=${r.iterations} rho=${r.rho} alpha#${h.toString(16)} ${(t1 - t0).toFixed(0)} ms\n`,
    );
}
process.stdout.write(`best wall ${best.toFixed(0)} ms, cpu ${bestCpu.toFixed(0)} ms\n`);
