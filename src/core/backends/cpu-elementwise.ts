/**
 * Pure typed-array element-wise kernels of the `cpu` backend: broadcasting binary ops, `where`,
 * unary maps and axis reductions over rank 0-2 row-major Float64Arrays. The op switch sits outside
 * the inner loop, so every inner loop is a tight monomorphic pass.
 */
import { ShapeError } from '../errors.js';
import { asRowsCols, broadcastShapes, normalizeAxis } from './shape.js';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'greater' | 'equal';
export type UnaryOp = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sigmoid';
export type ReduceOp = 'sum' | 'max' | 'mean';

/** A row-major array with its rank 0-2 shape. */
export interface Shaped {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

interface Plan {
  rows: number;
  cols: number;
  /** Row and column strides of each input (0 where broadcast). */
  rs: number[];
  cs: number[];
}

function plan(shapes: (readonly number[])[], out: readonly number[]): Plan {
  let [rows, cols] = asRowsCols(out);
  const rs: number[] = [];
  const cs: number[] = [];
  for (const s of shapes) {
    const [r, c] = asRowsCols(s);
    rs.push(r === 1 ? 0 : c);
    cs.push(c === 1 && cols !== 1 ? 0 : 1);
  }
  // Inputs that are all either full-shape or scalars: one flat row.
  if (rows > 1 && rs.every((r, k) => (r === cols && cs[k] === 1) || (r === 0 && cs[k] === 0))) {
    cols *= rows;
    rows = 1;
  }
  return { rows, cols, rs, cs };
}

function binaryRow(
  op: BinaryOp,
  a: Float64Array,
  ao: number,
  as: number,
  b: Float64Array,
  bo: number,
  bs: number,
  o: Float64Array,
  oo: number,
  n: number,
): void {
  switch (op) {
    case 'add':
      for (let j = 0; j < n; j++) o[oo + j] = (a[ao + j * as] as number) + (b[bo + j * bs] as number);
      return;
    case 'sub':
      for (let j = 0; j < n; j++) o[oo + j] = (a[ao + j * as] as number) - (b[bo + j * bs] as number);
      return;
    case 'mul':
      for (let j = 0; j < n; j++) o[oo + j] = (a[ao + j * as] as number) * (b[bo + j * bs] as number);
      return;
    case 'div':
      for (let j = 0; j < n; j++) o[oo + j] = (a[ao + j * as] as number) / (b[bo + j * bs] as number);
      return;
    case 'maximum':
      for (let j = 0; j < n; j++) {
        const x = a[ao + j * as] as number;
        const y = b[bo + j * bs] as number;
        o[oo + j] = x > y || Number.isNaN(x) ? x : y;
      }
      return;
    case 'greater':
      for (let j = 0; j < n; j++) o[oo + j] = (a[ao + j * as] as number) > (b[bo + j * bs] as number) ? 1 : 0;
      return;
    case 'equal':
      for (let j = 0; j < n; j++)
        o[oo + j] = (a[ao + j * as] as number) === (b[bo + j * bs] as number) ? 1 : 0;
      return;
  }
}

/** Broadcasting binary op (numpy rules). */
export function binaryImpl(op: BinaryOp, a: Shaped, b: Shaped): Shaped {
  const shape = broadcastShapes(a.shape, b.shape);
  const p = plan([a.shape, b.shape], shape);
  const out = new Float64Array(p.rows * p.cols);
  const [ars, brs] = p.rs as [number, number];
  const [acs, bcs] = p.cs as [number, number];
  for (let i = 0; i < p.rows; i++)
    binaryRow(op, a.data, i * ars, acs, b.data, i * brs, bcs, out, i * p.cols, p.cols);
  return { data: out, shape };
}

/** cond != 0 ? a : b, broadcasting all three. */
export function whereImpl(cond: Shaped, a: Shaped, b: Shaped): Shaped {
  const shape = broadcastShapes(cond.shape, a.shape, b.shape);
  const p = plan([cond.shape, a.shape, b.shape], shape);
  const out = new Float64Array(p.rows * p.cols);
  const [crs, ars, brs] = p.rs as [number, number, number];
  const [ccs, acs, bcs] = p.cs as [number, number, number];
  const c = cond.data;
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < p.rows; i++) {
    const co = i * crs;
    const ao = i * ars;
    const bo = i * brs;
    const oo = i * p.cols;
    for (let j = 0; j < p.cols; j++)
      out[oo + j] = c[co + j * ccs] !== 0 ? (x[ao + j * acs] as number) : (y[bo + j * bcs] as number);
  }
  return { data: out, shape };
}

/** Element-wise unary map into a new array. */
export function unaryImpl(op: UnaryOp, a: Float64Array): Float64Array {
  const n = a.length;
  const o = new Float64Array(n);
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) o[i] = -(a[i] as number);
      break;
    case 'exp':
      for (let i = 0; i < n; i++) o[i] = Math.exp(a[i] as number);
      break;
    case 'log':
      for (let i = 0; i < n; i++) o[i] = Math.log(a[i] as number);
      break;
    case 'sqrt':
      for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i] as number);
      break;
    case 'abs':
      for (let i = 0; i < n; i++) o[i] = Math.abs(a[i] as number);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = a[i] as number;
        // Stable on both tails: never exp of a large positive number.
        if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          o[i] = e / (1 + e);
        }
      }
      break;
  }
  return o;
}

/** sum / max / mean along `axis` (undefined: all elements, giving a scalar). */
export function reduceImpl(op: ReduceOp, a: Shaped, axis?: number): Shaped {
  const d = a.data;
  if (axis === undefined || a.shape.length <= 1) {
    if (axis !== undefined) normalizeAxis(axis, a.shape.length, op);
    let s = op === 'max' ? Number.NEGATIVE_INFINITY : 0;
    if (op === 'max') {
      for (let i = 0; i < d.length; i++) {
        const v = d[i] as number;
        if (v > s || Number.isNaN(v)) s = v;
      }
    } else {
      for (let i = 0; i < d.length; i++) s += d[i] as number;
      if (op === 'mean') s /= d.length;
    }
    return { data: Float64Array.of(s), shape: [] };
  }
  const ax = normalizeAxis(axis, 2, op);
  const [rows, cols] = a.shape as [number, number];
  if (ax === 1) {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      let s = op === 'max' ? Number.NEGATIVE_INFINITY : 0;
      if (op === 'max') {
        for (let j = 0; j < cols; j++) {
          const v = d[r + j] as number;
          if (v > s || Number.isNaN(v)) s = v;
        }
      } else {
        for (let j = 0; j < cols; j++) s += d[r + j] as number;
        if (op === 'mean') s /= cols;
      }
      out[i] = s;
    }
    return { data: out, shape: [rows] };
  }
  const out = new Float64Array(cols);
  if (op === 'max') {
    out.fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = d[r + j] as number;
        if (v > (out[j] as number) || Number.isNaN(v)) out[j] = v;
      }
    }
  } else {
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + (d[r + j] as number);
    }
    if (op === 'mean') for (let j = 0; j < cols; j++) out[j] = (out[j] as number) / rows;
  }
  return { data: out, shape: [cols] };
}

/** Index of the first maximum along `axis` (default: the last axis), as float values. */
export function argmaxImpl(a: Shaped, axis?: number): Shaped {
  const rank = a.shape.length;
  if (rank === 0) throw new ShapeError('argmax needs a rank 1 or 2 tensor, got a scalar');
  const ax = normalizeAxis(axis ?? rank - 1, rank, 'argmax');
  const d = a.data;
  const [rows, cols] = rank === 1 ? [1, a.shape[0] as number] : (a.shape as [number, number]);
  const along = rank === 1 || ax === 1 ? cols : rows;
  if (along === 0) throw new ShapeError(`argmax along an empty axis (shape [${a.shape.join(', ')}])`);
  if (rank === 1 || ax === 1) {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const r = i * cols;
      let best = 0;
      let mx = d[r] as number;
      for (let j = 1; j < cols; j++) {
        const v = d[r + j] as number;
        if (v > mx || (Number.isNaN(v) && !Number.isNaN(mx))) {
          mx = v;
          best = j;
        }
      }
      out[i] = best;
    }
    return { data: out, shape: rank === 1 ? [] : [rows] };
  }
  const out = new Float64Array(cols);
  const mx = d.slice(0, cols);
  for (let i = 1; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = d[r + j] as number;
      if (v > (mx[j] as number)) {
        mx[j] = v;
        out[j] = i;
      }
    }
  }
  return { data: out, shape: [cols] };
}

/** Rows of a matrix (entries of a vector) at `indices`; throws ShapeError on an index out of range. */
export function gatherImpl(a: Shaped, indices: ArrayLike<number>): Shaped {
  const rank = a.shape.length;
  if (rank === 0) throw new ShapeError('gather needs a rank 1 or 2 tensor, got a scalar');
  const rows = a.shape[0] as number;
  const cols = rank === 2 ? (a.shape[1] as number) : 1;
  const n = indices.length;
  const out = new Float64Array(n * cols);
  for (let k = 0; k < n; k++) {
    const i = indices[k] as number;
    if (!Number.isInteger(i) || i < 0 || i >= rows) {
      throw new ShapeError(`gather: index ${i} at position ${k} is out of range [0, ${rows})`);
    }
    if (cols === 1) out[k] = a.data[i] as number;
    else out.set(a.data.subarray(i * cols, i * cols + cols), k * cols);
  }
  return { data: out, shape: rank === 2 ? [n, cols] : [n] };
}
