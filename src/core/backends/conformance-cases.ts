/**
 * The backend conformance table, written once: every op of the Backend contract on seeded inputs,
 * each with a naive definitional reference (plain loops over number[]), and a checker that runs the
 * table on any Backend (built-in or user-provided) and reports mismatches beyond the tolerance of
 * its precision. Used by conformance.test.ts and usable on a custom backend before registerBackend.
 */
import type { Backend, Tensor } from '../backend.js';
import { Rng } from '../rng.js';
import { cpuBackend } from './cpu.js';

export type Shape = number[];
export interface Arr {
  data: number[];
  shape: Shape;
}

const size = (s: Shape) => s.reduce((a, b) => a * b, 1);

export function rand(rng: Rng, shape: Shape, lo = -2, hi = 2): Arr {
  return { data: Array.from({ length: size(shape) }, () => lo + (hi - lo) * rng.next()), shape };
}

/** Relative and absolute tolerance for comparisons on `b` (float32 devices: ~1e-4 relative). */
export function tolerance(b: Backend): { rel: number; abs: number } {
  return b.precision === 'float64' ? { rel: 1e-12, abs: 1e-12 } : { rel: 1e-4, abs: 1e-5 };
}

/** Throws unless `actual` matches `expected` within the backend's tolerance (`scale`: magnitude for the absolute part). */
export function assertClose(
  b: Backend,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  scale = 1,
): void {
  const { rel, abs } = tolerance(b);
  if (actual.length !== expected.length)
    throw new Error(`${b.name} ${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(e) && Number.isNaN(a)))
        throw new Error(`${b.name} ${what}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    const bound = abs * scale + rel * Math.max(Math.abs(e), scale);
    if (!(Math.abs(a - e) <= bound)) {
      throw new Error(
        `${b.name} ${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${bound})`,
      );
    }
  }
}

// ---------- naive definitional references ----------
const at = (x: Arr, i: number, j: number): number => {
  // value of x at output position (i, j) under numpy broadcasting of a rank<=2 array
  const [r, c] =
    x.shape.length === 0
      ? [1, 1]
      : x.shape.length === 1
        ? [1, x.shape[0] as number]
        : (x.shape as [number, number]);
  return x.data[(r === 1 ? 0 : i) * c + (c === 1 ? 0 : j)] as number;
};

export function bshape(...shapes: Shape[]): Shape | null {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Shape = [];
  for (let k = 0; k < rank; k++) {
    const dims = shapes.map((s) => s[s.length - rank + k] ?? 1);
    const big = dims.filter((d) => d !== 1);
    if (new Set(big).size > 1) return null;
    out.push(big[0] ?? 1);
  }
  return out;
}

export function refElementwise(xs: Arr[], f: (...v: number[]) => number): Arr {
  const shape = bshape(...xs.map((x) => x.shape)) as Shape;
  const [r, c] =
    shape.length === 0 ? [1, 1] : shape.length === 1 ? [1, shape[0] as number] : (shape as [number, number]);
  const data: number[] = [];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data.push(f(...xs.map((x) => at(x, i, j))));
  return { data, shape };
}

export function refMatmul(a: Arr, b: Arr, ta = false, tb = false): number[] {
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const A = (i: number, k: number) => (ta ? (a.data[k * ac + i] as number) : (a.data[i * ac + k] as number));
  const B = (k: number, j: number) => (tb ? (b.data[j * bc + k] as number) : (b.data[k * bc + j] as number));
  const m = ta ? ac : ar;
  const K = ta ? ar : ac;
  const n = tb ? br : bc;
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A(i, k) * B(k, j);
      out.push(s);
    }
  return out;
}

export function refSqDist(a: Arr, b: Arr): number[] {
  const d = a.shape[1] as number;
  const n = a.shape[0] as number;
  const m = b.shape[0] as number;
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += ((a.data[i * d + k] as number) - (b.data[j * d + k] as number)) ** 2;
      out.push(s);
    }
  return out;
}

export function rows(x: Arr): number[][] {
  const [r, c] = x.shape.length === 1 ? [1, x.shape[0] as number] : (x.shape as [number, number]);
  return Array.from({ length: r }, (_, i) => x.data.slice(i * c, i * c + c));
}

export function cols(x: Arr): number[][] {
  const [r, c] = x.shape as [number, number];
  return Array.from({ length: c }, (_, j) =>
    Array.from({ length: r }, (_, i) => x.data[i * c + j] as number),
  );
}

// ---------- helpers to run on a backend ----------
export const up = (b: Backend, x: Arr): Tensor => b.fromArray(x.data, x.shape);

export async function run(
  b: Backend,
  inputs: Arr[],
  f: (...t: Tensor[]) => Tensor,
): Promise<{ data: Float64Array; shape: readonly number[] }> {
  const ts = inputs.map((x) => up(b, x));
  const out = f(...ts);
  const data = await b.toArray(out);
  const shape = [...out.shape];
  b.dispose([...ts, out]);
  return { data, shape };
}

export interface Case {
  name: string;
  inputs: Arr[];
  op: (b: Backend, ...t: Tensor[]) => Tensor;
  ref: Arr | { data: number[]; shape: Shape };
  /** Magnitude for the absolute tolerance (e.g. sums over many terms). */
  scale?: number;
}

/** The op table: every op of the contract on fixed seeded inputs, with its naive reference result. */
export function conformanceCases(): Case[] {
  const rng = new Rng(7);
  const A = rand(rng, [5, 4]);
  const B = rand(rng, [4, 3]);
  const P = rand(rng, [5, 4], 0.1, 3);
  const row = rand(rng, [4]);
  const col = rand(rng, [5, 1]);
  const s = rand(rng, []);
  const big = rand(rng, [37, 23]);
  const big2 = rand(rng, [23, 29]);
  const X = rand(rng, [9, 3]);
  const Y = rand(rng, [6, 3]);
  const list: Case[] = [];
  const bin: [string, (b: Backend, x: Tensor, y: Tensor) => Tensor, (x: number, y: number) => number][] = [
    ['add', (b, x, y) => b.add(x, y), (x, y) => x + y],
    ['sub', (b, x, y) => b.sub(x, y), (x, y) => x - y],
    ['mul', (b, x, y) => b.mul(x, y), (x, y) => x * y],
    ['div', (b, x, y) => b.div(x, y), (x, y) => x / y],
    ['maximum', (b, x, y) => b.maximum(x, y), (x, y) => Math.max(x, y)],
    ['greater', (b, x, y) => b.greater(x, y), (x, y) => (x > y ? 1 : 0)],
  ];
  for (const [name, op, f] of bin) {
    for (const [label, x, y] of [
      ['same', A, P],
      ['row', A, row],
      ['col', A, col],
      ['scalar', s, A],
      ['outer', col, row],
    ] as [string, Arr, Arr][]) {
      list.push({
        name: `${name} ${label} [${x.shape}]x[${y.shape}]`,
        inputs: [x, y],
        op: (b, p, q) => op(b, p as Tensor, q as Tensor),
        ref: refElementwise([x, y], f),
      });
    }
  }
  const E = { data: [1, 2, 3, 2, 2, 0], shape: [2, 3] };
  const F = { data: [1, 2, 0], shape: [3] };
  list.push({
    name: 'equal',
    inputs: [E, F],
    op: (b, x, y) => b.equal(x as Tensor, y as Tensor),
    ref: refElementwise([E, F], (x, y) => (x === y ? 1 : 0)),
  });
  const cond = { data: [1, 0, 0, 1, 0], shape: [5, 1] };
  list.push({
    name: 'where col-cond',
    inputs: [cond, A, s],
    op: (b, c, x, y) => b.where(c as Tensor, x as Tensor, y as Tensor),
    ref: refElementwise([cond, A, s], (c, x, y) => (c !== 0 ? x : y)),
  });
  const un: [string, (b: Backend, x: Tensor) => Tensor, (x: number) => number, Arr][] = [
    ['neg', (b, x) => b.neg(x), (x) => -x, A],
    ['exp', (b, x) => b.exp(x), Math.exp, A],
    ['log', (b, x) => b.log(x), Math.log, P],
    ['sqrt', (b, x) => b.sqrt(x), Math.sqrt, P],
    ['abs', (b, x) => b.abs(x), Math.abs, A],
    [
      'sigmoid',
      (b, x) => b.sigmoid(x),
      (x) => 1 / (1 + Math.exp(-x)),
      { data: [-40, -3, 0, 2, 35], shape: [5] },
    ],
  ];
  for (const [name, op, f, x] of un)
    list.push({
      name,
      inputs: [x],
      op: (b, t) => op(b, t as Tensor),
      ref: { data: x.data.map(f), shape: x.shape },
    });
  const softRef = (x: Arr) =>
    rows(x).flatMap((r) => {
      const mx = Math.max(...r);
      const e = r.map((v) => Math.exp(v - mx));
      const z = e.reduce((p, q) => p + q, 0);
      return e.map((v) => v / z);
    });
  const S = { data: [1000, 1001, 999, -5, 0, 5], shape: [2, 3] };
  list.push({
    name: 'softmax matrix (large logits)',
    inputs: [S],
    op: (b, t) => b.softmax(t as Tensor),
    ref: { data: softRef(S), shape: [2, 3] },
  });
  list.push({
    name: 'softmax vector',
    inputs: [row],
    op: (b, t) => b.softmax(t as Tensor),
    ref: { data: softRef(row), shape: [4] },
  });
  const sum = (v: number[]) => v.reduce((p, q) => p + q, 0);
  const reds: [string, (v: number[]) => number, (b: Backend, x: Tensor, ax?: number) => Tensor][] = [
    ['sum', sum, (b, x, ax) => b.sum(x, ax)],
    ['max', (v) => Math.max(...v), (b, x, ax) => b.max(x, ax)],
    ['mean', (v) => sum(v) / v.length, (b, x, ax) => b.mean(x, ax)],
  ];
  for (const [name, f, op] of reds) {
    list.push({
      name: `${name} all`,
      inputs: [big],
      op: (b, t) => op(b, t as Tensor),
      ref: { data: [f(big.data)], shape: [] },
      scale: 30,
    });
    list.push({
      name: `${name} axis 0`,
      inputs: [big],
      op: (b, t) => op(b, t as Tensor, 0),
      ref: { data: cols(big).map(f), shape: [23] },
      scale: 10,
    });
    list.push({
      name: `${name} axis 1`,
      inputs: [big],
      op: (b, t) => op(b, t as Tensor, 1),
      ref: { data: rows(big).map(f), shape: [37] },
      scale: 10,
    });
    list.push({
      name: `${name} axis -1`,
      inputs: [big],
      op: (b, t) => op(b, t as Tensor, -1),
      ref: { data: rows(big).map(f), shape: [37] },
      scale: 10,
    });
    list.push({
      name: `${name} vector axis 0`,
      inputs: [row],
      op: (b, t) => op(b, t as Tensor, 0),
      ref: { data: [f(row.data)], shape: [] },
    });
  }
  const argmax = (v: number[]) => v.indexOf(Math.max(...v));
  list.push({
    name: 'argmax default axis',
    inputs: [big],
    op: (b, t) => b.argmax(t as Tensor),
    ref: { data: rows(big).map(argmax), shape: [37] },
  });
  list.push({
    name: 'argmax axis 0',
    inputs: [big],
    op: (b, t) => b.argmax(t as Tensor, 0),
    ref: { data: cols(big).map(argmax), shape: [23] },
  });
  list.push({
    name: 'argmax vector',
    inputs: [row],
    op: (b, t) => b.argmax(t as Tensor),
    ref: { data: [argmax(row.data)], shape: [] },
  });
  const idx = [3, 0, 3, 4];
  list.push({
    name: 'gather rows',
    inputs: [A],
    op: (b, t) => b.gather(t as Tensor, idx),
    ref: { data: idx.flatMap((i) => rows(A)[i] as number[]), shape: [4, 4] },
  });
  list.push({
    name: 'gather vector',
    inputs: [row],
    op: (b, t) => b.gather(t as Tensor, [2, 2, 0]),
    ref: { data: [2, 2, 0].map((i) => row.data[i] as number), shape: [3] },
  });
  list.push({
    name: 'transpose',
    inputs: [A],
    op: (b, t) => b.transpose(t as Tensor),
    ref: { data: cols(A).flat(), shape: [4, 5] },
  });
  const At = { data: cols(A).flat(), shape: [4, 5] };
  const Bt = { data: cols(B).flat(), shape: [3, 4] };
  list.push({
    name: 'matmul',
    inputs: [A, B],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor),
    ref: { data: refMatmul(A, B), shape: [5, 3] },
    scale: 4,
  });
  list.push({
    name: 'matmul transposeA',
    inputs: [At, B],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor, { transposeA: true }),
    ref: { data: refMatmul(A, B), shape: [5, 3] },
    scale: 4,
  });
  list.push({
    name: 'matmul transposeB',
    inputs: [A, Bt],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor, { transposeB: true }),
    ref: { data: refMatmul(A, B), shape: [5, 3] },
    scale: 4,
  });
  list.push({
    name: 'matmul both transposed',
    inputs: [At, Bt],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor, { transposeA: true, transposeB: true }),
    ref: { data: refMatmul(A, B), shape: [5, 3] },
    scale: 4,
  });
  list.push({
    name: 'matmul 37x23 @ 23x29 (blocked path)',
    inputs: [big, big2],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor),
    ref: { data: refMatmul(big, big2), shape: [37, 29] },
    scale: 20,
  });
  list.push({
    name: 'matmul matrix @ vector',
    inputs: [A, row],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor),
    ref: { data: refMatmul(A, { data: row.data, shape: [4, 1] }), shape: [5] },
    scale: 4,
  });
  list.push({
    name: 'matmul vector @ matrix',
    inputs: [row, B],
    op: (b, x, y) => b.matmul(x as Tensor, y as Tensor),
    ref: { data: refMatmul({ data: row.data, shape: [1, 4] }, B), shape: [3] },
    scale: 4,
  });
  list.push({
    name: 'sqDistances',
    inputs: [X, Y],
    op: (b, x, y) => b.sqDistances(x as Tensor, y as Tensor),
    ref: { data: refSqDist(X, Y), shape: [9, 6] },
    scale: 10,
  });
  list.push({
    name: 'rbfKernel',
    inputs: [X, Y],
    op: (b, x, y) => b.rbfKernel(x as Tensor, y as Tensor, 0.3),
    ref: { data: refSqDist(X, Y).map((d) => Math.exp(-0.3 * d)), shape: [9, 6] },
  });
  list.push({
    name: 'scalar creation',
    inputs: [],
    op: (b) => b.scalar(2.5),
    ref: { data: [2.5], shape: [] },
  });
  return list;
}

/** Runs one case on `b` and throws on a shape or value mismatch (vs the naive reference, and vs `reference` when given). */
export async function runCase(b: Backend, c: Case, reference?: Backend): Promise<void> {
  const got = await run(b, c.inputs, (...t) => c.op(b, ...t));
  if (got.shape.join() !== c.ref.shape.join() || got.shape.length !== c.ref.shape.length) {
    throw new Error(
      `${b.name} ${c.name}: shape [${got.shape.join(', ')}], expected [${c.ref.shape.join(', ')}]`,
    );
  }
  assertClose(b, got.data, c.ref.data, c.name, c.scale ?? 1);
  if (reference && reference !== b) {
    const ref = await run(reference, c.inputs, (...t) => c.op(reference, ...t));
    assertClose(b, got.data, ref.data, `${c.name} vs ${reference.name}`, c.scale ?? 1);
  }
}

/** Runs the whole table on `b` (compared to the references and to the cpu backend); returns the failures. */
export async function checkBackendConformance(b: Backend): Promise<{ op: string; error: string }[]> {
  const failures: { op: string; error: string }[] = [];
  for (const c of conformanceCases()) {
    try {
      await runCase(b, c, cpuBackend);
    } catch (e) {
      failures.push({ op: c.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return failures;
}
