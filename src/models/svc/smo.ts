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
 * The solver's arrays (position order, swapped as it shrinks) and constants. Only arrays and
 * constants: the scalars that change (the active size, the working pair) stay locals of solveSmo
 * and parameters of the helpers, so no object field changes under optimized code (a field written
 * after its first value makes V8 drop the code that assumed it constant).
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
  /** shrinkBounds' Gmax1, Gmax2. */
  readonly bounds: Float64Array;
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

/*
 * The hot loops live in small synchronous functions (not in the async solveSmo): V8 optimizes a
 * small function after a few calls, while the body of a large async one runs interpreted (every
 * float a heap allocation) until its slow whole-function compile is done.
 */

/** v[k] += s * q[k] for k in [from, to). */
function addScaled(v: Float64Array, q: Float32Array, s: number, from: number, to: number): void {
  for (let k = from; k < to; k++) v[k] = (v[k] as number) + s * (q[k] as number);
}

/** G[k] += Qi[k] dAi + Qj[k] dAj for k < n. */
function addPair(
  G: Float64Array,
  Qi: Float32Array,
  dAi: number,
  Qj: Float32Array,
  dAj: number,
  n: number,
): void {
  for (let k = 0; k < n; k++) G[k] = (G[k] as number) + ((Qi[k] as number) * dAi + (Qj[k] as number) * dAj);
}

/** s + sum over free j < n of alpha_j Qi[j]. */
function freeDot(st: State, Qi: Float32Array, s: number, n: number): number {
  const { status, alpha } = st;
  for (let j = 0; j < n; j++) if (status[j] === FREE) s += (alpha[j] as number) * (Qi[j] as number);
  return s;
}

async function reconstructGradient(st: State, activeSize: number): Promise<void> {
  const { l, G, Gbar, p, status, alpha, Q } = st;
  if (activeSize === l) return;
  let nrFree = 0;
  for (let j = activeSize; j < l; j++) G[j] = (Gbar[j] as number) + (p[j] as number);
  for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
  if (nrFree * l > 2 * activeSize * (l - activeSize)) {
    for (let i = activeSize; i < l; i++) {
      const q: Row = Q.getQ(i, activeSize);
      const Qi = q instanceof Float32Array ? q : await q;
      G[i] = freeDot(st, Qi, G[i] as number, activeSize);
    }
  } else {
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== FREE) continue;
      const q: Row = Q.getQ(i, l);
      const Qi = q instanceof Float32Array ? q : await q;
      addScaled(G, Qi, alpha[i] as number, activeSize, l);
    }
  }
}

/**
 * WSS2's j for the i of selectI (its Q row fetched here), or -1 when optimal (no violating pair
 * beyond eps). A promise only when row i of Q comes from a device later.
 */
function selectPartner(st: State, i: number, activeSize: number): number | Promise<number> {
  if (i === -1) return selectJ(st, -1, null, activeSize);
  const q: Row = st.Q.getQ(i, activeSize);
  return q instanceof Float32Array
    ? selectJ(st, i, q, activeSize)
    : q.then((Qi) => selectJ(st, i, Qi, activeSize));
}

/** WSS2's i: the maximal violator (-1 when none). */
function selectI(st: State, activeSize: number): number {
  const { y, G, status } = st;
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

/** WSS2's j given i and its Q row (i = -1: none, only Gmax2 for the stopping test); -1 when optimal. */
function selectJ(st: State, i: number, Qi: Float32Array | null, activeSize: number): number {
  const { y, G, status, QD, eps } = st;
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
  if (Gmax + Gmax2 < eps || GminIdx === -1) return -1;
  return GminIdx;
}

function beShrunk(st: State, i: number, Gmax1: number, Gmax2: number): boolean {
  const Gi = st.G[i] as number;
  const s = st.status[i];
  if (s === UPPER) return st.y[i] === 1 ? -Gi > Gmax1 : -Gi > Gmax2;
  if (s === LOWER) return st.y[i] === 1 ? Gi > Gmax2 : Gi > Gmax1;
  return false;
}

/** doShrinking's Gmax1 = max { -y_i grad(f)_i | i in I_up }, Gmax2 = max { y_i grad(f)_i | i in I_low }, into st.bounds. */
function shrinkBounds(st: State, activeSize: number): void {
  const { y, G, status } = st;
  let Gmax1 = -Infinity;
  let Gmax2 = -Infinity;
  for (let i = 0; i < activeSize; i++) {
    const Gi = G[i] as number;
    if (y[i] === 1) {
      if (status[i] !== UPPER && -Gi >= Gmax1) Gmax1 = -Gi;
      if (status[i] !== LOWER && Gi >= Gmax2) Gmax2 = Gi;
    } else {
      if (status[i] !== UPPER && -Gi >= Gmax2) Gmax2 = -Gi;
      if (status[i] !== LOWER && Gi >= Gmax1) Gmax1 = Gi;
    }
  }
  st.bounds[0] = Gmax1;
  st.bounds[1] = Gmax2;
}

/** The shrinkable positions moved past the active ones; returns the new active size. */
function shrink(st: State, activeSize: number, Gmax1: number, Gmax2: number): number {
  for (let i = 0; i < activeSize; i++) {
    if (beShrunk(st, i, Gmax1, Gmax2)) {
      activeSize--;
      while (activeSize > i) {
        if (!beShrunk(st, activeSize, Gmax1, Gmax2)) {
          swapIndex(st, i, activeSize);
          break;
        }
        activeSize--;
      }
    }
  }
  return activeSize;
}

/**
 * One SMO step on the pair (i, j) with their Q rows over the active set: the new alphas, G over
 * the active set and the statuses. Returns which of i (bit 1) and j (bit 2) entered or left the
 * upper bound (their full rows then update Gbar).
 */
function step(
  st: State,
  i: number,
  j: number,
  Qi: Float32Array,
  Qj: Float32Array,
  activeSize: number,
): number {
  const { QD, G, C, y, alpha, status } = st;
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
  addPair(G, Qi, ai - oldAi, Qj, aj - oldAj, activeSize);
  const ui = status[i] === UPPER;
  const uj = status[j] === UPPER;
  status[i] = statusOf(ai, Ci);
  status[j] = statusOf(aj, Cj);
  return (ui !== (status[i] === UPPER) ? 1 : 0) | (uj !== (status[j] === UPPER) ? 2 : 0);
}

/** Gbar += (+-C_i) Q_i over all positions for a sample i that entered (+) or left (-) its upper bound. */
async function updateGbar(st: State, i: number): Promise<void> {
  const q: Row = st.Q.getQ(i, st.l);
  const Qf = q instanceof Float32Array ? q : await q;
  const Ci = st.C[i] as number;
  addScaled(st.Gbar, Qf, st.status[i] === UPPER ? Ci : -Ci, 0, st.l);
}

/**
 * Solves the dual. `y` holds +1/-1, `C` the per-sample upper bounds, `p` the linear term, `alpha0`
 * a feasible start (all zeros for C-SVC). Q is permuted in place while shrinking.
 */
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
    bounds: new Float64Array(2),
  };
  const { p, y, C, alpha, status, activeSet, G, Gbar } = st;
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
      addScaled(G, Qi, alpha[i] as number, 0, l);
      if (status[i] === UPPER) addScaled(Gbar, Qi, C[i] as number, 0, l);
    }
  }

  const maxIter =
    options.maxIter === -1 ? Math.max(10_000_000, l > 21474836 ? 2147483647 : 100 * l) : options.maxIter;
  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let converged = false;
  let activeSize = l;
  let unshrink = false;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (options.shrinking) {
        shrinkBounds(st, activeSize);
        const Gmax1 = st.bounds[0] as number;
        const Gmax2 = st.bounds[1] as number;
        if (!unshrink && Gmax1 + Gmax2 <= st.eps * 10) {
          unshrink = true;
          await reconstructGradient(st, activeSize);
          activeSize = l;
        }
        activeSize = shrink(st, activeSize, Gmax1, Gmax2);
      }
    }
    let i = selectI(st, activeSize);
    let jj = selectPartner(st, i, activeSize);
    let j = typeof jj === 'number' ? jj : await jj;
    if (j === -1) {
      await reconstructGradient(st, activeSize);
      activeSize = l;
      i = selectI(st, activeSize);
      jj = selectPartner(st, i, activeSize);
      j = typeof jj === 'number' ? jj : await jj;
      if (j === -1) {
        converged = true;
        break;
      }
      counter = 1; // shrink again at the next iteration
    }
    iter++;
    const qi: Row = Q.getQ(i, activeSize);
    const Qi = qi instanceof Float32Array ? qi : await qi;
    const qj: Row = Q.getQ(j, activeSize);
    const Qj = qj instanceof Float32Array ? qj : await qj;
    const changed = step(st, i, j, Qi, Qj, activeSize);
    if (changed & 1) await updateGbar(st, i);
    if (changed & 2) await updateGbar(st, j);
  }
  if (!converged && activeSize < l) {
    await reconstructGradient(st, activeSize);
    activeSize = l;
  }

  // rho
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < activeSize; i++) {
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
