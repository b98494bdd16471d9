// Peak memory of one fit on a 700k x 20 float64 matrix (112 MB): rss before the fit, the peak
// during it (process rss sampled every 2 ms, and VmHWM from /proc/self/status after resetting it
// through /proc/self/clear_refs, Linux only), and the fit time.
// Usage, after `npm run build`:
//   node --expose-gc benchmarks/profile/fit-memory.mjs <GNB|LR|DT> <cpu|wasm-simd> [n] [distDir]
import { readFileSync, writeFileSync } from 'node:fs';

const [model = 'GNB', device = 'cpu', rows = '700000', distArg] = process.argv.slice(2);
const lib = distArg ? `file://${distArg.replace(/\/?$/, '/')}` : new URL('../../dist/', import.meta.url).href;
const { getBackend } = await import(`${lib}core/devices.js`);
const mods = {
  LR: ['logistic', 'LogisticRegression', {}],
  DT: ['tree', 'DecisionTreeClassifier', {}],
  GNB: ['naive-bayes', 'GaussianNB', {}],
};
const [dir, cls, params] = mods[model];
const Ctor = (await import(`${lib}models/${dir}/index.js`))[cls];
await getBackend(device);
const n = Number(rows);
const d = 20;
const X = new Float64Array(n * d);
let s = 1;
for (let i = 0; i < X.length; i++) {
  s = (s * 16807) % 2147483647;
  X[i] = s / 2147483647 - 0.5;
}
const y = new Array(n);
for (let i = 0; i < n; i++) y[i] = (X[i * d] + X[i * d + 1] > 0 ? 1 : 0) + (X[i * d + 2] > 0.3 ? 1 : 0);
globalThis.gc?.();
const hwm = () => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
};
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {}
const base = process.memoryUsage();
let peak = 0;
const t = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 2);
const m = new Ctor(params);
m.setUp({}, device);
const t0 = performance.now();
await m.fit({ rows: n, cols: d, data: X }, y);
const ms = performance.now() - t0;
clearInterval(t);
const mu = process.memoryUsage();
peak = Math.max(peak, mu.rss);
const hw = hwm();
const mb = (b) => (b / 1e6).toFixed(0);
console.log(
  `${model} ${device}: fit ${ms.toFixed(0)} ms; rss before ${mb(base.rss)} MB, peak ${mb(peak)} MB (VmHWM ${mb(hw)} MB), ` +
    `extra ${mb(Math.max(peak, hw) - base.rss)} MB = ${((Math.max(peak, hw) - base.rss) / X.byteLength).toFixed(2)} x X (${mb(X.byteLength)} MB)`,
);
process.exit(0);
