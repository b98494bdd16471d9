/**
 * libsvm's SMO solver (Fan, Chen & Lin 2005) for
 *   min_a 0.5 a'Qa + p'a  s.t.  y'a = 0,  0 <= a_i <= C_i,
 * with second-order working-set selection (WSS2), shrinking with gradient reconstruction, and the
 * same stopping rule (max violating pair gap < eps) and bias (rho) computation as libsvm. Q rows
 * may come from a device (promises): the solver awaits only those, so on the host it runs without
 * a single await per iteration.
 */
import type { QMatrix } from './q-matrix.js';

/** Q rows arrive now (host devices) or later (a device); only the latter costs an await. */
type Row = Float32Array | Promise<Float32Array>;

const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

export interface SmoOptions {
  /** Stopping tolerance on the maximal violating pair (libsvm's eps). */
  readonly eps: number;
  readonly shrinking: boolean;
  /** Iteration cap; -1 means libsvm's safety cap max(1e7, 100 l). */
  readonly maxIter: number;
}

export interface SmoResult {
  /** Solution in the problem's original order. */
  readonly alpha: Float64Array;
  readonly rho: number;
  readonly obj: number;
  readonly iterations: number;
  /** false when the iteration cap stopped the solver before the tolerance was met. */
  readonly converged: boolean;
}

/**
 * Solves the dual. `y` holds +1/-1, `C` the per-sample upper bounds, `p` the linear term, `alpha0`
 * a feasible start (all zeros for C-SVC). Q is permuted in place while shrinking.
 */
interface State {
  readonly l: number;
  readonly Q: QMatrix;
  readonly QD: Float64Array;
  readonly p: Float64Array;
  readonly y: Int8Array;
  readonly C: Float64Array;
  readonly alpha: Float64Array;
  readonly status: Uint8Array;
  readonly activeSet: Int32Array;
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly eps: number;
  activeSize: number;
  unshrink: boolean;
  outI: number;
  outJ: number;
}

function statusOf(a: number, c: number): number {
  return a >= c ? UPPER : a <= 0 ? LOWER : FREE;
}

function swapIndex(st: State, i: number, j: number): void {
  st.Q.swapIndex(i, j);
  swapI8(st.y, i, j);
  swapF64(st.G, i, j);
  swapU8(st.status, i, j);
  swapF64(st.alpha, i, j);
  swapF64(st.p, i, j);
  swapI32(st.activeSet, i, j);
  swapF64(st.Gbar, i, j);
  swapF64(st.C, i, j);
}

async function reconstructGradient(st: State): Promise<void> {
  const { l, activeSize, G, Gbar, p, status, alpha, Q } = st;
  if (activeSize === l) return;
  let nrFree = 0;
  for (let j = activeSize; j < l; j++) G[j] = (Gbar[j] as number) + (p[j] as number);
  for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
  if (nrFree * l > 2 * activeSize * (l - activeSize)) {
    for (let i = activeSize; i < l; i++) {
      const q: Row = Q.getQ(i, activeSize);
      const Qi = q instanceof Float32Array ? q : await q;
      let s = G[i] as number;
      for (let j = 0; j < activeSize; j++)
        if (status[j] === FREE) s += (alpha[j] as number) * (Qi[j] as number);
      G[i] = s;
    }
  } else {
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== FREE) continue;
      const q: Row = Q.getQ(i, l);
      const Qi = q instanceof Float32Array ? q : await q;
      const ai = alpha[i] as number;
      for (let j = activeSize; j < l; j++) G[j] = (G[j] as number) + ai * (Qi[j] as number);
    }
  }
}

/**
 * WSS2; true when optimal (no violating pair beyond eps), else sets st.outI/outJ. A promise only
 * when row i of Q comes from a device later.
 */
function selectWorkingSet(st: State): boolean | Promise<boolean> {
  const i = selectI(st);
  if (i === -1) return selectJ(st, -1, null);
  const q: Row = st.Q.getQ(i, st.activeSize);
  return q instanceof Float32Array ? selectJ(st, i, q) : q.then((Qi) => selectJ(st, i, Qi));
}

/** WSS2's i: the maximal violator (-1 when none). */
function selectI(st: State): number {
  const { activeSize, y, G, status } = st;
  let Gmax = -Infinity;
  let GmaxIdx = -1;
  for (let t = 0; t < activeSize; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -(G[t] as number) >= Gmax) {
        Gmax = -(G[t] as number);
        GmaxIdx = t;
      }
    } else if (status[t] !== LOWER && (G[t] as number) >= Gmax) {
      Gmax = G[t] as number;
      GmaxIdx = t;
    }
  }
  return GmaxIdx;
}

/** WSS2's j given i and its Q row (i = -1: none, only Gmax2 for the stopping test). */
function selectJ(st: State, i: number, Qi: Float32Array | null): boolean {
  const { activeSize, y, G, status, QD, eps } = st;
  const Gmax = i === -1 ? -Infinity : y[i] === 1 ? -(G[i] as number) : (G[i] as number);
  let Gmax2 = -Infinity;
  let GminIdx = -1;
  let objDiffMin = Infinity;
  if (Qi) {
    const QDi = QD[i] as number;
    const yi = y[i] as number;
    for (let j = 0; j < activeSize; j++) {
      const Gj = G[j] as number;
      if (y[j] === 1) {
        if (status[j] !== LOWER) {
          const gradDiff = Gmax + Gj;
          if (Gj >= Gmax2) Gmax2 = Gj;
          if (gradDiff > 0) {
            const quad = QDi + (QD[j] as number) - 2 * yi * (Qi[j] as number);
            const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (status[j] !== UPPER) {
        const gradDiff = Gmax - Gj;
        if (-Gj >= Gmax2) Gmax2 = -Gj;
        if (gradDiff > 0) {
          const quad = QDi + (QD[j] as number) + 2 * yi * (Qi[j] as number);
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
  } else {
    // no candidate for i: still compute Gmax2 for the stopping test, as libsvm does
    for (let j = 0; j < activeSize; j++) {
      const Gj = G[j] as number;
      if (y[j] === 1) {
        if (status[j] !== LOWER && Gj >= Gmax2) Gmax2 = Gj;
      } else if (status[j] !== UPPER && -Gj >= Gmax2) Gmax2 = -Gj;
    }
  }
  if (Gmax + Gmax2 < eps || GminIdx === -1) return true;
  st.outI = i;
  st.outJ = GminIdx;
  return false;
}

function beShrunk(st: State, i: number, Gmax1: number, Gmax2: number): boolean {
  const Gi = st.G[i] as number;
  const s = st.status[i];
  if (s === UPPER) return st.y[i] === 1 ? -Gi > Gmax1 : -Gi > Gmax2;
  if (s === LOWER) return st.y[i] === 1 ? Gi > Gmax2 : Gi > Gmax1;
  return false;
}

async function doShrinking(st: State): Promise<void> {
  const { y, G, status } = st;
  let Gmax1 = -Infinity; // max { -y_i grad(f)_i | i in I_up(alpha) }
  let Gmax2 = -Infinity; // max { y_i grad(f)_i | i in I_low(alpha) }
  for (let i = 0; i < st.activeSize; i++) {
    const Gi = G[i] as number;
    if (y[i] === 1) {
      if (status[i] !== UPPER && -Gi >= Gmax1) Gmax1 = -Gi;
      if (status[i] !== LOWER && Gi >= Gmax2) Gmax2 = Gi;
    } else {
      if (status[i] !== UPPER && -Gi >= Gmax2) Gmax2 = -Gi;
      if (status[i] !== LOWER && Gi >= Gmax1) Gmax1 = Gi;
    }
  }
  if (!st.unshrink && Gmax1 + Gmax2 <= st.eps * 10) {
    st.unshrink = true;
    await reconstructGradient(st);
    st.activeSize = st.l;
  }
  for (let i = 0; i < st.activeSize; i++) {
    if (beShrunk(st, i, Gmax1, Gmax2)) {
      st.activeSize--;
      while (st.activeSize > i) {
        if (!beShrunk(st, st.activeSize, Gmax1, Gmax2)) {
          swapIndex(st, i, st.activeSize);
          break;
        }
        st.activeSize--;
      }
    }
  }
}

export async function solveSmo(
  Q: QMatrix,
  p0: Float64Array,
  y0: Int8Array,
  C0: Float64Array,
  alpha0: Float64Array,
  options: SmoOptions,
): Promise<SmoResult> {
  const l = p0.length;
  const st: State = {
    l,
    Q,
    QD: Q.QD,
    p: Float64Array.from(p0),
    y: Int8Array.from(y0),
    C: Float64Array.from(C0),
    alpha: Float64Array.from(alpha0),
    status: new Uint8Array(l),
    activeSet: new Int32Array(l),
    G: new Float64Array(l),
    Gbar: new Float64Array(l),
    eps: options.eps,
    activeSize: l,
    unshrink: false,
    outI: -1,
    outJ: -1,
  };
  const { p, y, C, alpha, status, activeSet, G, Gbar, QD } = st;
  for (let i = 0; i < l; i++) {
    status[i] = statusOf(alpha[i] as number, C[i] as number);
    activeSet[i] = i;
  }
  // gradient
  for (let i = 0; i < l; i++) G[i] = p[i] as number;
  for (let i = 0; i < l; i++) {
    if (status[i] !== LOWER) {
      const q: Row = Q.getQ(i, l);
      const Qi = q instanceof Float32Array ? q : await q;
      const ai = alpha[i] as number;
      for (let j = 0; j < l; j++) G[j] = (G[j] as number) + ai * (Qi[j] as number);
      if (status[i] === UPPER) {
        const ci = C[i] as number;
        for (let j = 0; j < l; j++) Gbar[j] = (Gbar[j] as number) + ci * (Qi[j] as number);
      }
    }
  }

  const maxIter =
    options.maxIter === -1 ? Math.max(10_000_000, l > 21474836 ? 2147483647 : 100 * l) : options.maxIter;
  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let converged = false;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) await doShrinking(st);
    }
    let optimal = selectWorkingSet(st);
    if (typeof optimal !== 'boolean') optimal = await optimal;
    if (optimal) {
      await reconstructGradient(st);
      st.activeSize = l;
      optimal = selectWorkingSet(st);
      if (typeof optimal !== 'boolean') optimal = await optimal;
      if (optimal) {
        converged = true;
        break;
      }
      counter = 1; // shrink again at the next iteration
    }
    const i = st.outI;
    const j = st.outJ;
    const activeSize = st.activeSize;
    iter++;
    const qi: Row = Q.getQ(i, activeSize);
    const Qi = qi instanceof Float32Array ? qi : await qi;
    const qj: Row = Q.getQ(j, activeSize);
    const Qj = qj instanceof Float32Array ? qj : await qj;
    const Ci = C[i] as number;
    const Cj = C[j] as number;
    const oldAi = alpha[i] as number;
    const oldAj = alpha[j] as number;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = (QD[i] as number) + (QD[j] as number) + 2 * (Qi[j] as number);
      if (quad <= 0) quad = TAU;
      const delta = (-(G[i] as number) - (G[j] as number)) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      let quad = (QD[i] as number) + (QD[j] as number) - 2 * (Qi[j] as number);
      if (quad <= 0) quad = TAU;
      const delta = ((G[i] as number) - (G[j] as number)) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) {
          ai = Ci;
          aj = sum - Ci;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > Cj) {
        if (aj > Cj) {
          aj = Cj;
          ai = sum - Cj;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dAi = ai - oldAi;
    const dAj = aj - oldAj;
    for (let k = 0; k < activeSize; k++)
      G[k] = (G[k] as number) + ((Qi[k] as number) * dAi + (Qj[k] as number) * dAj);
    const ui = status[i] === UPPER;
    const uj = status[j] === UPPER;
    status[i] = statusOf(ai, Ci);
    status[j] = statusOf(aj, Cj);
    if (ui !== (status[i] === UPPER)) {
      const q: Row = Q.getQ(i, l);
      const Qf = q instanceof Float32Array ? q : await q;
      const s = ui ? -Ci : Ci;
      for (let k = 0; k < l; k++) Gbar[k] = (Gbar[k] as number) + s * (Qf[k] as number);
    }
    if (uj !== (status[j] === UPPER)) {
      const q: Row = Q.getQ(j, l);
      const Qf = q instanceof Float32Array ? q : await q;
      const s = uj ? -Cj : Cj;
      for (let k = 0; k < l; k++) Gbar[k] = (Gbar[k] as number) + s * (Qf[k] as number);
    }
  }
  if (!converged && st.activeSize < l) {
    await reconstructGradient(st);
    st.activeSize = l;
  }

  // rho
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < st.activeSize; i++) {
    const yG = (y[i] as number) * (G[i] as number);
    if (status[i] === UPPER) {
      if (y[i] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (status[i] === LOWER) {
      if (y[i] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nrFree++;
      sumFree += yG;
    }
  }
  const rho = nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  let v = 0;
  for (let i = 0; i < l; i++) v += (alpha[i] as number) * ((G[i] as number) + (p[i] as number));
  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[activeSet[i] as number] = alpha[i] as number;
  return { alpha: out, rho, obj: v / 2, iterations: iter, converged };
}

function swapF64(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
function swapI32(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
function swapI8(a: Int8Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
function swapU8(a: Uint8Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
