/**
 * Gaussian NB kernels in WGSL. Float32 loses the small spread of features with a large offset, so
 * the host shifts before rounding: the log-likelihood sees x - s and theta - s (s the mean of the
 * class means per feature), the moments see each row minus the first row of its class. The device
 * sums over row chunks; the host adds the chunk partials in float64 and undoes the shift.
 */
import type { ClassMoments, NbKernels } from '../../kernels/nb.js';
import { FLAT_INDEX, type Gpu, rowChunks, WG } from './gpu.js';

/** q[i * K + c] = sum_j (x_ij - theta_cj)^2 * invVar_cj. */
const QUADRATIC = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> T: array<f32>;
@group(0) @binding(3) var<storage, read> V: array<f32>;
@group(0) @binding(4) var<storage, read_write> Q: array<f32>;
${FLAT_INDEX}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= P.n * P.k) { return; }
  let i = t / P.k;
  let c = t % P.k;
  var a0 = 0.0;
  var a1 = 0.0;
  var j = 0u;
  loop {
    if (j + 2u > P.d) { break; }
    let e0 = X[i * P.d + j] - T[c * P.d + j];
    let e1 = X[i * P.d + j + 1u] - T[c * P.d + j + 1u];
    a0 += e0 * e0 * V[c * P.d + j];
    a1 += e1 * e1 * V[c * P.d + j + 1u];
    j += 2u;
  }
  if (j < P.d) {
    let e = X[i * P.d + j] - T[c * P.d + j];
    a0 += e * e * V[c * P.d + j];
  }
  Q[t] = a0 + a1;
}
`;

/**
 * Per-chunk class sums over rows of class c: column j < d sums w * (x_ij - M_cj)^p (p = 1 with
 * M = 0 for the first pass, p = 2 with the means for the second); column d sums w.
 * S[(z * K + c) * (d + 1) + j]; workgroup (feature tile, class, chunk).
 */
const CLASS_SUMS = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32, chunk: u32, power: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<i32>;
@group(0) @binding(3) var<storage, read> SW: array<f32>;
@group(0) @binding(4) var<storage, read> M: array<f32>;
@group(0) @binding(5) var<storage, read_write> S: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let j = wid.x * ${WG}u + li;
  let d = P.d;
  if (j > d) { return; }
  let c = wid.y;
  let i0 = wid.z * P.chunk;
  let i1 = min(P.n, i0 + P.chunk);
  var a = 0.0;
  if (j == d) {
    for (var i = i0; i < i1; i++) { if (u32(Y[i]) == c) { a += SW[i]; } }
  } else {
    let m = M[c * d + j];
    for (var i = i0; i < i1; i++) {
      if (u32(Y[i]) == c) {
        let e = X[i * d + j] - m;
        a += SW[i] * select(e, e * e, P.power == 2u);
      }
    }
  }
  S[(wid.z * P.k + c) * (d + 1u) + j] = a;
}
`;

export function webgpuNb(gpu: Gpu): NbKernels {
  return {
    async jointLogLikelihood(X, theta, invVar, logConst) {
      const { rows: n, cols: d } = X;
      const K = logConst.length;
      if (n === 0 || K === 0) return new Float64Array(n * K);
      const shift = new Float64Array(d);
      for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) shift[j] += (theta[c * d + j] as number) / K;
      const xs = new Float32Array(n * d);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < d; j++) xs[i * d + j] = (X.data[i * d + j] as number) - (shift[j] as number);
      const ts = new Float32Array(K * d);
      for (let c = 0; c < K; c++)
        for (let j = 0; j < d; j++) ts[c * d + j] = (theta[c * d + j] as number) - (shift[j] as number);
      const bufs = [
        gpu.uniforms([n, d, K]),
        gpu.upload(xs),
        gpu.upload(ts),
        gpu.upload(Float32Array.from(invVar)),
        gpu.storage(n * K * 4),
      ];
      const q = bufs[4] as GPUBuffer;
      const [r] = await gpu.run(
        (enc) => gpu.dispatch(enc, QUADRATIC, bufs, gpu.grid(n * K)),
        [[q, n * K * 4]],
        bufs,
      );
      const quad = new Float32Array(r as ArrayBuffer);
      const out = new Float64Array(n * K);
      for (let i = 0; i < n; i++)
        for (let c = 0; c < K; c++)
          out[i * K + c] = (logConst[c] as number) - 0.5 * (quad[i * K + c] as number);
      return out;
    },

    async classMoments(X, y, weights, K): Promise<ClassMoments> {
      const { rows: n, cols: d } = X;
      const count = new Float64Array(K);
      const mean = new Float64Array(K * d);
      const variance = new Float64Array(K * d);
      if (K === 0) return { count, mean, variance };
      // Each row minus the first row of its class (float64), then rounded.
      const first = new Int32Array(K).fill(-1);
      for (let i = 0; i < n; i++) if (first[y[i] as number] === -1) first[y[i] as number] = i;
      const xs = new Float32Array(n * d);
      for (let i = 0; i < n; i++) {
        const s = (first[y[i] as number] as number) * d;
        for (let j = 0; j < d; j++) xs[i * d + j] = (X.data[i * d + j] as number) - (X.data[s + j] as number);
      }
      const { chunks, chunk } = rowChunks(n);
      const w = d + 1;
      const bytes = chunks * K * w * 4;
      const data = [
        gpu.upload(xs),
        gpu.upload(y),
        gpu.upload(weights ? Float32Array.from(weights) : new Float32Array(n).fill(1)),
      ];
      const [X32, Y32, SW] = data as [GPUBuffer, GPUBuffer, GPUBuffer];
      /** Sums per class and feature of w (x - M)^power over all chunks, in float64. */
      const sums = async (power: 1 | 2, M: Float32Array): Promise<Float64Array> => {
        const bufs = [gpu.uniforms([n, d, K, chunk, power]), gpu.upload(M), gpu.storage(bytes)];
        const [params, Mb, S] = bufs as [GPUBuffer, GPUBuffer, GPUBuffer];
        const [r] = await gpu.run(
          (enc) =>
            gpu.dispatch(enc, CLASS_SUMS, [params, X32, Y32, SW, Mb, S], [Math.ceil(w / WG), K, chunks]),
          [[S, bytes]],
          bufs,
        );
        const part = new Float32Array(r as ArrayBuffer);
        const total = new Float64Array(K * w);
        for (let z = 0; z < chunks; z++)
          for (let e = 0; e < K * w; e++) total[e] = (total[e] as number) + (part[z * K * w + e] as number);
        return total;
      };
      try {
        const s1 = await sums(1, new Float32Array(K * d));
        const shifted = new Float32Array(K * d);
        for (let c = 0; c < K; c++) {
          const cnt = s1[c * w + d] as number;
          count[c] = cnt;
          for (let j = 0; j < d; j++) shifted[c * d + j] = (s1[c * w + j] as number) / cnt;
        }
        const s2 = await sums(2, shifted);
        for (let c = 0; c < K; c++) {
          const f = first[c] as number;
          for (let j = 0; j < d; j++) {
            const cnt = count[c] as number;
            const m1 = (s1[c * w + j] as number) / cnt;
            // The second pass centered on float32(m1): correct for the rounding of the center.
            const delta = m1 - (shifted[c * d + j] as number);
            mean[c * d + j] = (f >= 0 ? (X.data[f * d + j] as number) : 0) + m1;
            variance[c * d + j] = Math.max(0, (s2[c * w + j] as number) / cnt - delta * delta);
          }
        }
      } finally {
        for (const b of data) b.destroy();
      }
      return { count, mean, variance };
    },
  };
}
