// exp on f64x2, fdlibm's algorithm (e_exp.c, which V8's Math.exp runs) lane by lane: the same
// argument reduction x = k ln2 + r (k by fdlibm's rule), the same rational approximation
// 1 - ((lo - r c / (2 - c)) - hi), then 2^k applied as two exact power-of-two factors, so results
// in the subnormal range round once as fdlibm's do. The results equal Math.exp's bit for bit on
// every input checked (with V8's one special case, exp(1) = Math.E); +Infinity above 709.78, 0 below -745.13, NaN propagates.

const INV_LN2: f64 = Math.LOG2E;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const P1: f64 = 0.16666666666666602;
const P2: f64 = -0.0027777777777015593;
const P3: f64 = 6.613756321437934e-5;
const P4: f64 = -1.6533902205465252e-6;
const P5: f64 = 4.1381367970572385e-8;
const O_THRESHOLD: f64 = 709.782712893384;
const U_THRESHOLD: f64 = -745.1332191019411;
/** |x| >= this (high word > 0x3fd62e42): reduce; below it k = 0. */
const HALF_LN2_BITS: i64 = (<i64>0x3fd62e43) << 32;
/** |x| < this (high word < 0x3ff0a2b2): k = +-1. */
const THREE_HALF_LN2_BITS: i64 = (<i64>0x3ff0a2b2) << 32;
/** |x| < 2^-28: exp(x) = 1 + x. */
const TINY_BITS: i64 = (<i64>0x3e300000) << 32;
/** 1.5 * 2^52: an integer-valued double plus this holds the integer in its low mantissa bits. */
const SHIFT: f64 = 6755399441055744.0;
const SHIFT_BITS: i64 = (<i64>0x43380000) << 32;

export function expv(x: v128): v128 {
  const ax = f64x2.abs(x);
  const sign = v128.andnot(x, ax);
  const half = v128.or(f64x2.splat(0.5), sign);
  const one = v128.or(f64x2.splat(1), sign);
  const big = f64x2.trunc(f64x2.add(f64x2.mul(x, f64x2.splat(INV_LN2)), half));
  const reduce = i64x2.ge_s(ax, i64x2.splat(HALF_LN2_BITS));
  const near = i64x2.lt_s(ax, i64x2.splat(THREE_HALF_LN2_BITS));
  const k = v128.and(v128.bitselect(one, big, near), reduce);
  const hi = f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(k, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let q = f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)));
  q = f64x2.add(f64x2.splat(P3), f64x2.mul(t, q));
  q = f64x2.add(f64x2.splat(P2), f64x2.mul(t, q));
  q = f64x2.add(f64x2.splat(P1), f64x2.mul(t, q));
  const c = f64x2.sub(r, f64x2.mul(t, q));
  const rc = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c));
  const y = f64x2.sub(f64x2.splat(1), f64x2.sub(f64x2.sub(lo, rc), hi));
  const ki = i64x2.sub(f64x2.add(k, f64x2.splat(SHIFT)), i64x2.splat(SHIFT_BITS));
  const k1 = i64x2.shr_s(ki, 1);
  const k2 = i64x2.sub(ki, k1);
  const s1 = i64x2.shl(i64x2.add(k1, i64x2.splat(1023)), 52);
  const s2 = i64x2.shl(i64x2.add(k2, i64x2.splat(1023)), 52);
  let e = f64x2.mul(f64x2.mul(y, s1), s2);
  e = v128.bitselect(f64x2.add(f64x2.splat(1), x), e, i64x2.lt_s(ax, i64x2.splat(TINY_BITS)));
  e = v128.bitselect(f64x2.splat(Math.E), e, f64x2.eq(x, f64x2.splat(1)));
  e = v128.bitselect(f64x2.splat(Infinity), e, f64x2.gt(x, f64x2.splat(O_THRESHOLD)));
  return v128.bitselect(f64x2.splat(0), e, f64x2.lt(x, f64x2.splat(U_THRESHOLD)));
}

/** out[i] = exp(x[i]) for n values (the host's accuracy checks). */
export function expArray(x: usize, n: i32, out: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = (<usize>i) << 3;
    v128.store(out + o, expv(v128.load(x + o)));
  }
  if (i < n) {
    const o = (<usize>i) << 3;
    store<f64>(out + o, f64x2.extract_lane(expv(f64x2.splat(load<f64>(x + o))), 0));
  }
}
