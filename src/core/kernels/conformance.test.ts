/**
 * Kernel conformance: every case of every kernel on every device that loads here, against the
 * float64 reference (float32 tolerances on float32 devices). In CI, cpu, wasm-simd and webgpu
 * (lavapipe) must load. A deliberately broken kernel must be caught.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceName } from '../backend.js';
import { availableDeviceNames } from '../devices.js';
import { KERNEL_CASES } from './conformance/cases.js';
import { checkKernels } from './conformance/check.js';
import { KERNEL_NAMES, type Kernels, kernelSet, MissingKernelError } from './index.js';
import { referenceKernels } from './reference/index.js';
import { getKernels, referenceKernelSet } from './registry.js';

const DEVICES: readonly DeviceName[] = ['cpu', 'wasm-simd', 'webgpu', 'tfjs-cpu', 'wasm'];
const REQUIRED_IN_CI: readonly DeviceName[] = ['cpu', 'wasm-simd', 'webgpu'];
const here = availableDeviceNames();

describe('kernel cases', () => {
  it('every kernel of the contract has conformance cases', () => {
    const covered = new Set(KERNEL_CASES.map((c) => c.kernel));
    expect(KERNEL_NAMES.filter((k) => !covered.has(k))).toEqual([]);
  });

  it.runIf(process.env.CI)('CI loads cpu, wasm-simd and webgpu', () => {
    expect(REQUIRED_IN_CI.filter((d) => !here.includes(d))).toEqual([]);
  });
});

for (const device of DEVICES) {
  describe.runIf(here.includes(device))(`kernels on ${device}`, () => {
    it('implements every kernel', async () => {
      const k = await getKernels(device);
      expect(KERNEL_NAMES.filter((n) => k.implementation[n] === 'missing')).toEqual([]);
    });

    for (const c of KERNEL_CASES) {
      it(`${c.kernel}: ${c.name}`, async () => {
        const k = await getKernels(device);
        expect(await checkKernels(k, referenceKernelSet, [c])).toEqual([]);
      }, 60_000);
    }
  });
}

describe('a broken kernel is caught', () => {
  /** The reference with one kernel's output nudged by 1e-6 relative (or its argmax shifted). */
  function brokenSet(kernel: (typeof KERNEL_NAMES)[number]): Kernels {
    const good = referenceKernels as Record<string, (...a: unknown[]) => unknown>;
    const fn = good[kernel];
    const broken = async (...args: unknown[]) => {
      const r = await fn?.apply(referenceKernels, args);
      if (r instanceof Float64Array) {
        const o = r.slice();
        o[o.length >> 1] = (o[o.length >> 1] as number) * (1 + 1e-6) + 1e-6;
        return o;
      }
      if (r instanceof Int32Array) {
        const o = r.slice();
        o[0] = (o[0] as number) + 1;
        return o;
      }
      return r;
    };
    return kernelSet('cpu', 'float64', [
      { label: 'broken', kernels: { [kernel]: broken } },
      { label: 'ts', kernels: referenceKernels },
    ]);
  }

  for (const kernel of [
    'linearScores',
    'linearArgmax',
    'kernelDecision',
    'forestPredict',
    'jointLogLikelihood',
  ] as const) {
    it(`a perturbed ${kernel} fails its cases`, async () => {
      const cases = KERNEL_CASES.filter((c) => c.kernel === kernel);
      expect(cases.length).toBeGreaterThan(0);
      const mismatches = await checkKernels(brokenSet(kernel), referenceKernelSet, cases);
      expect(mismatches.length).toBeGreaterThan(0);
      expect(mismatches.every((m) => m.kernel === kernel)).toBe(true);
    });
  }

  it('a device without a kernel raises MissingKernelError naming both', () => {
    const k = kernelSet('webgpu', 'float32', []);
    expect(k.implementation.linearScores).toBe('missing');
    expect(() =>
      k.linearScores(
        { rows: 0, cols: 0, data: new Float64Array() },
        { W: new Float64Array(), b: new Float64Array(), k: 1 },
      ),
    ).toThrow(MissingKernelError);
    try {
      k.forestPredict({} as never, { rows: 0, cols: 0, data: new Float64Array() });
    } catch (e) {
      expect(e).toMatchObject({ kernel: 'forestPredict', device: 'webgpu' });
    }
  });
});
