/** WGSL tree kernels: edge rounding, exact fixed-point histograms, the device-resident histogram problem. */
import { describe, expect, it } from 'vitest';
import { getGpu } from './gpu.js';
import { HAS_WEBGPU, rng } from './test-utils/index.js';
import { floor32, webgpuTree } from './tree.js';

describe('floor32', () => {
  it('is the largest float32 at or below t', () => {
    const r = rng(5);
    for (let k = 0; k < 2000; k++) {
      const t = (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6);
      const f = floor32(t);
      expect(Math.fround(f)).toBe(f);
      expect(f <= t).toBe(true);
      // the next float32 up is above t
      const up = new Float32Array([f]);
      const u = new Int32Array(up.buffer);
      u[0] = f > 0 || Object.is(f, 0) ? (u[0] as number) + 1 : f === 0 ? 1 : (u[0] as number) - 1;
      expect((up[0] as number) > t).toBe(true);
    }
    expect(floor32(1e39)).toBe(3.4028234663852886e38);
    expect(floor32(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(floor32(-1e-50) < 0).toBe(true);
  });
});

describe.runIf(HAS_WEBGPU)('webgpu tree kernels', () => {
  it('classHistogram: resident codes, labels and weights; changed weights; one-feature views', async () => {
    const tree = webgpuTree(await getGpu());
    const r = rng(9);
    const n = 40;
    const d = 2;
    const K = 2;
    const codes = Uint8Array.from({ length: n * d }, () => Math.floor(r() * 5));
    const b = { n, d, codes, nBins: Int32Array.from([5, 5]) };
    const y = Int32Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1));
    const weights = Float64Array.from({ length: n }, () => Math.floor(r() * 3));
    const rows = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const want = (w: Float64Array, s: number, e: number) => {
      const out = new Float64Array(d * 256 * K);
      for (let i = s; i < e; i++) {
        const row = rows[i] as number;
        for (let f = 0; f < d; f++)
          out[(f * 256 + (codes[f * n + row] as number)) * K + (y[row] as number)] += w[row] as number;
      }
      return out;
    };
    for (const [s, e] of [
      [0, n],
      [5, 17],
    ] as const) {
      const out = new Float64Array(d * 256 * K);
      await tree.classHistogram(b, y, weights, K, rows, s, e, out);
      expect(out).toEqual(want(weights, s, e));
    }
    weights[rows[6] as number] = 7.5; // changed in place: the device copy must follow
    const out = new Float64Array(d * 256 * K);
    await tree.classHistogram(b, y, weights, K, rows, 5, 17, out);
    expect(out).toEqual(want(weights, 5, 17));
    // the splitter's pattern: one-feature views of the same codes, alternating with a count channel
    const ones = new Float64Array(n).fill(1);
    for (const f of [1, 0, 1]) {
      const view = { n, d: 1, codes: codes.subarray(f * n, (f + 1) * n), nBins: b.nBins.subarray(f, f + 1) };
      for (const w of [weights, null]) {
        const got = new Float64Array(256 * K);
        await tree.classHistogram(view, y, w, K, rows, 3, 31, got);
        const all = want(w ?? ones, 3, 31);
        expect(got).toEqual(all.subarray(f * 256 * K, (f + 1) * 256 * K));
      }
    }
  });
});
