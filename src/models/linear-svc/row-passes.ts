/**
 * The primal Newton solver's passes over the rows of X (the n-sized work of each iteration), with
 * the intercept as an implicit last feature of value `bias` when given: the full Newton step (row
 * dots with the step, margins, objective and the gradient there) in one pass, the gradient at
 * w = 0, and the gradient over the active rows. Rows are taken four at a time; every sum keeps the
 * row order of the one-row loops, so the results are bit for bit theirs.
 */
/**
 * The step w + s in one pass over X: Xs_i = y_i x_i's (two rows at a time, two partial sums per
 * row: the dot products are latency-bound otherwise), zNext = z + Xs, the
 * objective's data part sum_{m_i > 0} C_i m_i^2 (m_i = 1 - zNext_i) added to out.f in row order (as
 * objectiveAt(1)), and the gradient at w + s accumulated into g (which holds w + s on entry) with
 * the active rows and their coefficients, out.na of them (as activeGradient after z += Xs). Each
 * row is read once; the gradient is summed in row order, four rows at a time as they come.
 */
export function fullStepPass(
  X: Float64Array,
  n: number,
  D: number,
  bias: number | undefined,
  y: Int8Array,
  C: Float64Array,
  z: Float64Array,
  s: Float64Array,
  Xs: Float64Array,
  zNext: Float64Array,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
  out: { f: number; na: number },
): void {
  const hasBias = bias !== undefined;
  const e = bias ?? 0;
  const p = hasBias ? D - 1 : D;
  const sb = e * (s[p] as number); // read only with a bias (s has D = p + 1 entries then)
  let f = out.f;
  let na = 0;
  let done = 0; // active[done..na) not yet in g
  let i = 0;
  // four rows at a time sharing the loads of s (each row's sums as in the two-row loop below)
  for (; i + 4 <= n; i += 4) {
    const o = i * p;
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let c0 = 0;
    let c1 = 0;
    let d0 = 0;
    let d1 = 0;
    let k = 0;
    for (; k + 2 <= p; k += 2) {
      const s0 = s[k] as number;
      const s1 = s[k + 1] as number;
      const t = o + k;
      a0 += (X[t] as number) * s0;
      a1 += (X[t + 1] as number) * s1;
      b0 += (X[t + p] as number) * s0;
      b1 += (X[t + p + 1] as number) * s1;
      c0 += (X[t + 2 * p] as number) * s0;
      c1 += (X[t + 2 * p + 1] as number) * s1;
      d0 += (X[t + 3 * p] as number) * s0;
      d1 += (X[t + 3 * p + 1] as number) * s1;
    }
    if (k < p) {
      const s0 = s[k] as number;
      const t = o + k;
      a0 += (X[t] as number) * s0;
      b0 += (X[t + p] as number) * s0;
      c0 += (X[t + 2 * p] as number) * s0;
      d0 += (X[t + 3 * p] as number) * s0;
      if (hasBias) {
        a1 += sb;
        b1 += sb;
        c1 += sb;
        d1 += sb;
      }
    } else if (hasBias) {
      a0 += sb;
      b0 += sb;
      c0 += sb;
      d0 += sb;
    }
    Xs[i] = (y[i] as number) * (a0 + a1);
    Xs[i + 1] = (y[i + 1] as number) * (b0 + b1);
    Xs[i + 2] = (y[i + 2] as number) * (c0 + c1);
    Xs[i + 3] = (y[i + 3] as number) * (d0 + d1);
    for (let r = i; r < i + 4; r++) {
      const zi = (z[r] as number) + (Xs[r] as number);
      zNext[r] = zi;
      const m = 1 - zi;
      if (m > 0) {
        f += (C[r] as number) * m * m;
        active[na] = r;
        coef[na++] = -2 * (C[r] as number) * m * (y[r] as number);
      }
    }
    while (na - done >= 4) {
      addRows4(X, p, bias, g, active, coef, done);
      done += 4;
    }
  }
  for (; i < n; ) {
    let x0: number;
    let x1 = 0;
    const two = i + 2 <= n;
    const o = i * p;
    if (two) {
      const q = o + p;
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      let k = 0;
      for (; k + 2 <= p; k += 2) {
        const s0 = s[k] as number;
        const s1 = s[k + 1] as number;
        a0 += (X[o + k] as number) * s0;
        a1 += (X[o + k + 1] as number) * s1;
        b0 += (X[q + k] as number) * s0;
        b1 += (X[q + k + 1] as number) * s1;
      }
      if (k < p) {
        const s0 = s[k] as number;
        a0 += (X[o + k] as number) * s0;
        b0 += (X[q + k] as number) * s0;
        if (hasBias) {
          a1 += sb;
          b1 += sb;
        }
      } else if (hasBias) {
        a0 += sb;
        b0 += sb;
      }
      x0 = (y[i] as number) * (a0 + a1);
      x1 = (y[i + 1] as number) * (b0 + b1);
    } else {
      let t = 0;
      for (let k = 0; k < p; k++) t += (X[o + k] as number) * (s[k] as number);
      if (hasBias) t += sb;
      x0 = (y[i] as number) * t;
    }
    const end = two ? i + 2 : i + 1;
    for (; i < end; i++) {
      const xs = i === end - 1 && two ? x1 : x0;
      Xs[i] = xs;
      const zi = (z[i] as number) + xs;
      zNext[i] = zi;
      const m = 1 - zi;
      if (m > 0) {
        f += (C[i] as number) * m * m;
        active[na] = i;
        coef[na++] = -2 * (C[i] as number) * m * (y[i] as number);
      }
    }
    if (na - done >= 4) {
      addRows4(X, p, bias, g, active, coef, done);
      done += 4;
    }
  }
  for (; done + 4 <= na; done += 4) addRows4(X, p, bias, g, active, coef, done);
  for (; done < na; done++) {
    const o = (active[done] as number) * p;
    const c = coef[done] as number;
    for (let k = 0; k < p; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
    if (hasBias) g[p] = (g[p] as number) + c * e;
  }
  out.f = f;
  out.na = na;
}

/**
 * activeGradient at w = 0 (z = 0: every row active with margin 1, coefficient -2 C_i y_i), g = 0 on
 * entry; the same sums in the same order, through the tile of the full-step pass.
 */
export function gradientAtZero(
  X: Float64Array,
  n: number,
  D: number,
  bias: number | undefined,
  y: Int8Array,
  C: Float64Array,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
): number {
  const p = bias === undefined ? D : D - 1;
  for (let i = 0; i < n; i++) {
    active[i] = i;
    coef[i] = -2 * (C[i] as number) * (y[i] as number);
  }
  let t = 0;
  for (; t + 4 <= n; t += 4) addRows4(X, p, bias, g, active, coef, t);
  for (; t < n; t++) {
    const o = t * p;
    const c = coef[t] as number;
    for (let k = 0; k < p; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
    if (bias !== undefined) g[p] = (g[p] as number) + c * bias;
  }
  return n;
}

/** g += sum of coef[t] x_{active[t]} for t = t0..t0+3, added in that order (activeGradient's tile). */
function addRows4(
  X: Float64Array,
  p: number,
  bias: number | undefined,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
  t: number,
): void {
  const o0 = (active[t] as number) * p;
  const o1 = (active[t + 1] as number) * p;
  const o2 = (active[t + 2] as number) * p;
  const o3 = (active[t + 3] as number) * p;
  const c0 = coef[t] as number;
  const c1 = coef[t + 1] as number;
  const c2 = coef[t + 2] as number;
  const c3 = coef[t + 3] as number;
  if (bias !== undefined) g[p] = (g[p] as number) + c0 * bias + c1 * bias + c2 * bias + c3 * bias;
  for (let k = 0; k < p; k++) {
    g[k] =
      (g[k] as number) +
      c0 * (X[o0 + k] as number) +
      c1 * (X[o1 + k] as number) +
      c2 * (X[o2 + k] as number) +
      c3 * (X[o3 + k] as number);
  }
}

/**
 * g = w - 2 sum_{i: z_i < 1} C_i (1 - z_i) y_i x_i, after z += step Xs (Xs finite; step 0 leaves z as it is); the active
 * rows go to active[0..na) (returned na), their coefficients to coef. Four rows per pass over g.
 */
export function activeGradient(
  X: Float64Array,
  n: number,
  D: number,
  bias: number | undefined,
  y: Int8Array,
  C: Float64Array,
  z: Float64Array,
  w: Float64Array,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
  step: number,
  Xs: Float64Array,
): number {
  let na = 0;
  for (let i = 0; i < n; i++) {
    const zi = (z[i] as number) + step * (Xs[i] as number);
    z[i] = zi;
    const m = 1 - zi;
    if (m > 0) {
      active[na] = i;
      coef[na++] = -2 * (C[i] as number) * m * (y[i] as number);
    }
  }
  g.set(w);
  const p = bias === undefined ? D : D - 1;
  let t = 0;
  for (; t + 4 <= na; t += 4) addRows4(X, p, bias, g, active, coef, t);
  for (; t < na; t++) {
    const o = (active[t] as number) * p;
    const c = coef[t] as number;
    for (let k = 0; k < p; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
    if (bias !== undefined) g[p] = (g[p] as number) + c * bias;
  }
  return na;
}
