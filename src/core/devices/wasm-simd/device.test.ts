/**
 * The wasm-simd device as the rest of autolearn sees it: it loads here, availableDevices() reports
 * the per-kernel choice of cpu and wasm-simd, and that report is what getKernels hands out.
 */
import { describe, expect, it } from 'vitest';
import { availableDevices } from '../../devices.js';
import { KERNEL_NAMES } from '../../kernels/index.js';
import { CPU_FROM_SIMD, getKernels } from '../../kernels/registry.js';
import { simdModuleProblem } from './index.js';

describe('wasm-simd device', () => {
  it('loads here: SIMD validates and kernels.wasm is built', () => {
    expect(simdModuleProblem()).toBeNull();
    expect(availableDevices().find((d) => d.name === 'wasm-simd')?.available).toBe(true);
  });

  it('availableDevices() says which implementation serves each kernel, as getKernels does', async () => {
    const info = availableDevices();
    const cpu = info.find((d) => d.name === 'cpu')?.kernels;
    const simd = info.find((d) => d.name === 'wasm-simd')?.kernels;
    expect(cpu).toEqual((await getKernels('cpu')).implementation);
    expect(simd).toEqual((await getKernels('wasm-simd')).implementation);
    for (const k of KERNEL_NAMES) {
      expect(simd?.[k]).toBe('wasm-simd');
      expect(cpu?.[k]).toBe(CPU_FROM_SIMD.includes(k) ? 'wasm-simd' : 'ts');
    }
  });
});
