// SVM kernels (libsvm's definitions, bit-identical to the float64 reference): each dot product and
// squared distance is summed left to right over the features, as libsvm does, so SIMD runs across
// columns: two lanes hold two columns, four columns share each load of the row.
import { expv } from './exp';
import { tanh } from './host';
import { pair, quad } from './vec';

export const LINEAR = 0;
export const POLY = 1;
export const RBF = 2;
export const SIGMOID = 3;

function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/** x.z summed left to right. */
export function dotSeq(x: usize, z: usize, d: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < d; k++) s += load<f64>(at(x, k)) * load<f64>(at(z, k));
  return s;
}

/** out[c] = x.z_c (or |x - z_c|^2) for the m rows z_c = Z + idx[c] * d (idx = 0: z_c = Z + c * d). */
function rowValues(x: usize, Z: usize, idx: usize, m: i32, d: i32, sq: bool, out: usize): void {
  const stride = (<usize>d) << 3;
  let c = 0;
  for (; c + 4 <= m; c += 4) {
    let a: usize, b: usize, g: usize, e: usize;
    if (idx) {
      const ip = idx + ((<usize>c) << 2);
      a = Z + <usize>load<i32>(ip) * stride;
      b = Z + <usize>load<i32>(ip, 4) * stride;
      g = Z + <usize>load<i32>(ip, 8) * stride;
      e = Z + <usize>load<i32>(ip, 12) * stride;
    } else {
      a = Z + <usize>c * stride;
      b = a + stride;
      g = b + stride;
      e = g + stride;
    }
    quad(x, a, b, g, e, d, sq, 0, at(out, c));
  }
  for (; c < m; c += 2) {
    const c1 = c + 1 < m ? c + 1 : c;
    const ja = idx ? load<i32>(idx + ((<usize>c) << 2)) : c;
    const jb = idx ? load<i32>(idx + ((<usize>c1) << 2)) : c1;
    const v = pair(x, Z + <usize>ja * stride, Z + <usize>jb * stride, d, sq, 0);
    store<f64>(at(out, c), f64x2.extract_lane(v, 0));
    if (c + 1 < m) store<f64>(at(out, c + 1), f64x2.extract_lane(v, 1));
  }
}

/** libsvm's powi, lane by lane: base^times by repeated squaring (times >= 0). */
function powiv(base: v128, times: i32): v128 {
  let tmp = base;
  let ret = f64x2.splat(1);
  for (let t = times; t > 0; t >>= 1) {
    if (t & 1) ret = f64x2.mul(ret, tmp);
    tmp = f64x2.mul(tmp, tmp);
  }
  return ret;
}

/** The outer function of the dot-product kernels, in place on m values: poly or sigmoid. */
function fromDots(kind: i32, gamma: f64, coef0: f64, degree: i32, v: usize, m: i32): void {
  const g = f64x2.splat(gamma);
  const c0 = f64x2.splat(coef0);
  if (kind === POLY) {
    let c = 0;
    for (; c + 2 <= m; c += 2) {
      const p = at(v, c);
      v128.store(p, powiv(f64x2.add(f64x2.mul(g, v128.load(p)), c0), degree));
    }
    if (c < m) {
      const p = at(v, c);
      store<f64>(
        p,
        f64x2.extract_lane(powiv(f64x2.add(f64x2.mul(g, f64x2.splat(load<f64>(p))), c0), degree), 0),
      );
    }
  } else if (kind === SIGMOID) {
    for (let c = 0; c < m; c++) {
      const p = at(v, c);
      store<f64>(p, tanh(gamma * load<f64>(p) + coef0));
    }
  }
}

/** exp(scale * v) in place on m values (rbf from squared distances). */
function expScaled(scale: f64, v: usize, m: i32): void {
  const s = f64x2.splat(scale);
  let c = 0;
  for (; c + 2 <= m; c += 2) {
    const p = at(v, c);
    v128.store(p, expv(f64x2.mul(s, v128.load(p))));
  }
  if (c < m) {
    const p = at(v, c);
    store<f64>(p, f64x2.extract_lane(expv(f64x2.splat(scale * load<f64>(p))), 0));
  }
}

/** sq[p] = x_p.x_p (left to right) for the n rows of X: libsvm's x_square. */
export function squaredNorms(X: usize, n: i32, d: i32, sq: usize): void {
  for (let p = 0; p < n; p++) {
    const x = at(X, p * d);
    store<f64>(at(sq, p), dotSeq(x, x, d));
  }
}

/**
 * out (float32, nr x nc) = K(x[rows[r]], x[cols[c]]) as libsvm's Kernel (rbf from the squared norms
 * sq: exp(-gamma (sq_i + sq_j - 2 x_i.x_j))); tmp is nc float64 scratch.
 */
export function kernelRows(
  X: usize,
  d: i32,
  sq: usize,
  kind: i32,
  gamma: f64,
  coef0: f64,
  degree: i32,
  rows: usize,
  nr: i32,
  cols: usize,
  nc: i32,
  out: usize,
  tmp: usize,
): void {
  const g = f64x2.splat(-gamma);
  const two = f64x2.splat(2);
  for (let r = 0; r < nr; r++) {
    const i = load<i32>(rows + ((<usize>r) << 2));
    rowValues(at(X, i * d), X, cols, nc, d, false, tmp);
    if (kind === RBF) {
      const si = f64x2.splat(load<f64>(at(sq, i)));
      let c = 0;
      for (; c + 2 <= nc; c += 2) {
        const cp = cols + ((<usize>c) << 2);
        const sj = f64x2.replace_lane(
          f64x2.splat(load<f64>(at(sq, load<i32>(cp)))),
          1,
          load<f64>(at(sq, load<i32>(cp, 4))),
        );
        const p = at(tmp, c);
        v128.store(p, expv(f64x2.mul(g, f64x2.sub(f64x2.add(si, sj), f64x2.mul(two, v128.load(p))))));
      }
      if (c < nc) {
        const sj = f64x2.splat(load<f64>(at(sq, load<i32>(cols + ((<usize>c) << 2)))));
        const p = at(tmp, c);
        const v = f64x2.mul(g, f64x2.sub(f64x2.add(si, sj), f64x2.mul(two, f64x2.splat(load<f64>(p)))));
        store<f64>(p, f64x2.extract_lane(expv(v), 0));
      }
    } else fromDots(kind, gamma, coef0, degree, tmp, nc);
    const o = out + ((<usize>(r * nc)) << 2);
    for (let c = 0; c < nc; c++) store<f32>(o + ((<usize>c) << 2), <f32>load<f64>(at(tmp, c)));
  }
}

/** out[p] = K(x_p, x_p) in float64 (libsvm's QD; rbf from the squared norms, as kernelRows). */
export function kernelDiagonal(
  X: usize,
  n: i32,
  d: i32,
  sq: usize,
  kind: i32,
  gamma: f64,
  coef0: f64,
  degree: i32,
  out: usize,
): void {
  for (let p = 0; p < n; p++) {
    const x = at(X, p * d);
    const dot = dotSeq(x, x, d);
    const s = load<f64>(at(sq, p));
    store<f64>(at(out, p), kind === RBF ? -gamma * (s + s - 2 * dot) : dot);
  }
  if (kind === RBF) expScaled(1, out, n);
  else fromDots(kind, gamma, coef0, degree, out, n);
}

/**
 * out (n x m) = K(X, SV) coef (coef nSV x m), rbf as libsvm's k_function (exp(-gamma |x - z|^2)),
 * each sum over the support vectors ascending. Rows go two at a time, one per lane, through the
 * coefficient sums; kr is 4 * nSV float64 scratch.
 */
export function kernelDecision(
  X: usize,
  n: i32,
  d: i32,
  SV: usize,
  nSV: i32,
  kind: i32,
  gamma: f64,
  coef0: f64,
  degree: i32,
  coef: usize,
  m: i32,
  out: usize,
  kr: usize,
): void {
  const ka = kr;
  const kb = at(kr, nSV);
  const kv = at(kr, 2 * nSV);
  const rbf = kind === RBF;
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    rowValues(at(X, i * d), SV, 0, nSV, d, rbf, ka);
    rowValues(at(X, i1 * d), SV, 0, nSV, d, rbf, kb);
    if (rbf) {
      expScaled(-gamma, ka, nSV);
      expScaled(-gamma, kb, nSV);
    } else {
      fromDots(kind, gamma, coef0, degree, ka, nSV);
      fromDots(kind, gamma, coef0, degree, kb, nSV);
    }
    for (let s = 0; s < nSV; s++) {
      v128.store(
        at(kv, 2 * s),
        f64x2.replace_lane(f64x2.splat(load<f64>(at(ka, s))), 1, load<f64>(at(kb, s))),
      );
    }
    for (let c = 0; c < m; c++) {
      let acc = f64x2.splat(0);
      for (let s = 0; s < nSV; s++) {
        acc = f64x2.add(
          acc,
          f64x2.mul(v128.load(at(kv, 2 * s)), f64x2.splat(load<f64>(at(coef, s * m + c)))),
        );
      }
      store<f64>(at(out, i * m + c), f64x2.extract_lane(acc, 0));
      if (i1 !== i) store<f64>(at(out, i1 * m + c), f64x2.extract_lane(acc, 1));
    }
  }
}
