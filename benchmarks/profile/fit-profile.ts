/**
 * Fits one model on a benchmark data set so that `node --cpu-prof` can record where the time goes,
 * then summarizes the newest .cpuprofile in the working directory (self time per function, top 15).
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx benchmarks/profile/fit-profile.ts SVC syn20k
 *   node --import tsx benchmarks/profile/fit-profile.ts --summarize /tmp/prof [--inclusive]
 *
 * `--inclusive` ranks by inclusive time (each function with everything it called), top 40.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/core/matrix.js';
import { makeClassification } from '../../src/datasets/make-classification.js';
import { StandardScaler } from '../../src/datasets/scalers.js';
import { RandomForestClassifier } from '../../src/models/forest/index.js';
import { LogisticRegression } from '../../src/models/logistic/index.js';
import { GaussianNB } from '../../src/models/naive-bayes/index.js';
import { SVC } from '../../src/models/svc/index.js';
import { DecisionTreeClassifier } from '../../src/models/tree/index.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Export names of kernels.wasm by function index (the index space V8's `wasm-function[i]` uses,
 * imports first), read from the module's export section; internal functions stay unnamed.
 */
function wasmFunctionNames(): Map<number, string> {
  const names = new Map<number, string>();
  const file = new URL('../../src/core/devices/wasm-simd/kernels.wasm', import.meta.url);
  let b: Uint8Array;
  try {
    b = readFileSync(file);
  } catch {
    return names;
  }
  let at = 8;
  const u32 = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const byte = b[at++] as number;
      v |= (byte & 0x7f) << shift;
      if (byte < 0x80) return v >>> 0;
      shift += 7;
    }
  };
  const str = (): string => {
    const len = u32();
    const s = Buffer.from(b.subarray(at, at + len)).toString('utf8');
    at += len;
    return s;
  };
  while (at < b.length) {
    const id = b[at++] as number;
    const size = u32();
    const end = at + size;
    if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const name = str();
        const kind = b[at++] as number;
        const index = u32();
        if (kind === 0) names.set(index, name);
      }
    }
    at = end;
  }
  return names;
}

function summarize(dir: string, inclusive = false): void {
  const wasmNames = wasmFunctionNames();
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`no .cpuprofile in ${dir}`);
  const p = JSON.parse(readFileSync(newest, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode): string => {
    const url = n.callFrame.url.replace(/^.*\/(src|node_modules|dist)\//, '$1/');
    const wasm = /^wasm-function\[(\d+)\]$/.exec(n.callFrame.functionName);
    if (wasm) {
      const name = wasmNames.get(Number(wasm[1]));
      return `wasm ${name ?? `internal function ${wasm[1]}`} (kernels.wasm)`;
    }
    return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    // self time: the sampled frame; inclusive: every distinct frame on its stack
    const keys = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = inclusive ? parent.get(at) : undefined)
      keys.add(keyOf(byId.get(at)!));
    for (const key of keys) self.set(key, (self.get(key) ?? 0) + dt);
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, inclusive ? 40 : 15);
  process.stdout.write(`${newest}: ${(total / 1e6).toFixed(2)} s sampled\n`);
  for (const [k, v] of rows) process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--summarize') {
  summarize(args[1] ?? '.', args.includes('--inclusive'));
} else {
  const [model = 'SVC', dataset = 'syn20k'] = args;
  const n = dataset === 'syn100k' ? 100_000 : 20_000;
  const d = makeClassification({
    nSamples: n,
    nFeatures: 20,
    nInformative: 10,
    nRedundant: 2,
    nClasses: 3,
    seed: 0,
  });
  const nTr = Math.floor(n * 0.7);
  const Xtr: Matrix = { rows: nTr, cols: 20, data: d.X.data.slice(0, nTr * 20) };
  const ytr = Array.from(d.y.subarray(0, nTr));
  const X = new StandardScaler().fit(Xtr).transform(Xtr);
  const models = {
    SVC: () => new SVC({ nJobs: 1 }),
    LogisticRegression: () => new LogisticRegression(),
    DecisionTree: () => new DecisionTreeClassifier(),
    RandomForest: () => new RandomForestClassifier({ nJobs: 1 }),
    GaussianNB: () => new GaussianNB(),
  } as const;
  const make = models[model as keyof typeof models];
  if (!make) throw new Error(`unknown model ${model}; one of ${Object.keys(models).join(', ')}`);
  const t0 = performance.now();
  await make().fit(X, ytr);
  process.stdout.write(
    `${model} fit on ${dataset} (${nTr} x 20): ${((performance.now() - t0) / 1000).toFixed(2)} s\n`,
  );
}
