/** The WebGPU device helpers: errors become DeviceError, the pipeline cache, multi-buffer read back. */
import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../errors.js';
import { FLAT_INDEX, getGpu, rowChunks, WG } from './gpu.js';
import { HAS_WEBGPU } from './test-utils/index.js';

describe('rowChunks', () => {
  it('covers every row with at most 64 chunks', () => {
    for (const n of [0, 1, 127, 128, 129, 8191, 8192, 100_003]) {
      const { chunks, chunk } = rowChunks(n);
      expect(chunks).toBeLessThanOrEqual(64);
      expect(chunks * chunk).toBeGreaterThanOrEqual(n);
      expect((chunks - 1) * chunk).toBeLessThan(Math.max(1, n));
    }
  });
});

describe.runIf(HAS_WEBGPU)('Gpu', () => {
  const IOTA = `
@group(0) @binding(0) var<storage, read_write> O: array<u32>;
${FLAT_INDEX}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t < arrayLength(&O)) { O[t] = t * 3u; }
}`;

  it('runs a 2-D grid past 65535 workgroups and reads several buffers back', async () => {
    const gpu = await getGpu();
    const n = 65536 * WG + 5;
    const a = gpu.storage(n * 4);
    const b = gpu.upload(Int32Array.from([7, 8, 9]));
    const [ra, rb] = await gpu.run(
      (enc) => gpu.dispatch(enc, IOTA, [a], gpu.grid(n)),
      [
        [a, n * 4],
        [b, 12],
      ],
      [a, b],
    );
    const o = new Uint32Array(ra as ArrayBuffer);
    expect([o[0], o[1], o[n - 1]]).toEqual([0, 3, (n - 1) * 3]);
    expect(Array.from(new Int32Array(rb as ArrayBuffer))).toEqual([7, 8, 9]);
    expect(gpu.pipeline(IOTA)).toBe(gpu.pipeline(IOTA));
  });

  it('a validation error or an oversized buffer is a DeviceError', async () => {
    const gpu = await getGpu();
    const small = gpu.storage(16);
    const bad = `@group(0) @binding(0) var<storage, read_write> O: array<u32>;
@compute @workgroup_size(1) fn main() { O[0] = undefinedName; }`;
    await expect(gpu.run((enc) => gpu.dispatch(enc, bad, [small], [1]))).rejects.toBeInstanceOf(DeviceError);
    expect(() => gpu.storage(gpu.device.limits.maxStorageBufferBindingSize + 16)).toThrow(DeviceError);
    small.destroy();
  });
});
