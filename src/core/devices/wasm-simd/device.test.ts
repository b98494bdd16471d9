/**
 * The wasm-simd device as the rest of autolearn sees it: it loads here, availableDevices() reports
 * the per-kernel choice of cpu and wasm-simd, and that report is what getKernels hands out.
 */
import { describe, expect, it } from 'vitest';
import { availableDevices } from '../../devices.js';
import { CPU_LOSS_SPLIT, SIMD_LOSS_MIN_VALUES } from '../../kernels/cpu-choice.js';
import { KERNEL_NAMES } from '../../kernels/index.js';
import { CPU_FROM_SIMD, getKernels, referenceKernelSet } from '../../kernels/registry.js';
import { setThreadCap } from '../../worker.js';
import { backgroundCompile } from './heap.js';
import { simdModuleProblem } from './index.js';

describe('wasm-simd device', () => {
  it('loads here: SIMD validates and kernels.wasm is built', () => {
    expect(simdModuleProblem()).toBeNull();
    expect(availableDevices().find((d) => d.name === 'wasm-simd')?.available).toBe(true);
  });

  it('compiles kernels.wasm in the background when it loads, so a first fit does not wait for it', async () => {
    expect(await backgroundCompile).toBe(true);
  });

  it('availableDevices() says which implementation serves each kernel, as getKernels does', async () => {
    const info = availableDevices();
    const cpu = info.find((d) => d.name === 'cpu')?.kernels;
    const simd = info.find((d) => d.name === 'wasm-simd')?.kernels;
    expect(cpu).toEqual((await getKernels('cpu')).implementation);
    expect(simd).toEqual((await getKernels('wasm-simd')).implementation);
    for (const k of KERNEL_NAMES) {
      expect(simd?.[k]).toBe('wasm-simd');
      expect(cpu?.[k]).toBe(
        k === 'prepareLinearLoss' ? CPU_LOSS_SPLIT : CPU_FROM_SIMD.includes(k) ? 'wasm-simd' : 'ts',
      );
    }
  });

  it("cpu's cross-entropy is SIMD's, on one thread or on threads, and the reference's when the problem is tiny", async () => {
    const cpu = await getKernels('cpu');
    const simd = await getKernels('wasm-simd');
    const n = 700; // 4,900 values: above SIMD_LOSS_MIN_VALUES
    const d = 7;
    const X = {
      rows: n,
      cols: d,
      data: Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 1.7) * 3),
    };
    const y = Int32Array.from({ length: n }, (_, i) => i % 3);
    const w = Float64Array.from({ length: 3 * d + 3 }, (_, i) => Math.cos(i) * 0.2);
    // the value and the gradient (the gradient's sums are what tell the two apart)
    const value = async (k: typeof cpu, threads: number) => {
      const p = k.prepareLinearLoss({ X, y, k: 3, fitIntercept: true, sampleWeight: null, threads });
      try {
        const grad = new Float64Array(w.length);
        const v = await p.valueAndGrad(w, grad);
        return [v, ...grad];
      } finally {
        p.dispose();
      }
    };
    expect(await value(cpu, 1)).toEqual(await value(simd, 1));
    // the two sum in different orders, so the comparisons tell them apart
    expect(await value(simd, 1)).not.toEqual(await value(referenceKernelSet, 1));
    // with threads: SIMD's kernel (one pass, or split over the pool once a thread has booted)
    const threaded = await value(cpu, 2);
    const one = await value(simd, 1);
    threaded.forEach((v, i) => {
      expect(Math.abs(v - (one[i] as number))).toBeLessThan(1e-12 * Math.max(1, Math.abs(v)));
    });
    expect(threaded).not.toEqual(await value(referenceKernelSet, 1));
    // asking for threads that the thread cap takes away is one thread: SIMD again
    setThreadCap(1);
    try {
      expect(await value(cpu, 2)).toEqual(await value(simd, 1));
    } finally {
      setThreadCap(Number.POSITIVE_INFINITY);
    }
    // a mini-batch is SIMD's too; only a tiny problem (fewer values than SIMD_LOSS_MIN_VALUES) stays on the reference
    const once = async (k: typeof cpu, rows: number) => {
      const small = { rows, cols: d, data: X.data.subarray(0, rows * d) };
      const p = k.prepareLinearLoss({
        X: small,
        y: y.subarray(0, rows),
        k: 3,
        fitIntercept: true,
        sampleWeight: null,
      });
      const grad = new Float64Array(w.length);
      const v = await p.valueAndGrad(w, grad);
      p.dispose();
      // the gradient tells the two apart on so few rows (their values often agree)
      return [v, ...grad];
    };
    expect(20 * d).toBeGreaterThanOrEqual(SIMD_LOSS_MIN_VALUES);
    expect(await once(cpu, 20)).toEqual(await once(simd, 20));
    expect(await once(simd, 20)).not.toEqual(await once(referenceKernelSet, 20));
    expect(18 * d).toBeLessThan(SIMD_LOSS_MIN_VALUES);
    expect(await once(cpu, 18)).toEqual(await once(referenceKernelSet, 18));
    expect(await once(simd, 18)).not.toEqual(await once(referenceKernelSet, 18));
  });
});
