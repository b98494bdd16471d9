/**
 * Summarizes the newest .cpuprofile in a folder (written by `node --cpu-prof` or by
 * benchmarks/profile/cold.mjs): self time per function, top 15, or with `--inclusive` each
 * function with everything it called, top 40. WebAssembly frames are named by their kernels.wasm
 * export.
 *
 *   PROFILE=warm OUT=/tmp/prof/p.cpuprofile node benchmarks/profile/cold.mjs SVC 20000 cpu
 *   node --import tsx benchmarks/profile/summarize.ts /tmp/prof [--inclusive]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
if (!args[0]) throw new Error('usage: summarize.ts DIR [--inclusive]');
summarize(args[0], args.includes('--inclusive'));
