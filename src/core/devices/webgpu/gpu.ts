/**
 * The raw WebGPU device of the `webgpu` kernels: one Dawn device per process (from the `webgpu`
 * npm package), compute pipelines cached per shader, and the few buffer moves the kernels need
 * (upload, dispatch, read back). Kernels keep their buffers here across calls and destroy them on
 * dispose().
 */
import type {} from 'webgpu';
import { DeviceError } from '../../errors.js';

/** GPUBufferUsage / GPUMapMode flags (WebGPU spec values; the package exposes them only as globals). */
export const Usage = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
} as const;
const MAP_READ_MODE = 0x1;

/** Threads per workgroup of the 1-D kernels. */
export const WG = 64;
/** Workgroups per grid dimension (WebGPU's guaranteed minimum of maxComputeWorkgroupsPerDimension). */
const MAX_GROUPS = 65535;

/**
 * WGSL that maps a (possibly 2-D) grid of WG-thread workgroups to one flat thread index `t`, so a
 * dispatch of more than 65535 workgroups works: use `flat(gid, nwg)` in the entry point.
 */
export const FLAT_INDEX = /* wgsl */ `
fn flat(gid: vec3u, nwg: vec3u) -> u32 { return gid.x + gid.y * nwg.x * ${WG}u; }
`;

/** Something a dispatch binds: a buffer, whole. */
export type Binding = GPUBuffer;

export class Gpu {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(
    /** The Dawn instance: referenced so it is not collected while the device is in use. */
    readonly instance: GPU,
    readonly device: GPUDevice,
  ) {}

  /** The compute pipeline of `code` (entry point `main`), compiled once per device. */
  pipeline(code: string): GPUComputePipeline {
    let p = this.pipelines.get(code);
    if (!p) {
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      this.pipelines.set(code, p);
    }
    return p;
  }

  /** Bytes padded for a storage buffer; DeviceError past what one binding may hold on this device. */
  private storageSize(bytes: number): number {
    const max = this.device.limits.maxStorageBufferBindingSize;
    if (bytes > max)
      throw new DeviceError(
        `webgpu: a ${bytes}-byte buffer exceeds this adapter's largest storage binding (${max} bytes); use fewer rows per call or a host device`,
        'webgpu',
      );
    return Math.max(16, Math.ceil(bytes / 16) * 16);
  }

  /** A storage buffer holding `data` (padded to 4 bytes), copyable both ways. */
  upload(data: Float32Array | Int32Array | Uint32Array | Uint8Array): GPUBuffer {
    const size = this.storageSize(data.byteLength);
    const buf = this.device.createBuffer({
      size,
      usage: Usage.STORAGE | Usage.COPY_DST | Usage.COPY_SRC,
      mappedAtCreation: true,
    });
    new Uint8Array(buf.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buf.unmap();
    return buf;
  }

  /** A zeroed storage buffer of at least `bytes` bytes. */
  storage(bytes: number): GPUBuffer {
    return this.device.createBuffer({
      size: this.storageSize(bytes),
      usage: Usage.STORAGE | Usage.COPY_DST | Usage.COPY_SRC,
    });
  }

  /** A uniform buffer: `u32s` then `f32s`, in the order the shader's `Params` struct declares them. */
  uniforms(u32s: readonly number[], f32s: readonly number[] = []): GPUBuffer {
    const words = u32s.length + f32s.length;
    const ab = new ArrayBuffer(Math.max(16, Math.ceil((words * 4) / 16) * 16));
    new Uint32Array(ab).set(u32s);
    new Float32Array(ab, u32s.length * 4, f32s.length).set(f32s);
    const buf = this.device.createBuffer({ size: ab.byteLength, usage: Usage.UNIFORM | Usage.COPY_DST });
    this.device.queue.writeBuffer(buf, 0, ab);
    return buf;
  }

  /** Records one dispatch of `code` over `groups` workgroups with `bindings` at @binding(0..). */
  dispatch(
    enc: GPUCommandEncoder,
    code: string,
    bindings: readonly Binding[],
    groups: readonly [number, number?, number?],
  ): void {
    const pipeline = this.pipeline(code);
    const bindGroup = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: bindings.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    pass.end();
  }

  /** Workgroup counts covering `threads` threads of a FLAT_INDEX kernel (x, y). */
  grid(threads: number): [number, number] {
    const groups = Math.max(1, Math.ceil(threads / WG));
    if (groups <= MAX_GROUPS) return [groups, 1];
    return [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
  }

  /**
   * Records the passes `build` encodes, copies each `[buffer, bytes]` of `reads` into one staging
   * buffer, submits, and resolves with their contents (one ArrayBuffer each, in order). Validation
   * and out-of-memory errors surface as DeviceError. Destroys `temporaries` once the work is done. Everything up to
   * the submit is synchronous, so concurrent calls never interleave their error scopes.
   */
  async run(
    build: (enc: GPUCommandEncoder) => void,
    reads: readonly (readonly [GPUBuffer, number])[] = [],
    temporaries: readonly GPUBuffer[] = [],
  ): Promise<ArrayBuffer[]> {
    const device = this.device;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const enc = device.createCommandEncoder();
    build(enc);
    const offsets: number[] = [];
    let total = 0;
    for (const [, bytes] of reads) {
      offsets.push(total);
      total += Math.ceil(bytes / 4) * 4;
    }
    const staging =
      total > 0
        ? device.createBuffer({ size: Math.ceil(total / 16) * 16, usage: Usage.MAP_READ | Usage.COPY_DST })
        : null;
    reads.forEach(([buf, bytes], r) => {
      const n = Math.ceil(bytes / 4) * 4;
      if (staging && n > 0) enc.copyBufferToBuffer(buf, 0, staging, offsets[r] as number, n);
    });
    device.queue.submit([enc.finish()]);
    const invalid = device.popErrorScope();
    const oom = device.popErrorScope();
    try {
      const [v, m] = await Promise.all([invalid, oom]);
      const e = v ?? m;
      if (e)
        throw new DeviceError(`webgpu: ${m && !v ? 'out of device memory: ' : ''}${e.message}`, 'webgpu');
      if (!staging) {
        await device.queue.onSubmittedWorkDone();
        return [];
      }
      await staging.mapAsync(MAP_READ_MODE);
      const all = staging.getMappedRange();
      return reads.map(([, bytes], r) => all.slice(offsets[r] as number, (offsets[r] as number) + bytes));
    } finally {
      staging?.destroy();
      for (const t of temporaries) t.destroy();
    }
  }
}

let gpuPromise: Promise<Gpu> | null = null;

async function open(): Promise<Gpu> {
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch (e) {
    throw new DeviceError(
      `webgpu: the 'webgpu' package (Dawn) cannot load: ${e instanceof Error ? e.message : String(e)}`,
      'webgpu',
    );
  }
  // Dawn lives as long as the object `create` returns: keep it with the device.
  const instance = webgpu.create([]);
  const adapter = await instance.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new DeviceError('webgpu: Dawn found no WebGPU adapter', 'webgpu');
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  });
  // A lost device (driver reset, GPU removed) is replaced by a fresh one on the next call.
  void device.lost.then(() => {
    gpuPromise = null;
  });
  return new Gpu(instance, device);
}

/** The process's WebGPU device (opened on first use). DeviceError when Dawn has no adapter. */
export function getGpu(): Promise<Gpu> {
  if (!gpuPromise) {
    gpuPromise = open();
    gpuPromise.catch(() => {
      gpuPromise = null;
    });
  }
  return gpuPromise;
}

/**
 * Row chunks of a reduction over n rows: each workgroup sums one chunk of `chunk` rows in float32,
 * and at most 64 chunk partials are left to add (on the device or in float64 here).
 */
export function rowChunks(n: number): { chunks: number; chunk: number } {
  const chunks = Math.max(1, Math.min(64, Math.ceil(n / 128)));
  return { chunks, chunk: Math.max(1, Math.ceil(n / chunks)) };
}

/** Float32 copy of float64 data (what the device computes on). */
export function f32(data: ArrayLike<number>): Float32Array<ArrayBuffer> {
  return Float32Array.from(data);
}

/**
 * `queue.writeBuffer` of part of a typed array (offset and length in elements), whatever memory
 * backs it: Dawn copies from plain and shared memory alike, but the DOM lib's WebGPU types (which
 * apply when the web console type-checks the core) admit only views over an ArrayBuffer.
 */
export function writeView(
  queue: GPUQueue,
  buffer: GPUBuffer,
  byteOffset: number,
  view: Float32Array | Int32Array | Uint32Array,
  offset?: number,
  length?: number,
): void {
  queue.writeBuffer(buffer, byteOffset, view as ArrayBufferView<ArrayBuffer>, offset, length);
}
