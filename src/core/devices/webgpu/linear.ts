/**
 * Linear kernels in WGSL: scores X Wᵀ + b (one thread per score), their row argmax (one thread per
 * row, only the indices come back; -1 for a row with a non-finite score), and the cross-entropy loss with X, y and the sample weights
 * resident on the device for a whole fit: each call uploads w, runs three passes (per-row scores,
 * probabilities and loss with a workgroup sum; gradient partials over row chunks; their sum) and
 * reads back the loss partials (summed in float64 here) and the gradient.
 */
import type { DenseMatrix } from '../../kernels/contract.js';
import type {
  LinearFunctions,
  LinearKernels,
  LinearLossProblem,
  PreparedLinearLoss,
} from '../../kernels/linear.js';
import { FLAT_INDEX, f32, type Gpu, rowChunks, WG } from './gpu.js';

/** Dot product of X's row i with W's row c (d terms, four interleaved float32 accumulators). */
const DOT = /* wgsl */ `
fn dotRow(i: u32, c: u32, d: u32) -> f32 {
  var a = vec4f(0.0);
  var j = 0u;
  let xi = i * d;
  let wc = c * d;
  loop {
    if (j + 4u > d) { break; }
    a += vec4f(X[xi + j], X[xi + j + 1u], X[xi + j + 2u], X[xi + j + 3u]) *
         vec4f(W[wc + j], W[wc + j + 1u], W[wc + j + 2u], W[wc + j + 3u]);
    j += 4u;
  }
  var s = (a.x + a.y) + (a.z + a.w);
  loop {
    if (j >= d) { break; }
    s += X[xi + j] * W[wc + j];
    j += 1u;
  }
  return s;
}
`;

const SCORES = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read> B: array<f32>;
@group(0) @binding(4) var<storage, read_write> S: array<f32>;
${FLAT_INDEX}
${DOT}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= P.n * P.k) { return; }
  let i = t / P.k;
  let c = t % P.k;
  S[t] = B[c] + dotRow(i, c, P.d);
}
`;

const ARGMAX = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read> B: array<f32>;
@group(0) @binding(4) var<storage, read_write> A: array<i32>;
${FLAT_INDEX}
${DOT}
/** Not NaN nor an infinity, from the bits (compilers may assume floats are finite). */
fn finite(s: f32) -> bool { return (bitcast<u32>(s) & 0x7f800000u) != 0x7f800000u; }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat(gid, nwg);
  if (i >= P.n) { return; }
  var top = B[0] + dotRow(i, 0u, P.d);
  var bad = !finite(top);
  var best = select(0, 1, top > 0.0);
  if (P.k > 1u) {
    best = 0;
    for (var c = 1u; c < P.k; c++) {
      let s = B[c] + dotRow(i, c, P.d);
      bad = bad || !finite(s);
      if (s > top) { top = s; best = i32(c); }
    }
  }
  A[i] = select(best, -1, bad);
}
`;

/**
 * Pass 1 of the loss: per row, the scores (into R), the weighted cross-entropy (summed per
 * workgroup into L) and the weighted residuals sw * (p - onehot(y)) (over the scores in R).
 */
const LOSS_ROWS = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32, fitIntercept: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<i32>;
@group(0) @binding(3) var<storage, read> SW: array<f32>;
@group(0) @binding(4) var<storage, read> W: array<f32>;
@group(0) @binding(5) var<storage, read_write> R: array<f32>;
@group(0) @binding(6) var<storage, read_write> L: array<f32>;
${FLAT_INDEX}
${DOT}
var<workgroup> part: array<f32, ${WG}>;

fn softplus(a: f32) -> f32 { return max(a, 0.0) + log(1.0 + exp(-abs(a))); }

fn rowLoss(i: u32) -> f32 {
  let k = P.k;
  let sw = SW[i];
  let y = u32(Y[i]);
  for (var c = 0u; c < k; c++) {
    var z = dotRow(i, c, P.d);
    if (P.fitIntercept == 1u) { z += W[k * P.d + c]; }
    R[i * k + c] = z;
  }
  if (k == 1u) {
    let z = R[i];
    let pos = y == 1u;
    let p = select(exp(z) / (1.0 + exp(z)), 1.0 / (1.0 + exp(-z)), z >= 0.0);
    R[i] = sw * (p - select(0.0, 1.0, pos));
    return sw * softplus(select(z, -z, pos));
  }
  var m = R[i * k];
  for (var c = 1u; c < k; c++) { m = max(m, R[i * k + c]); }
  var s = 0.0;
  for (var c = 0u; c < k; c++) { s += exp(R[i * k + c] - m); }
  let zy = R[i * k + y];
  for (var c = 0u; c < k; c++) {
    R[i * k + c] = sw * (exp(R[i * k + c] - m) / s - select(0.0, 1.0, c == y));
  }
  return sw * (m + log(s) - zy);
}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3u) {
  let i = flat(gid, nwg);
  var v = 0.0;
  if (i < P.n) { v = rowLoss(i); }
  part[li] = v;
  workgroupBarrier();
  for (var h = ${WG / 2}u; h > 0u; h = h >> 1u) {
    if (li < h) { part[li] += part[li + h]; }
    workgroupBarrier();
  }
  if (li == 0u) { L[wid.x + wid.y * nwg.x] = part[0]; }
}
`;

/**
 * Pass 2: gradient partials over row chunks. Workgroup (feature tile, class c, chunk z); column
 * j == d is the intercept (x = 1). G[(z * k + c) * (d + 1) + j] = sum_{i in chunk} R[i, c] x_ij.
 */
const LOSS_GRAD_PARTS = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32, chunk: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> R: array<f32>;
@group(0) @binding(3) var<storage, read_write> G: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let j = wid.x * ${WG}u + li;
  let d = P.d;
  if (j > d) { return; }
  let c = wid.y;
  let i0 = wid.z * P.chunk;
  let i1 = min(P.n, i0 + P.chunk);
  var a0 = 0.0;
  var a1 = 0.0;
  var i = i0;
  if (j < d) {
    loop {
      if (i + 2u > i1) { break; }
      a0 += R[i * P.k + c] * X[i * d + j];
      a1 += R[(i + 1u) * P.k + c] * X[(i + 1u) * d + j];
      i += 2u;
    }
    if (i < i1) { a0 += R[i * P.k + c] * X[i * d + j]; }
  } else {
    loop {
      if (i + 2u > i1) { break; }
      a0 += R[i * P.k + c];
      a1 += R[(i + 1u) * P.k + c];
      i += 2u;
    }
    if (i < i1) { a0 += R[i * P.k + c]; }
  }
  G[(wid.z * P.k + c) * (d + 1u) + j] = a0 + a1;
}
`;

/** Pass 3: sums the chunk partials into the contract's layout (k x d weights, then k intercepts). */
const LOSS_GRAD_SUM = /* wgsl */ `
struct Params { d: u32, k: u32, chunks: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> O: array<f32>;
${FLAT_INDEX}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = flat(gid, nwg);
  let w = P.d + 1u;
  let size = P.k * w;
  if (e >= size) { return; }
  var s = 0.0;
  for (var z = 0u; z < P.chunks; z++) { s += G[z * size + e]; }
  let c = e / w;
  let j = e % w;
  O[select(P.k * P.d + c, c * P.d + j, j < P.d)] = s;
}
`;

class WebgpuLinearLoss implements PreparedLinearLoss {
  private readonly n: number;
  private readonly d: number;
  private readonly k: number;
  private readonly fitIntercept: boolean;
  private readonly chunk: number;
  private readonly chunks: number;
  private readonly lossGroups: number;
  private readonly buffers: Record<'X' | 'Y' | 'SW' | 'W' | 'R' | 'L' | 'GP' | 'G', GPUBuffer>;
  private readonly params: Record<'rows' | 'parts' | 'sum', GPUBuffer>;
  private disposed = false;

  constructor(
    private readonly gpu: Gpu,
    p: LinearLossProblem,
  ) {
    const { rows: n, cols: d } = p.X;
    const k = p.k;
    this.n = n;
    this.d = d;
    this.k = k;
    this.fitIntercept = p.fitIntercept;
    ({ chunks: this.chunks, chunk: this.chunk } = rowChunks(n));
    this.lossGroups = gpu.grid(n).reduce((a, b) => a * b, 1);
    const sw = p.sampleWeight ? f32(p.sampleWeight) : new Float32Array(n).fill(1);
    this.buffers = {
      X: gpu.upload(f32(p.X.data)),
      Y: gpu.upload(p.y),
      SW: gpu.upload(sw),
      W: gpu.storage(k * (d + 1) * 4),
      R: gpu.storage(n * k * 4),
      L: gpu.storage(this.lossGroups * 4),
      GP: gpu.storage(this.chunks * k * (d + 1) * 4),
      G: gpu.storage(k * (d + 1) * 4),
    };
    this.params = {
      rows: gpu.uniforms([n, d, k, p.fitIntercept ? 1 : 0]),
      parts: gpu.uniforms([n, d, k, this.chunk]),
      sum: gpu.uniforms([d, k, this.chunks]),
    };
  }

  async valueAndGrad(w: Float64Array, grad: Float64Array | null): Promise<number> {
    const { gpu, buffers: b, params, n, d, k } = this;
    const size = k * d + (this.fitIntercept ? k : 0);
    gpu.device.queue.writeBuffer(b.W, 0, f32(w.subarray(0, size)));
    const reads: [GPUBuffer, number][] = [[b.L, this.lossGroups * 4]];
    if (grad) reads.push([b.G, size * 4]);
    const [loss, g] = await gpu.run((enc) => {
      gpu.dispatch(enc, LOSS_ROWS, [params.rows, b.X, b.Y, b.SW, b.W, b.R, b.L], gpu.grid(n));
      if (!grad) return;
      gpu.dispatch(
        enc,
        LOSS_GRAD_PARTS,
        [params.parts, b.X, b.R, b.GP],
        [Math.ceil((d + 1) / WG), k, this.chunks],
      );
      gpu.dispatch(enc, LOSS_GRAD_SUM, [params.sum, b.GP, b.G], gpu.grid(k * (d + 1)));
    }, reads);
    if (grad && g) grad.set(new Float32Array(g));
    let value = 0;
    for (const v of new Float32Array(loss as ArrayBuffer)) value += v;
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const buf of [...Object.values(this.buffers), ...Object.values(this.params)]) buf.destroy();
  }
}

/** Uploads X and the functions, runs `code` (SCORES or ARGMAX) and reads `bytes` of its output. */
async function runLinear(
  gpu: Gpu,
  code: string,
  X: DenseMatrix,
  f: LinearFunctions,
  threads: number,
  bytes: number,
): Promise<ArrayBuffer> {
  const bufs = [
    gpu.uniforms([X.rows, X.cols, f.k]),
    gpu.upload(f32(X.data)),
    gpu.upload(f32(f.W)),
    gpu.upload(f32(f.b)),
    gpu.storage(bytes),
  ];
  const out = bufs[4] as GPUBuffer;
  const [r] = await gpu.run((enc) => gpu.dispatch(enc, code, bufs, gpu.grid(threads)), [[out, bytes]], bufs);
  return r as ArrayBuffer;
}

export function webgpuLinear(gpu: Gpu): LinearKernels {
  return {
    async linearScores(X, f) {
      const n = X.rows * f.k;
      if (n === 0) return new Float64Array(0);
      return Float64Array.from(new Float32Array(await runLinear(gpu, SCORES, X, f, n, n * 4)));
    },
    async linearArgmax(X, f) {
      if (X.rows === 0) return new Int32Array(0);
      return new Int32Array(await runLinear(gpu, ARGMAX, X, f, X.rows, X.rows * 4));
    },
    prepareLinearLoss(p) {
      return new WebgpuLinearLoss(gpu, p);
    },
  };
}
