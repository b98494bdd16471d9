/**
 * The kernels of each device, loaded on first use and cached. `cpu` takes, per kernel, the fastest
 * host implementation (WebAssembly SIMD where it wins, the TypeScript reference otherwise);
 * `wasm-simd` is the SIMD implementation alone; `webgpu` runs WGSL; the tfjs devices compose tfjs ops.
 */
import type { Backend, DeviceName } from '../backend.js';
import { detectDevice } from '../backends/detect.js';
import { composedParts } from '../devices/tfjs/index.js';
import { backgroundCompile } from '../devices/wasm-simd/heap.js';
import { wasmSimdParts } from '../devices/wasm-simd/index.js';
import { webgpuParts } from '../devices/webgpu/index.js';
import { availableDeviceNames, availableDevices, getBackend, resolveDevice } from '../devices.js';
import { DeviceError } from '../errors.js';
import { CPU_LOSS_SPLIT, hostKernelChoice, SIMD_LOSS_MIN_VALUES } from './cpu-choice.js';
import { KERNEL_NAMES, type KernelPart, type Kernels, kernelSet } from './index.js';
import { referenceKernels } from './reference/index.js';

const REFERENCE: KernelPart = { label: 'ts', kernels: referenceKernels };

export { CPU_FROM_SIMD } from './cpu-choice.js';

/** The devices with kernels of their own; every other device composes its backend's ops. */
type OwnDevice = 'cpu' | 'wasm-simd' | 'webgpu';
const OWN: readonly DeviceName[] = ['cpu', 'wasm-simd', 'webgpu'];
const isOwn = (d: DeviceName): d is OwnDevice => OWN.includes(d);

const cache = new Map<OwnDevice, Promise<Kernels>>();
/** Composed kernels per Backend object (a backend registered under a device name gets its own). */
const composed = new WeakMap<Backend, Kernels>();

/** The reference kernels (float64 TypeScript), what every device is checked against. */
export const referenceKernelSet: Kernels = kernelSet('cpu', 'float64', [REFERENCE]);

async function load(device: OwnDevice): Promise<Kernels> {
  switch (device) {
    case 'cpu': {
      const choice = hostKernelChoice('cpu', detectDevice('wasm-simd').available);
      const fromSimd = KERNEL_NAMES.filter((k) => choice[k] === 'wasm-simd');
      const simd = wasmSimdParts().map((p) => ({
        label: p.label,
        kernels: Object.fromEntries(fromSimd.map((k) => [k, p.kernels[k]])),
      }));
      const simdLoss = wasmSimdParts()[0]?.kernels.prepareLinearLoss;
      const refLoss = referenceKernels.prepareLinearLoss;
      const loss: KernelPart[] =
        choice.prepareLinearLoss === CPU_LOSS_SPLIT && simdLoss && refLoss
          ? [
              {
                label: CPU_LOSS_SPLIT,
                kernels: {
                  prepareLinearLoss: (p) =>
                    p.X.rows * p.X.cols < SIMD_LOSS_MIN_VALUES ? refLoss(p) : simdLoss(p),
                },
              },
            ]
          : [];
      return kernelSet('cpu', 'float64', [...loss, ...simd, REFERENCE]);
    }
    case 'wasm-simd':
      await getBackend(device); // throws DeviceError when the runtime lacks SIMD
      return kernelSet(device, 'float64', wasmSimdParts());
    case 'webgpu': {
      // Raw WGSL on Dawn: needs the adapter, not the tfjs op table (that loads only for getBackend).
      const info = availableDevices().find((d) => d.name === device);
      if (!info?.available)
        throw new DeviceError(
          `device 'webgpu' is not available: ${info?.reason}`,
          device,
          availableDeviceNames(),
        );
      return kernelSet(device, 'float32', await webgpuParts());
    }
  }
}

async function composedFor(device: DeviceName): Promise<Kernels> {
  const backend = await getBackend(device);
  let k = composed.get(backend);
  if (!k) {
    k = kernelSet(device, backend.precision, composedParts(backend));
    composed.set(backend, k);
  }
  return k;
}

/** The kernels of a device (loading it on first use). DeviceError when unknown or unavailable. */
export function getKernels(device: DeviceName | string): Promise<Kernels> {
  const d = resolveDevice(device);
  if (!isOwn(d)) return composedFor(d);
  let p = cache.get(d);
  if (!p) {
    p = load(d);
    cache.set(d, p);
    p.catch(() => cache.delete(d));
  }
  return p;
}

// The host kernel set is built in idle time, once the kernel module's background compile settles
// (what the cpu set consults is known then), so that a first fit finds it ready instead of
// building it; a fit that comes earlier builds it as before.
backgroundCompile.then(() => getKernels('cpu')).catch(() => {});
