/**
 * Device registry: which compute devices exist, which load on this machine (and why not), and a
 * cached Backend per device. tfjs-backed devices are imported lazily on first `getBackend`, so
 * importing autolearn loads no @tensorflow package.
 */
import { type Backend, DEVICE_NAMES, type DeviceName } from './backend.js';
import { cpuBackend } from './backends/cpu.js';
import { detectDevice } from './backends/detect.js';
import { wasmSimdBackend } from './devices/wasm-simd/backend.js';
import { DeviceError, UnsupportedOpError } from './errors.js';
import { hostKernelChoice } from './kernels/cpu-choice.js';
import type { KernelName } from './kernels/index.js';

export interface DeviceInfo {
  readonly name: DeviceName;
  readonly available: boolean;
  readonly precision: 'float64' | 'float32';
  /** Why the device cannot load here (only when unavailable). */
  readonly reason?: string;
  readonly kind: 'cpu' | 'wasm' | 'gpu';
  /** Set when a user-provided backend was registered for this device. */
  readonly custom?: boolean;
  /**
   * cpu and wasm-simd: which implementation serves each kernel ('wasm-simd' or 'ts', the float64
   * TypeScript reference). Other devices tell once loaded: `(await getKernels(name)).implementation`.
   */
  readonly kernels?: Readonly<Record<KernelName, string>>;
}

const KIND: Record<DeviceName, DeviceInfo['kind']> = {
  cpu: 'cpu',
  'wasm-simd': 'wasm',
  'tfjs-cpu': 'cpu',
  wasm: 'wasm',
  webgpu: 'gpu',
  tensorflow: 'cpu',
  cuda: 'gpu',
};

const ALIASES: Record<string, DeviceName> = {
  tfjs: 'tfjs-cpu',
  'tfjs-node': 'tensorflow',
  'tfjs-node-gpu': 'cuda',
};

/** Every op of the Backend contract (what registerBackend checks a custom backend provides). */
export const BACKEND_OPS = [
  'fromArray',
  'scalar',
  'toArray',
  'readSync',
  'dispose',
  'matmul',
  'transpose',
  'add',
  'sub',
  'mul',
  'div',
  'maximum',
  'greater',
  'equal',
  'where',
  'neg',
  'exp',
  'log',
  'sqrt',
  'abs',
  'sigmoid',
  'softmax',
  'sum',
  'max',
  'mean',
  'argmax',
  'gather',
  'sqDistances',
  'rbfKernel',
] as const satisfies readonly (keyof Backend)[];
// Compile-time: BACKEND_OPS names every op of Backend (adding an op to the contract fails here).
const allOpsListed: [Exclude<keyof Backend, 'name' | 'precision' | (typeof BACKEND_OPS)[number]>] extends [
  never,
]
  ? true
  : false = true;
void allOpsListed;

let detected: DeviceInfo[] | null = null;
const custom = new Map<DeviceName, Backend>();
const loading = new Map<DeviceName, Promise<Backend>>();

function isDeviceName(s: string): s is DeviceName {
  return (DEVICE_NAMES as readonly string[]).includes(s);
}

/**
 * Canonical device name (case-insensitive; aliases tfjs, tfjs-node, tfjs-node-gpu); DeviceError when unknown.
 *
 * @example
 * ```ts
 * import { resolveDevice } from 'autolearn';
 *
 * console.log(resolveDevice('TFJS'), resolveDevice('tfjs-node')); // 'tfjs-cpu' 'tensorflow'
 * ```
 */
export function resolveDevice(name: string): DeviceName {
  const s = typeof name === 'string' ? name.trim().toLowerCase() : '';
  if (isDeviceName(s)) return s;
  const alias = ALIASES[s];
  if (alias) return alias;
  const avail = availableDeviceNames();
  throw new DeviceError(
    `unknown device ${JSON.stringify(name)}; known devices: ${DEVICE_NAMES.join(', ')} (available here: ${avail.join(', ')})`,
    String(name),
    avail,
  );
}

/**
 * Every device with whether it loads on this machine and, if not, why. Synchronous; the first call
 * probes (about 0.2 s for the WebGPU adapter check), later calls return the cached answer.
 *
 * @example
 * ```ts
 * import { availableDevices } from 'autolearn';
 *
 * for (const d of availableDevices()) console.log(d.name, d.available ? 'ok' : d.reason);
 * ```
 */
export function availableDevices(): DeviceInfo[] {
  if (!detected) {
    detected = DEVICE_NAMES.map((name) => {
      const d = detectDevice(name);
      const info: DeviceInfo = {
        name,
        available: d.available,
        precision: name === 'cpu' || name === 'wasm-simd' ? 'float64' : 'float32',
        ...(d.available ? {} : { reason: d.reason }),
        kind: KIND[name],
        ...(name === 'cpu' || (name === 'wasm-simd' && d.available)
          ? { kernels: Object.freeze(hostKernelChoice(name, detectDevice('wasm-simd').available)) }
          : {}),
      };
      return info;
    });
  }
  return detected.map((info) => {
    const b = custom.get(info.name);
    return b
      ? { name: info.name, available: true, precision: b.precision, kind: info.kind, custom: true }
      : { ...info };
  });
}

/** Names of the devices that load here. */
export function availableDeviceNames(): DeviceName[] {
  return availableDevices()
    .filter((d) => d.available)
    .map((d) => d.name);
}

/**
 * The Backend for a device, loading it on first use (cached per device). DeviceError when unknown or unavailable.
 *
 * @example
 * ```ts
 * import { getBackend } from 'autolearn';
 *
 * const cpu = await getBackend('cpu');
 * console.log(cpu.name);
 * ```
 */
export async function getBackend(name: DeviceName | string): Promise<Backend> {
  const device = resolveDevice(name);
  const own = custom.get(device);
  if (own) return own;
  if (device === 'cpu') return cpuBackend;
  if (device === 'wasm-simd') return wasmSimdBackend;
  let p = loading.get(device);
  if (!p) {
    const info = availableDevices().find((d) => d.name === device) as DeviceInfo;
    if (!info.available) {
      const avail = availableDeviceNames();
      throw new DeviceError(
        `device '${device}' is not available: ${info.reason}; available devices: ${avail.join(', ')}`,
        device,
        avail,
      );
    }
    p = load(device);
    loading.set(device, p);
    p.catch(() => loading.delete(device));
  }
  return p;
}

async function load(device: DeviceName): Promise<Backend> {
  try {
    const { createTfjsBackend } = await import('./backends/tfjs.js');
    return await createTfjsBackend(device);
  } catch (e) {
    const why = `failed to load: ${e instanceof Error ? e.message : String(e)}`;
    // Detection said yes but loading said no: report the device unavailable from now on.
    if (detected)
      detected = detected.map((d) => (d.name === device ? { ...d, available: false, reason: why } : d));
    const avail = availableDeviceNames();
    const err = new DeviceError(
      `device '${device}' ${why}; available devices: ${avail.join(', ')}`,
      device,
      avail,
    );
    Object.assign(err, { cause: e });
    throw err;
  }
}

/**
 * Registers a user-provided Backend under its `name` (one of DEVICE_NAMES), replacing the built-in
 * implementation of that device for `getBackend` and marking it available.
 */
export function registerBackend(backend: Backend): void {
  if (!backend || typeof backend !== 'object' || !isDeviceName(backend.name as string)) {
    throw new DeviceError(
      `registerBackend: backend.name must be one of ${DEVICE_NAMES.join(', ')}, got ${JSON.stringify((backend as Partial<Backend>)?.name)}`,
      String((backend as Partial<Backend>)?.name),
      [...DEVICE_NAMES],
    );
  }
  for (const op of BACKEND_OPS) {
    if (typeof (backend as unknown as Record<string, unknown>)[op] !== 'function')
      throw new UnsupportedOpError(op, backend.name);
  }
  if (backend.precision !== 'float64' && backend.precision !== 'float32') {
    throw new DeviceError(
      `registerBackend: precision must be 'float64' or 'float32', got ${JSON.stringify(backend.precision)}`,
      backend.name,
    );
  }
  custom.set(backend.name, backend);
}

/** Removes a backend added with registerBackend; the built-in implementation of that device is used again. */
export function unregisterBackend(name: DeviceName): boolean {
  return custom.delete(name);
}
