/** Helpers of the webgpu kernel tests: seeded data, a float32-tolerance comparison, availability. */
import { expect } from 'vitest';
import { availableDeviceNames } from '../../../devices.js';
import type { DenseMatrix } from '../../../kernels/contract.js';

export const HAS_WEBGPU = availableDeviceNames().includes('webgpu');

/** Seeded uniform [0, 1) generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rows x cols of uniform values in [-1, 1). */
export function matrix(r: () => number, rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => 2 * r() - 1) };
}

/** Every |got - want| <= tol * (1 + |want|) (the conformance suite's rule). */
export function closeTo(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const a = got[i] as number;
    const b = want[i] as number;
    if (!(Math.abs(a - b) <= tol * (1 + Math.abs(b)))) bad.push(`[${i}] ${a} vs ${b}`);
  }
  expect(bad.slice(0, 5)).toEqual([]);
}
