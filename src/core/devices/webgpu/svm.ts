/**
 * SVM kernels in WGSL (libsvm's kernel functions). prepareKernelRows keeps the training rows and
 * labels on the device for the whole SMO solve: each call uploads only the requested row and column
 * indices and fills a whole working-set batch of Q rows, y_i y_j K(x_i, x_j), in one dispatch (one
 * thread per entry), ThunderSVM-style.
 * kernelDecision computes the kernel block of a tile of rows against the support vectors, then one
 * workgroup per output (row, column) sums block x coefficients with a tree reduction.
 */

import { DeviceError } from '../../errors.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import type { PreparedKernelRows, SvmKernelSpec, SvmKernels } from '../../kernels/svm.js';
import { FLAT_INDEX, f32, type Gpu, WG, writeView } from './gpu.js';

const KERNEL_CODE = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 } as const;

/** K(A[a], B[b]) of d features; the spec in `P` (kernel, degree, gamma, coef0). */
const KERNEL_FN = /* wgsl */ `
fn powi(x: f32, e: u32) -> f32 {
  var r = 1.0;
  var b = x;
  var k = e;
  loop {
    if (k == 0u) { break; }
    if ((k & 1u) == 1u) { r *= b; }
    b *= b;
    k = k >> 1u;
  }
  return r;
}
fn kval(a: u32, b: u32) -> f32 {
  let d = P.d;
  var s = vec4f(0.0);
  var j = 0u;
  let ia = a * d;
  let ib = b * d;
  let rbf = P.kernel == 2u;
  loop {
    if (j + 4u > d) { break; }
    let u = vec4f(A[ia + j], A[ia + j + 1u], A[ia + j + 2u], A[ia + j + 3u]);
    let v = vec4f(B[ib + j], B[ib + j + 1u], B[ib + j + 2u], B[ib + j + 3u]);
    if (rbf) { let e = u - v; s += e * e; } else { s += u * v; }
    j += 4u;
  }
  var t = (s.x + s.y) + (s.z + s.w);
  loop {
    if (j >= d) { break; }
    if (rbf) { let e = A[ia + j] - B[ib + j]; t += e * e; } else { t += A[ia + j] * B[ib + j]; }
    j += 1u;
  }
  switch P.kernel {
    case 1u: { return powi(P.gamma * t + P.coef0, P.degree); }
    case 2u: { return exp(-P.gamma * t); }
    case 3u: { return tanh(P.gamma * t + P.coef0); }
    default: { return t; }
  }
}
`;

const PARAMS = /* wgsl */ `struct Params { rows: u32, len: u32, d: u32, kernel: u32, degree: u32, gamma: f32, coef0: f32 }`;

/** Bindings of the kernel-value passes: rows of A indexed by I against rows of B indexed by J. */
const PAIRS = /* wgsl */ `
${PARAMS}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> I: array<i32>;
@group(0) @binding(4) var<storage, read> J: array<i32>;
@group(0) @binding(5) var<storage, read_write> O: array<f32>;
${FLAT_INDEX}
${KERNEL_FN}
`;

/** out[r * len + c] = K(A[I[r]], B[J[c]]) (kernel rows; with I and J the identity, a kernel block). */
const KERNEL_ROWS = /* wgsl */ `
${PAIRS}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= P.rows * P.len) { return; }
  O[t] = kval(u32(I[t / P.len]), u32(J[t % P.len]));
}
`;

/** out[r * len + c] = Y[i] Y[j] K(A[i], A[j]) with i = I[r], j = J[c]: libsvm's SVC_Q rows. */
const Q_ROWS = /* wgsl */ `
${PAIRS}
@group(0) @binding(6) var<storage, read> Y: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= P.rows * P.len) { return; }
  let i = u32(I[t / P.len]);
  let j = u32(J[t % P.len]);
  O[t] = Y[i] * Y[j] * kval(i, j);
}
`;

/** out[p] = K(A[I[p]], B[J[p]]): the kernel matrix's diagonal with I = J = 0..n-1. */
const DIAGONAL = /* wgsl */ `
${PAIRS}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = flat(gid, nwg);
  if (p >= P.rows) { return; }
  O[p] = kval(u32(I[p]), u32(J[p]));
}
`;

/**
 * out[(row0 + i) * m + c] = sum_s Kb[i * nsv + s] * coef[s * m + c], terms with a zero coefficient
 * skipped (a non-finite kernel value of another pair's SV stays out); workgroup (i, c).
 */
const BLOCK_TIMES_COEF = /* wgsl */ `
struct Params { nsv: u32, m: u32, row0: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> Kb: array<f32>;
@group(0) @binding(2) var<storage, read> C: array<f32>;
@group(0) @binding(3) var<storage, read_write> O: array<f32>;
var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let i = wid.x;
  let c = wid.y;
  var a = 0.0;
  for (var s = li; s < P.nsv; s += ${WG}u) {
    let cv = C[s * P.m + c];
    if (cv != 0.0) { a += Kb[i * P.nsv + s] * cv; }
  }
  part[li] = a;
  workgroupBarrier();
  for (var h = ${WG / 2}u; h > 0u; h = h >> 1u) {
    if (li < h) { part[li] += part[li + h]; }
    workgroupBarrier();
  }
  if (li == 0u) { O[(P.row0 + i) * P.m + c] = part[0]; }
}
`;

function specParams(gpu: Gpu, rows: number, len: number, d: number, spec: SvmKernelSpec): GPUBuffer {
  const code = KERNEL_CODE[spec.kernel];
  if (code === undefined) throw new DeviceError(`webgpu: unknown SVM kernel '${spec.kernel}'`, 'webgpu');
  if (spec.kernel === 'poly' && !(Number.isInteger(spec.degree) && spec.degree >= 0))
    throw new DeviceError(`webgpu: poly kernel needs an integer degree >= 0, got ${spec.degree}`, 'webgpu');
  return gpu.uniforms(
    [rows, len, d, code, spec.kernel === 'poly' ? spec.degree : 0],
    [spec.gamma, spec.coef0],
  );
}

/** Bytes of kernel block one kernelDecision tile may hold (tiles of rows keep it under this). */
const BLOCK_BYTES = 64 * 1024 * 1024;
/** Workgroups per grid dimension. */
const MAX_GROUPS = 65535;

class WebgpuKernelRows implements PreparedKernelRows {
  private readonly host: Float32Array;
  private readonly X: GPUBuffer;
  /** Labels +1/-1 as float32 (all +1 without labels), swapped with the rows. */
  private readonly labels: Float32Array;
  private readonly Y: GPUBuffer;
  private rowIndex: GPUBuffer | null = null;
  private colIndex: GPUBuffer | null = null;
  private out: GPUBuffer | null = null;
  private disposed = false;

  constructor(
    private readonly gpu: Gpu,
    private readonly Xm: DenseMatrix,
    private readonly spec: SvmKernelSpec,
    y: Int8Array | undefined,
  ) {
    this.host = f32(Xm.data);
    this.X = gpu.upload(this.host);
    this.labels = y ? Float32Array.from(y) : new Float32Array(Xm.rows).fill(1);
    this.Y = gpu.upload(this.labels);
  }

  /** `current` if it holds `bytes`, else a new storage buffer (the old one destroyed). */
  private grow(current: GPUBuffer | null, bytes: number): GPUBuffer {
    if (current && current.size >= bytes) return current;
    current?.destroy();
    return this.gpu.storage(Math.max(bytes, 2 * (current?.size ?? 0)));
  }

  /** Q(rows[r], cols[c]) into out[r * stride + cols[c]]: a compact block on the device, placed here. */
  async kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array, stride: number): Promise<void> {
    const { gpu } = this;
    const nr = rows.length;
    const len = cols.length;
    if (nr === 0 || len === 0) return;
    this.live();
    const bytes = nr * len * 4;
    this.rowIndex = this.grow(this.rowIndex, nr * 4);
    this.colIndex = this.grow(this.colIndex, len * 4);
    this.out = this.grow(this.out, bytes);
    const q = gpu.device.queue;
    writeView(q, this.rowIndex, 0, rows);
    writeView(q, this.colIndex, 0, cols);
    const params = specParams(gpu, nr, len, this.Xm.cols, this.spec);
    const bind = [params, this.X, this.X, this.rowIndex, this.colIndex, this.out, this.Y];
    const [r] = await gpu.run(
      (enc) => gpu.dispatch(enc, Q_ROWS, bind, gpu.grid(nr * len)),
      [[this.out as GPUBuffer, bytes]],
      [params],
    );
    const block = new Float32Array(r as ArrayBuffer);
    for (let k = 0; k < nr; k++) {
      const o = k * stride;
      const b = k * len;
      for (let c = 0; c < len; c++) out[o + (cols[c] as number)] = block[b + c] as number;
    }
  }

  /** K(x[p], x[p]) for every position p (rbf: exactly 1, from the direct difference). */
  async diagonal(): Promise<Float64Array> {
    const { gpu } = this;
    const n = this.Xm.rows;
    if (n === 0) return new Float64Array(0);
    this.live();
    const iota = gpu.upload(Int32Array.from({ length: n }, (_, i) => i));
    const params = specParams(gpu, n, 1, this.Xm.cols, this.spec);
    const o = gpu.storage(n * 4);
    const bind = [params, this.X, this.X, iota, iota, o];
    const [r] = await gpu.run(
      (enc) => gpu.dispatch(enc, DIAGONAL, bind, gpu.grid(n)),
      [[o, n * 4]],
      [iota, params, o],
    );
    return Float64Array.from(new Float32Array(r as ArrayBuffer));
  }

  private live(): void {
    if (this.disposed) throw new DeviceError('webgpu: prepared kernel rows used after dispose()', 'webgpu');
  }

  swap(i: number, j: number): void {
    if (i === j) return;
    const d = this.Xm.cols;
    const a = this.host.slice(i * d, i * d + d);
    this.host.copyWithin(i * d, j * d, j * d + d);
    this.host.set(a, j * d);
    const yi = this.labels[i] as number;
    this.labels[i] = this.labels[j] as number;
    this.labels[j] = yi;
    const q = this.gpu.device.queue;
    writeView(q, this.X, i * d * 4, this.host, i * d, d);
    writeView(q, this.X, j * d * 4, this.host, j * d, d);
    writeView(q, this.Y, i * 4, this.labels, i, 1);
    writeView(q, this.Y, j * 4, this.labels, j, 1);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.X.destroy();
    this.Y.destroy();
    this.rowIndex?.destroy();
    this.colIndex?.destroy();
    this.out?.destroy();
  }
}

export function webgpuSvm(gpu: Gpu): SvmKernels {
  return {
    prepareKernelRows(X, spec, y) {
      return new WebgpuKernelRows(gpu, X, spec, y);
    },

    async kernelDecision(X, SV, spec, coef, m) {
      const n = X.rows;
      const nsv = SV.rows;
      const out = new Float64Array(n * m);
      if (n === 0 || m === 0 || nsv === 0) return out;
      const d = X.cols;
      const tile = Math.max(1, Math.min(MAX_GROUPS, n, Math.floor(BLOCK_BYTES / (4 * nsv))));
      const Xb = gpu.upload(f32(X.data));
      const Sb = gpu.upload(f32(SV.data));
      const Cb = gpu.upload(f32(coef));
      const O = gpu.storage(n * m * 4);
      const Kb = gpu.storage(tile * nsv * 4);
      const iota = gpu.upload(Int32Array.from({ length: Math.max(tile, nsv) }, (_, i) => i));
      const temps: GPUBuffer[] = [Xb, Sb, Cb, O, Kb, iota];
      const [r] = await gpu.run(
        (enc) => {
          for (let row0 = 0; row0 < n; row0 += tile) {
            const rows = Math.min(tile, n - row0);
            // One tile: X itself; several: the tile's rows copied out (offsets need 256-byte alignment).
            let xs = Xb;
            if (rows < n) {
              xs = gpu.storage(rows * d * 4);
              if (d > 0) enc.copyBufferToBuffer(Xb, row0 * d * 4, xs, 0, rows * d * 4);
              temps.push(xs);
            }
            const kp = specParams(gpu, rows, nsv, d, spec);
            const bp = gpu.uniforms([nsv, m, row0]);
            temps.push(kp, bp);
            gpu.dispatch(enc, KERNEL_ROWS, [kp, xs, Sb, iota, iota, Kb], gpu.grid(rows * nsv));
            gpu.dispatch(enc, BLOCK_TIMES_COEF, [bp, Kb, Cb, O], [rows, m]);
          }
        },
        [[O, n * m * 4]],
        temps,
      );
      out.set(new Float32Array(r as ArrayBuffer));
      return out;
    },
  };
}
