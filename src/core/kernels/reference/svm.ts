/**
 * Float64 reference of the svm kernels, bit-identical to libsvm: every dot product and squared
 * distance is summed left to right; four columns go at a time (four independent sums, each still
 * left to right) to break the add-latency chain. Standalone functions over plain arguments, so the
 * JIT keeps the loops in registers.
 */
import type { DenseMatrix } from '../contract.js';
import type { PreparedKernelRows, SvmKernelSpec, SvmKernels } from '../svm.js';

/** libsvm's powi: x^n for a non-negative integer n by repeated squaring. */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** The kernel's outer function of a dot product (linear, poly, sigmoid). */
function fromDot(spec: SvmKernelSpec, dot: number): number {
  switch (spec.kernel) {
    case 'poly':
      return powi(spec.gamma * dot + spec.coef0, spec.degree);
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot + spec.coef0);
    default:
      return dot;
  }
}

/** Dot product of two rows of one array, summed left to right (as libsvm), unrolled by 4. */
function dotRows(x: Float64Array, a: number, b: number, d: number): number {
  let s = 0;
  let k = 0;
  const d4 = d - (d % 4);
  for (; k < d4; k += 4) {
    s += (x[a + k] as number) * (x[b + k] as number);
    s += (x[a + k + 1] as number) * (x[b + k + 1] as number);
    s += (x[a + k + 2] as number) * (x[b + k + 2] as number);
    s += (x[a + k + 3] as number) * (x[b + k + 3] as number);
  }
  for (; k < d; k++) s += (x[a + k] as number) * (x[b + k] as number);
  return s;
}

/**
 * out[o + j] = y_i y_j exp(g (sqi + sq[j] - 2 x_i.x_j)) for j in cols (libsvm's kernel_rbf, g = -gamma).
 */
function rbfEntries(
  xp: Float64Array,
  d: number,
  oi: number,
  sq: Float64Array,
  sqi: number,
  g: number,
  y: Int8Array,
  yi: number,
  cols: Int32Array,
  out: Float32Array,
  o: number,
): void {
  const m = cols.length;
  let t = 0;
  for (; t + 3 < m; t += 4) {
    const j0 = cols[t] as number;
    const j1 = cols[t + 1] as number;
    const j2 = cols[t + 2] as number;
    const j3 = cols[t + 3] as number;
    const o0 = j0 * d;
    const o1 = j1 * d;
    const o2 = j2 * d;
    const o3 = j3 * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < d; k++) {
      const v = xp[oi + k] as number;
      s0 += v * (xp[o0 + k] as number);
      s1 += v * (xp[o1 + k] as number);
      s2 += v * (xp[o2 + k] as number);
      s3 += v * (xp[o3 + k] as number);
    }
    out[o + j0] = yi * (y[j0] as number) * Math.exp(g * (sqi + (sq[j0] as number) - 2 * s0));
    out[o + j1] = yi * (y[j1] as number) * Math.exp(g * (sqi + (sq[j1] as number) - 2 * s1));
    out[o + j2] = yi * (y[j2] as number) * Math.exp(g * (sqi + (sq[j2] as number) - 2 * s2));
    out[o + j3] = yi * (y[j3] as number) * Math.exp(g * (sqi + (sq[j3] as number) - 2 * s3));
  }
  for (; t < m; t++) {
    const j = cols[t] as number;
    out[o + j] =
      yi * (y[j] as number) * Math.exp(g * (sqi + (sq[j] as number) - 2 * dotRows(xp, oi, j * d, d)));
  }
}

/** out[o + j] = y_i y_j x_i.x_j for j in cols. */
function dotEntries(
  xp: Float64Array,
  d: number,
  oi: number,
  y: Int8Array,
  yi: number,
  cols: Int32Array,
  out: Float32Array,
  o: number,
): void {
  const m = cols.length;
  let t = 0;
  for (; t + 3 < m; t += 4) {
    const j0 = cols[t] as number;
    const j1 = cols[t + 1] as number;
    const j2 = cols[t + 2] as number;
    const j3 = cols[t + 3] as number;
    const o0 = j0 * d;
    const o1 = j1 * d;
    const o2 = j2 * d;
    const o3 = j3 * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < d; k++) {
      const v = xp[oi + k] as number;
      s0 += v * (xp[o0 + k] as number);
      s1 += v * (xp[o1 + k] as number);
      s2 += v * (xp[o2 + k] as number);
      s3 += v * (xp[o3 + k] as number);
    }
    out[o + j0] = yi * (y[j0] as number) * s0;
    out[o + j1] = yi * (y[j1] as number) * s1;
    out[o + j2] = yi * (y[j2] as number) * s2;
    out[o + j3] = yi * (y[j3] as number) * s3;
  }
  for (; t < m; t++) {
    const j = cols[t] as number;
    out[o + j] = yi * (y[j] as number) * dotRows(xp, oi, j * d, d);
  }
}

/** Same for poly and sigmoid: the outer function in float64 before the one rounding to float32. */
function fromDotEntries(
  spec: SvmKernelSpec,
  xp: Float64Array,
  d: number,
  oi: number,
  y: Int8Array,
  yi: number,
  cols: Int32Array,
  out: Float32Array,
  o: number,
): void {
  for (let t = 0; t < cols.length; t++) {
    const j = cols[t] as number;
    out[o + j] = yi * (y[j] as number) * fromDot(spec, dotRows(xp, oi, j * d, d));
  }
}

/**
 * The training rows copied in position order with their squared norms and labels (libsvm's x,
 * x_square and y).
 */
class ReferenceKernelRows implements PreparedKernelRows {
  private readonly xp: Float64Array;
  private readonly sq: Float64Array;
  private readonly y: Int8Array;
  private readonly d: number;

  constructor(
    X: DenseMatrix,
    private readonly spec: SvmKernelSpec,
    y: Int8Array | undefined,
  ) {
    const { rows: n, cols: d } = X;
    this.d = d;
    this.y = y ? Int8Array.from(y) : new Int8Array(n).fill(1);
    this.xp = X.data.slice(0, n * d);
    this.sq = new Float64Array(n);
    for (let p = 0; p < n; p++) this.sq[p] = dotRows(this.xp, p * d, p * d, d);
  }

  kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array, stride: number): void {
    const { xp, sq, y, d, spec } = this;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r] as number;
      const oi = i * d;
      const yi = y[i] as number;
      const o = r * stride;
      if (spec.kernel === 'rbf') rbfEntries(xp, d, oi, sq, sq[i] as number, -spec.gamma, y, yi, cols, out, o);
      else if (spec.kernel === 'linear') dotEntries(xp, d, oi, y, yi, cols, out, o);
      else fromDotEntries(spec, xp, d, oi, y, yi, cols, out, o);
    }
  }

  diagonal(): Float64Array {
    const { xp, sq, d, spec } = this;
    const out = new Float64Array(sq.length);
    for (let p = 0; p < out.length; p++) {
      const dot = dotRows(xp, p * d, p * d, d);
      out[p] =
        spec.kernel === 'rbf'
          ? Math.exp(-spec.gamma * ((sq[p] as number) + (sq[p] as number) - 2 * dot))
          : fromDot(spec, dot);
    }
    return out;
  }

  swap(i: number, j: number): void {
    if (i === j) return;
    const { xp, sq, y, d } = this;
    let t = sq[i] as number;
    sq[i] = sq[j] as number;
    sq[j] = t;
    t = y[i] as number;
    y[i] = y[j] as number;
    y[j] = t;
    for (let k = 0, a = i * d, b = j * d; k < d; k++, a++, b++) {
      t = xp[a] as number;
      xp[a] = xp[b] as number;
      xp[b] = t;
    }
  }

  dispose(): void {}
}

/**
 * One row of K(A, B): kr[j] = K(a_i, b_j) with rbf as libsvm's k_function (the direct sum of
 * squared differences, exact for near-identical rows).
 */
function kernelRowBlock(
  spec: SvmKernelSpec,
  a: Float64Array,
  ao: number,
  b: Float64Array,
  m: number,
  d: number,
  kr: Float64Array,
): void {
  const rbf = spec.kernel === 'rbf';
  const g = spec.gamma;
  let j = 0;
  for (; j + 3 < m; j += 4) {
    const b0 = j * d;
    const b1 = b0 + d;
    const b2 = b1 + d;
    const b3 = b2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    if (rbf) {
      for (let k = 0; k < d; k++) {
        const v = a[ao + k] as number;
        const t0 = v - (b[b0 + k] as number);
        const t1 = v - (b[b1 + k] as number);
        const t2 = v - (b[b2 + k] as number);
        const t3 = v - (b[b3 + k] as number);
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
      }
      kr[j] = Math.exp(-g * s0);
      kr[j + 1] = Math.exp(-g * s1);
      kr[j + 2] = Math.exp(-g * s2);
      kr[j + 3] = Math.exp(-g * s3);
    } else {
      for (let k = 0; k < d; k++) {
        const v = a[ao + k] as number;
        s0 += v * (b[b0 + k] as number);
        s1 += v * (b[b1 + k] as number);
        s2 += v * (b[b2 + k] as number);
        s3 += v * (b[b3 + k] as number);
      }
      kr[j] = s0;
      kr[j + 1] = s1;
      kr[j + 2] = s2;
      kr[j + 3] = s3;
    }
  }
  for (; j < m; j++) {
    const bo = j * d;
    let s = 0;
    if (rbf) {
      for (let k = 0; k < d; k++) {
        const t = (a[ao + k] as number) - (b[bo + k] as number);
        s += t * t;
      }
      kr[j] = Math.exp(-g * s);
    } else {
      for (let k = 0; k < d; k++) s += (a[ao + k] as number) * (b[bo + k] as number);
      kr[j] = s;
    }
  }
  if (!rbf && spec.kernel !== 'linear') for (let k = 0; k < m; k++) kr[k] = fromDot(spec, kr[k] as number);
}

function kernelDecision(
  X: DenseMatrix,
  SV: DenseMatrix,
  spec: SvmKernelSpec,
  coef: Float64Array,
  m: number,
): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const nSV = SV.rows;
  const out = new Float64Array(n * m);
  // per column, the runs of consecutive support vectors with nonzero coefficients (one-vs-one:
  // the two classes of the pair), their coefficients packed in run order
  const colRuns = new Int32Array(m + 1);
  const runs: number[] = []; // first sv, length, offset into vals
  const vals: number[] = [];
  for (let c = 0; c < m; c++) {
    let open = false;
    for (let s = 0; s < nSV; s++) {
      const v = coef[s * m + c] as number;
      if (v === 0) {
        open = false;
        continue;
      }
      if (open) runs[runs.length - 2]++;
      else {
        runs.push(s, 1, vals.length);
        open = true;
      }
      vals.push(v);
    }
    colRuns[c + 1] = runs.length / 3;
  }
  const run = Int32Array.from(runs);
  const val = Float64Array.from(vals);
  const kr = new Float64Array(nSV);
  for (let i = 0; i < n; i++) {
    kernelRowBlock(spec, X.data, i * d, SV.data, nSV, d, kr);
    const o = i * m;
    for (let c = 0; c < m; c++) {
      // over s ascending, in a register
      let sum = 0;
      for (let q = colRuns[c] as number, e = colRuns[c + 1] as number; q < e; q++) {
        const s0 = run[3 * q] as number;
        const len = run[3 * q + 1] as number;
        const v0 = run[3 * q + 2] as number;
        for (let t = 0; t < len; t++) sum += (kr[s0 + t] as number) * (val[v0 + t] as number);
      }
      out[o + c] = sum;
    }
  }
  return out;
}

export const svmReference: SvmKernels = {
  prepareKernelRows: (X, spec, y) => new ReferenceKernelRows(X, spec, y),
  kernelDecision,
};
