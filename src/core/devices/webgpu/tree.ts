/**
 * Tree kernels in WGSL. X is read as float32 (scikit-learn's dtype), so comparisons with float64
 * edges and thresholds are exact once each edge is rounded down to float32 (`floor32`).
 * - binMatrix: one thread per four codes (a packed u32 of the column-major code matrix), a binary
 *   search over the feature's edges.
 * - classHistogram: the codes, labels and weights stay on the device across the calls of one fit
 *   (as gpu_hist keeps its quantized matrix; see HistogramResidents); weights become 64-bit fixed point
 *   (integers exactly; real weights at 2^-31 of the largest) and one thread per (row, feature) adds
 *   them with two 32-bit atomics and a carry, so sums are exact and independent of thread order.
 * - forestPredict: the flat forest in device buffers, one thread per row walking every tree.
 */
import type { DenseMatrix } from '../../kernels/contract.js';
import { BIN_STRIDE } from '../../kernels/reference/tree.js';
import type { BinnedMatrix, FlatForest, TreeKernels } from '../../kernels/tree.js';
import { FLAT_INDEX, type Gpu } from './gpu.js';

/** The largest float32 <= t (so that, for float32 x, x > t exactly when x > floor32(t)). */
export function floor32(t: number): number {
  const f = Math.fround(t);
  if (!(f > t)) return f;
  const b = new Float32Array([f]);
  const u = new Int32Array(b.buffer);
  // f > t: step one float32 toward -Infinity (f is never -Infinity here)
  if (f > 0) u[0] = (u[0] as number) - 1;
  else if (f === 0)
    u[0] = 0x80000001 | 0; // below +-0: the smallest negative subnormal
  else u[0] = (u[0] as number) + 1;
  return b[0] as number;
}

const BIN = /* wgsl */ `
struct Params { n: u32, d: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> E: array<f32>;
@group(0) @binding(3) var<storage, read> OFF: array<u32>;
@group(0) @binding(4) var<storage, read_write> C: array<u32>;
${FLAT_INDEX}
fn code(q: u32) -> u32 {
  let f = q / P.n;
  let i = q % P.n;
  let x = X[i * P.d + f];
  var lo = OFF[f];
  var hi = OFF[f + 1u];
  let base = lo;
  loop {
    if (lo >= hi) { break; }
    let m = (lo + hi) / 2u;
    if (E[m] < x) { lo = m + 1u; } else { hi = m; }
  }
  return lo - base;
}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = flat(gid, nwg);
  let total = P.n * P.d;
  if (w * 4u >= total) { return; }
  var packed = 0u;
  for (var b = 0u; b < 4u; b++) {
    let q = w * 4u + b;
    if (q < total) { packed = packed | (code(q) << (8u * b)); }
  }
  C[w] = packed;
}
`;

const HIST = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32, bins: u32, count: u32, base: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> CODES: array<u32>;
@group(0) @binding(2) var<storage, read> Y: array<i32>;
@group(0) @binding(3) var<storage, read> Q: array<i32>;
@group(0) @binding(4) var<storage, read> ROWS: array<i32>;
@group(0) @binding(5) var<storage, read_write> H: array<atomic<u32>>;
${FLAT_INDEX}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= P.count * P.d) { return; }
  let f = t / P.count;
  let r = u32(ROWS[t % P.count]);
  let q = P.base + f * P.n + r;
  let bin = (CODES[q / 4u] >> (8u * (q % 4u))) & 0xffu;
  let cell = ((f * P.bins + bin) * P.k + u32(Y[r])) * 2u;
  let v = Q[r];
  let lo = bitcast<u32>(v);
  let old = atomicAdd(&H[cell], lo);
  let carry = select(0u, 1u, old > 0xffffffffu - lo);
  let hi = select(0u, 0xffffffffu, v < 0) + carry;
  if (hi != 0u) { atomicAdd(&H[cell + 1u], hi); }
}
`;

const FOREST = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32, trees: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> OFF: array<i32>;
@group(0) @binding(3) var<storage, read> FEAT: array<i32>;
@group(0) @binding(4) var<storage, read> THR: array<f32>;
@group(0) @binding(5) var<storage, read> CHILD: array<i32>;
@group(0) @binding(6) var<storage, read> PROBA: array<f32>;
@group(0) @binding(7) var<storage, read_write> O: array<f32>;
${FLAT_INDEX}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = flat(gid, nwg);
  if (r >= P.n) { return; }
  let o = r * P.k;
  for (var c = 0u; c < P.k; c++) { O[o + c] = 0.0; }
  for (var t = 0u; t < P.trees; t++) {
    var i = OFF[t];
    var f = FEAT[i];
    loop {
      if (f < 0) { break; }
      i = CHILD[i] + select(0, 1, X[r * P.d + u32(f)] > THR[i]);
      f = FEAT[i];
    }
    let leaf = u32(CHILD[i]) * P.k;
    for (var c = 0u; c < P.k; c++) { O[o + c] += PROBA[leaf + c]; }
  }
}
`;

/** Largest |weight| that fixed point holds per row (the 64-bit sums then never overflow). */
const Q_MAX = 2 ** 31 - 1;

/** Weights as fixed-point integers and the scale back: integers as they are, else scaled. */
function quantize(weights: Float64Array | null, n: number): { q: Int32Array; scale: number } {
  const q = new Int32Array(n);
  if (!weights) return { q: q.fill(1), scale: 1 };
  let max = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    max = Math.max(max, Math.abs(w));
    if (!Number.isInteger(w)) integral = false;
  }
  const scale = integral && max <= Q_MAX ? 1 : max > 0 ? 2 ** Math.floor(Math.log2(Q_MAX / max)) : 1;
  for (let i = 0; i < n; i++) q[i] = Math.round((weights[i] as number) * scale);
  return { q, scale };
}

/** A host array's device copy, with the host values it was made from. */
interface Copy {
  readonly values: ArrayLike<number>;
  readonly buffer: GPUBuffer;
  readonly scale: number;
}

function sameContents(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What classHistogram keeps on the device across the calls of a fit: the code matrix (by its
 * ArrayBuffer, so one-feature views of one matrix share a copy; codes are read-only), and the
 * labels and fixed-point weights (by identity, re-uploaded when their values changed). Copies are
 * held weakly: a device buffer is destroyed once its host array is garbage-collected.
 */
class HistogramResidents {
  private readonly codes = new WeakMap<object, GPUBuffer>();
  private readonly labels = new WeakMap<Int32Array, Copy>();
  private readonly weights = new WeakMap<Float64Array, Copy>();
  /** Unit weights per row count (null weights). */
  private readonly unit = new Map<number, Copy>();
  private readonly collected = new FinalizationRegistry<GPUBuffer>((b) => b.destroy());

  constructor(private readonly gpu: Gpu) {}

  private keep(key: object, buffer: GPUBuffer): GPUBuffer {
    this.collected.register(key, buffer, buffer);
    return buffer;
  }

  private drop(buffer: GPUBuffer): void {
    this.collected.unregister(buffer);
    buffer.destroy();
  }

  /** The device copy of the codes' whole ArrayBuffer and the byte where `codes` starts in it. */
  codesOf(codes: Uint8Array): { buffer: GPUBuffer; base: number } {
    // A view into a buffer too large to bind whole is copied alone (keyed by the view).
    const whole = codes.buffer.byteLength <= this.gpu.device.limits.maxStorageBufferBindingSize;
    const key = whole ? codes.buffer : codes;
    const base = whole ? codes.byteOffset : 0;
    let buffer = this.codes.get(key);
    if (!buffer) {
      buffer = this.keep(key, this.gpu.upload(whole ? new Uint8Array(codes.buffer) : codes));
      this.codes.set(key, buffer);
    }
    return { buffer, base };
  }

  labelsOf(y: Int32Array): GPUBuffer {
    const hit = this.labels.get(y);
    if (hit && sameContents(y, hit.values)) return hit.buffer;
    if (hit) this.drop(hit.buffer);
    const copy = { values: y.slice(), buffer: this.keep(y, this.gpu.upload(y)), scale: 1 };
    this.labels.set(y, copy);
    return copy.buffer;
  }

  /** Fixed-point weights of n rows (null: all 1) and their scale. */
  weightsOf(weights: Float64Array | null, n: number): Copy {
    if (!weights) {
      let ones = this.unit.get(n);
      if (!ones) {
        ones = { values: [], buffer: this.gpu.upload(quantize(null, n).q), scale: 1 };
        this.unit.set(n, ones);
      }
      return ones;
    }
    const hit = this.weights.get(weights);
    if (hit && sameContents(weights, hit.values)) return hit;
    if (hit) this.drop(hit.buffer);
    const { q, scale } = quantize(weights, n);
    const copy = { values: weights.slice(), buffer: this.keep(weights, this.gpu.upload(q)), scale };
    this.weights.set(weights, copy);
    return copy;
  }
}

export function webgpuTree(gpu: Gpu): TreeKernels {
  const residents = new HistogramResidents(gpu);

  return {
    async binMatrix(X: DenseMatrix, edges: readonly Float64Array[]): Promise<BinnedMatrix> {
      const { rows: n, cols: d } = X;
      const nBins = Int32Array.from({ length: d }, (_, f) => (edges[f] as Float64Array).length + 1);
      const total = n * d;
      if (total === 0) return { n, d, codes: new Uint8Array(0), nBins };
      const off = new Uint32Array(d + 1);
      for (let f = 0; f < d; f++) off[f + 1] = (off[f] as number) + (edges[f] as Float64Array).length;
      const E = new Float32Array(Math.max(1, off[d] as number));
      for (let f = 0; f < d; f++) {
        const e = edges[f] as Float64Array;
        for (let b = 0; b < e.length; b++) E[(off[f] as number) + b] = floor32(e[b] as number);
      }
      const words = Math.ceil(total / 4);
      const bufs = [
        gpu.uniforms([n, d]),
        gpu.upload(Float32Array.from(X.data)),
        gpu.upload(E),
        gpu.upload(off),
        gpu.storage(words * 4),
      ];
      const C = bufs[4] as GPUBuffer;
      const [r] = await gpu.run((enc) => gpu.dispatch(enc, BIN, bufs, gpu.grid(words)), [[C, total]], bufs);
      return { n, d, codes: new Uint8Array(r as ArrayBuffer), nBins };
    },

    async classHistogram(b, y, weights, K, rows, s, e, out) {
      const count = e - s;
      if (count <= 0 || b.d === 0 || K === 0) return;
      const codes = residents.codesOf(b.codes);
      const Y = residents.labelsOf(y);
      const W = residents.weightsOf(weights, b.n);
      let bins = 1;
      for (let f = 0; f < b.d; f++) bins = Math.max(bins, b.nBins[f] as number);
      bins = Math.min(BIN_STRIDE, bins);
      const cells = b.d * bins * K;
      const bufs = [
        gpu.uniforms([b.n, b.d, K, bins, count, codes.base]),
        gpu.upload(rows.subarray(s, e)),
        gpu.storage(cells * 8),
      ];
      const [params, R, H] = bufs as [GPUBuffer, GPUBuffer, GPUBuffer];
      const [raw] = await gpu.run(
        (enc) => gpu.dispatch(enc, HIST, [params, codes.buffer, Y, W.buffer, R, H], gpu.grid(count * b.d)),
        [[H, cells * 8]],
        bufs,
      );
      const h = new Uint32Array(raw as ArrayBuffer);
      const hi = new Int32Array(raw as ArrayBuffer);
      for (let f = 0; f < b.d; f++)
        for (let bin = 0; bin < bins; bin++)
          for (let c = 0; c < K; c++) {
            const cell = ((f * bins + bin) * K + c) * 2;
            const lo = h[cell] as number;
            const top = hi[cell + 1] as number;
            if (lo === 0 && top === 0) continue;
            const at = (f * BIN_STRIDE + bin) * K + c;
            out[at] = (out[at] as number) + (top * 2 ** 32 + lo) / W.scale;
          }
    },

    async forestPredict(forest: FlatForest, X: DenseMatrix): Promise<Float64Array> {
      const n = X.rows;
      const K = forest.nClasses;
      const out = new Float64Array(n * K);
      if (n === 0 || K === 0) return out;
      const bufs = [
        gpu.uniforms([n, X.cols, K, forest.nTrees]),
        gpu.upload(Float32Array.from(X.data)),
        gpu.upload(forest.offsets),
        gpu.upload(forest.feat),
        gpu.upload(Float32Array.from(forest.thr, floor32)),
        gpu.upload(forest.child),
        gpu.upload(Float32Array.from(forest.proba)),
        gpu.storage(n * K * 4),
      ];
      const O = bufs[7] as GPUBuffer;
      const [r] = await gpu.run(
        (enc) => gpu.dispatch(enc, FOREST, bufs, gpu.grid(n)),
        [[O, n * K * 4]],
        bufs,
      );
      const sums = new Float32Array(r as ArrayBuffer);
      for (let t = 0; t < n * K; t++) out[t] = (sums[t] as number) / forest.nTrees;
      return out;
    },
  };
}
