/**
 * Op benchmark across every device that loads here: matmul and rbfKernel on 2000x20 row sets
 * (the shape of an SVM kernel block), plus a 1000x1000 square matmul.
 * Times include the download of the result (await toArray), so GPU devices are not flattered.
 *
 *   node --import tsx benchmarks/ops.ts [--repeat 5] [--devices cpu,wasm]
 */
import { availableDevices, type Backend, getBackend, Rng, type Tensor } from '../src/core/index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const repeat = Number(arg('repeat') ?? 5);
const only = arg('devices')?.split(',');

function randomData(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

/** Median wall time (ms) of `repeat` runs after one warm-up run. */
async function time(b: Backend, f: () => Tensor): Promise<number> {
  const warm = f();
  await b.toArray(warm);
  b.dispose(warm);
  const ms: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const out = f();
    await b.toArray(out);
    ms.push(performance.now() - t0);
    b.dispose(out);
  }
  ms.sort((x, y) => x - y);
  return ms[Math.floor(ms.length / 2)] as number;
}

const rng = new Rng(1);
const n = 2000;
const d = 20;
const A = randomData(rng, n * d);
const B = randomData(rng, n * d);
const S = 1000;
const Q = randomData(rng, S * S);

const rows: string[][] = [];
const unavailable: string[] = [];
for (const info of availableDevices()) {
  if (only && !only.includes(info.name)) continue;
  if (!info.available) {
    unavailable.push(`${info.name}: ${info.reason}`);
    continue;
  }
  const b = await getBackend(info.name);
  const a = b.fromArray(A, [n, d]);
  const bb = b.fromArray(B, [n, d]);
  const q = b.fromArray(Q, [S, S]);
  const mm = await time(b, () => b.matmul(a, bb, { transposeB: true }));
  const rbf = await time(b, () => b.rbfKernel(a, bb, 0.05));
  const sq = await time(b, () => b.matmul(q, q));
  b.dispose([a, bb, q]);
  const gflops = (flops: number, ms: number) => (flops / ms / 1e6).toFixed(2);
  rows.push([
    info.name,
    info.precision,
    mm.toFixed(1),
    gflops(2 * n * n * d, mm),
    rbf.toFixed(1),
    sq.toFixed(1),
    gflops(2 * S * S * S, sq),
  ]);
}

const header = [
  'device',
  'precision',
  'matmul 2000x20·20x2000 ms',
  'GFLOP/s',
  'rbfKernel 2000x20 vs 2000x20 ms',
  'matmul 1000² ms',
  'GFLOP/s',
];
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
const line = (r: string[]) =>
  `| ${r.map((c, k) => (k < 2 ? c.padEnd(widths[k] as number) : c.padStart(widths[k] as number))).join(' | ')} |`;
console.log(
  `median of ${repeat} runs after a warm-up, result download included (node ${process.version}, ${process.platform}-${process.arch})`,
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
if (unavailable.length) console.log(`\nnot available here:\n  ${unavailable.join('\n  ')}`);
