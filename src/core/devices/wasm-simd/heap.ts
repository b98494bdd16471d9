/**
 * The compiled kernel module (kernels.wasm next to this file, built by `npm run build:wasm`),
 * compiled synchronously on first use, and `WasmHeap`: one instance of it with its own growable
 * memory and a bump allocator. Per-call kernels share one scratch heap, reset at every call, and
 * pass over X in row blocks of about BLOCK_BYTES through it (a large X is never copied whole);
 * prepared problems (a fit's X resident across iterations) take a heap each from a small free list
 * and give it back on dispose.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeviceError } from '../../errors.js';
import type { SimdExports } from './abi.js';
import { SIMD_EXPORTS } from './abi.js';
import { WA, type WasmImports, type WasmInstance, type WasmMemory, type WasmModule } from './webassembly.js';

const WASM_URL = new URL('./kernels.wasm', import.meta.url);
const PAGE = 65536;
/** A scratch heap grown past this is dropped after its call, so one large call holds no memory. */
const SCRATCH_KEEP_BYTES = 64 << 20;
/** Bytes of X per block of a kernel that streams X through wasm memory: about the L2 cache. */
const BLOCK_BYTES = 1 << 19;
/**
 * At most this many bytes of X per block of a one-pass row kernel (the linear scores and argmax):
 * the block is read once right after its copy, which stays in a core's L2 (512 KiB on the bench
 * VM's EPYC) with room for the source being read; 128 KiB measured ~12% faster than 512 KiB.
 */
export const ONE_PASS_BLOCK_BYTES = 1 << 17;
/** Heaps kept for prepared problems (each at most POOL_KEEP_BYTES), so preparing one costs no instance. */
const POOL_SIZE = 4;
const POOL_KEEP_BYTES = 16 << 20;

/** What assembly/host.ts declares: V8's Math functions, for bit-identity with the reference. */
const HOST_IMPORTS: WasmImports = { host: { tanh: Math.tanh } };

let compiled: WasmModule | null = null;

/** Why the kernel module cannot load here, or null when it can (the file is present). */
export function simdModuleProblem(): string | null {
  return existsSync(WASM_URL)
    ? null
    : `${fileURLToPath(WASM_URL)} is missing (a source checkout builds it with npm run build:wasm)`;
}

/**
 * Compiling the module takes a few milliseconds, more than a whole first fit of a small problem: it
 * starts in the background (the engine's compile threads) when this file loads, so the first kernel
 * call finds it done. A call that comes earlier compiles synchronously, as it would without this.
 * Once compiled, the shared scratch heap is instantiated too (a fraction of a millisecond that the
 * first kernel call would otherwise spend).
 */
function compileInBackground(): Promise<boolean> {
  if (typeof WA?.compile !== 'function' || simdModuleProblem() !== null) return Promise.resolve(false);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(WASM_URL);
  } catch {
    return Promise.resolve(false); // the synchronous path reports it
  }
  return WA.compile(bytes).then(
    (m) => {
      compiled ??= m;
      try {
        scratch ??= new WasmHeap();
      } catch {
        // a stale module: the first kernel call reports it
      }
      return true;
    },
    // an invalid module: the synchronous compile on first use throws the DeviceError
    () => false,
  );
}

/** Settles when the background compile has ended: true when it produced the module. */
export const backgroundCompile: Promise<boolean> = compileInBackground();

function kernelModule(): WasmModule {
  if (!compiled) {
    const problem = simdModuleProblem();
    if (problem) throw new DeviceError(`wasm-simd kernels: ${problem}`, 'wasm-simd');
    compiled = new WA.Module(readFileSync(WASM_URL));
  }
  return compiled;
}

function checkedExports(instance: WasmInstance): SimdExports {
  const e = instance.exports;
  const absent = SIMD_EXPORTS.filter((name) => typeof e[name] !== 'function');
  if (!(e.memory instanceof WA.Memory) || absent.length) {
    throw new DeviceError(
      `wasm-simd kernels: kernels.wasm is stale (missing ${absent.join(', ') || 'memory'}); rebuild it with npm run build:wasm`,
      'wasm-simd',
    );
  }
  return e as unknown as SimdExports;
}

/** One instance of the kernel module: its exports and a bump allocator over its memory. */
export class WasmHeap {
  readonly fn: SimdExports;
  private readonly memory: WasmMemory;
  private readonly base: number;
  private top: number;

  constructor() {
    const instance = new WA.Instance(kernelModule(), HOST_IMPORTS);
    this.fn = checkedExports(instance);
    this.memory = instance.exports.memory as WasmMemory;
    this.base = this.fn.heapBase();
    this.top = this.base;
  }

  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Frees everything allocated. */
  reset(): void {
    this.top = this.base;
  }

  /** Frees everything allocated since `mark` (a `top` read earlier). */
  release(mark: number): void {
    this.top = mark;
  }

  get mark(): number {
    return this.top;
  }

  /** `bytes` fresh bytes, 16-byte aligned (contents undefined). Views made before may detach: make views after. */
  alloc(bytes: number): number {
    const p = (this.top + 15) & ~15;
    const end = p + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    return p;
  }

  f64(ptr: number, len: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, len);
  }

  f32(ptr: number, len: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, len);
  }

  i32(ptr: number, len: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, len);
  }

  u8(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  /** Copies `a` in; returns its address. */
  putF64(a: Float64Array): number {
    const p = this.alloc(a.byteLength);
    this.f64(p, a.length).set(a);
    return p;
  }

  putI32(a: Int32Array): number {
    const p = this.alloc(a.byteLength);
    this.i32(p, a.length).set(a);
    return p;
  }

  putU8(a: Uint8Array): number {
    const p = this.alloc(a.byteLength);
    this.u8(p, a.length).set(a);
    return p;
  }
}

let scratch: WasmHeap | null = null;

/**
 * Runs `body` on the shared scratch heap and frees what it allocated (synchronous kernels only:
 * nothing else runs on the heap meanwhile). A heap grown large is dropped afterwards.
 */
export function withScratch<T>(body: (heap: WasmHeap) => T): T {
  const heap = scratch ?? new WasmHeap();
  scratch = null;
  const mark = heap.mark;
  try {
    return body(heap);
  } finally {
    heap.release(mark);
    if (heap.bytes <= SCRATCH_KEEP_BYTES) scratch = heap;
  }
}

let blockBytes = BLOCK_BYTES;

/**
 * Rows per block of a matrix with `cols` float64 columns: about BLOCK_BYTES of X, a multiple of 4
 * (the kernels' row groups, so that blocks split no group and every row is computed as in one pass
 * over X), at least 4. `maxBytes` caps the block below the default (never above a test's setting).
 */
export function blockRows(cols: number, maxBytes = blockBytes): number {
  const bytes = Math.min(blockBytes, maxBytes);
  return Math.max(4, Math.floor(bytes / (8 * Math.max(1, cols)) / 4) * 4);
}

/** Runs `body` with blocks of about `bytes` of X (tests: small blocks, to cross block boundaries). */
export function withBlockBytes<T>(bytes: number, body: () => T): T {
  const saved = blockBytes;
  blockBytes = bytes;
  try {
    return body();
  } finally {
    blockBytes = saved;
  }
}

const pool: WasmHeap[] = [];

/** A heap for a prepared problem: one from the free list (emptied) or a new instance. */
export function takeHeap(): WasmHeap {
  return pool.pop() ?? new WasmHeap();
}

/** Gives a prepared problem's heap back: kept for the next one unless the list is full or it grew large. */
export function giveHeap(heap: WasmHeap): void {
  heap.reset();
  if (pool.length < POOL_SIZE && heap.bytes <= POOL_KEEP_BYTES) pool.push(heap);
}
