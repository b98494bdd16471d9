/**
 * Shape rules shared by every backend: rank 0-2 validation, numpy broadcasting and axis
 * normalization. Backends call these first so that they all reject the same inputs the same way.
 */
import { ShapeError } from '../errors.js';

/** Validates a rank 0-2 shape of non-negative integers and returns its element count. */
export function shapeSize(shape: readonly number[], what = 'shape'): number {
  if (shape.length > 2) {
    throw new ShapeError(
      `${what} [${shape.join(', ')}] has rank ${shape.length}; backends support rank 0, 1 or 2`,
    );
  }
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new ShapeError(`${what} [${shape.join(', ')}] has an invalid dimension ${d}`);
    n *= d;
  }
  return n;
}

/** Pads a rank 0-2 shape to `[rows, cols]` (a vector is one row, a scalar 1x1). */
export function asRowsCols(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0] as number];
  return [shape[0] as number, shape[1] as number];
}

/** Numpy broadcast of rank 0-2 shapes; throws ShapeError when two dimensions differ and neither is 1. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = new Array(rank).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const o = rank - s.length + k;
      const d = s[k] as number;
      const cur = out[o] as number;
      if (d === cur || d === 1) continue;
      if (cur === 1) out[o] = d;
      else
        throw new ShapeError(
          `cannot broadcast shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(' and ')}`,
        );
    }
  }
  return out;
}

/** Normalizes an axis (negative counts from the end) for a tensor of `rank`; throws ShapeError when out of range. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + r : axis;
}

/** Shape left after reducing `axis` (undefined: everything). */
export function reducedShape(shape: readonly number[], axis: number | undefined, op: string): number[] {
  if (axis === undefined || shape.length === 0) {
    if (axis !== undefined) normalizeAxis(axis, 0, op);
    return [];
  }
  const ax = normalizeAxis(axis, shape.length, op);
  return shape.filter((_, k) => k !== ax);
}

/** Result shape of a (possibly transposed) rank 1-2 matmul, numpy-style for vectors. */
export function matmulShape(
  a: readonly number[],
  b: readonly number[],
  transposeA = false,
  transposeB = false,
): { m: number; k: number; n: number; shape: number[] } {
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(`matmul needs rank 1 or 2 operands, got [${a.join(', ')}] and [${b.join(', ')}]`);
  }
  shapeSize(a, 'matmul operand');
  shapeSize(b, 'matmul operand');
  const [m, ka] =
    a.length === 1
      ? [1, a[0] as number]
      : transposeA
        ? [a[1] as number, a[0] as number]
        : [a[0] as number, a[1] as number];
  const [kb, n] =
    b.length === 1
      ? [b[0] as number, 1]
      : transposeB
        ? [b[1] as number, b[0] as number]
        : [b[0] as number, b[1] as number];
  if (ka !== kb) {
    throw new ShapeError(
      `matmul: inner dimensions differ (${ka} vs ${kb}) for shapes [${a.join(', ')}]${transposeA ? 'ᵀ' : ''} and [${b.join(', ')}]${transposeB ? 'ᵀ' : ''}`,
    );
  }
  const shape = a.length === 1 && b.length === 1 ? [] : a.length === 1 ? [n] : b.length === 1 ? [m] : [m, n];
  return { m, k: ka, n, shape };
}

/** Checks the two row sets of sqDistances / rbfKernel: both rank 2 with equal column counts. */
export function pairShape(
  a: readonly number[],
  b: readonly number[],
  op: string,
): { n: number; m: number; d: number } {
  if (a.length !== 2 || b.length !== 2 || a[1] !== b[1]) {
    throw new ShapeError(
      `${op} needs two matrices with the same number of columns, got [${a.join(', ')}] and [${b.join(', ')}]`,
    );
  }
  return { n: a[0] as number, m: b[0] as number, d: a[1] as number };
}

/** Throws ShapeError unless every index is an integer in [0, size). */
export function checkIndices(indices: ArrayLike<number>, size: number, op: string): void {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    if (!Number.isInteger(i) || i < 0 || i >= size) {
      throw new ShapeError(`${op}: index ${i} at position ${k} is out of range [0, ${size})`);
    }
  }
}
