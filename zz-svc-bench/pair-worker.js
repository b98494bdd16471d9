// src/models/svc/pair-worker.ts
import { parentPort, workerData } from "node:worker_threads";

// src/core/rng.ts
var Rng = class _Rng {
  s0;
  s1;
  s2;
  s3;
  spare = null;
  constructor(seed = 0) {
    let x = seed >>> 0 || 2654435769;
    const next = () => {
      x = x + 2654435769 >>> 0;
      let z = x;
      z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
      z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
      return (z ^ z >>> 16) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }
  /** Uniform 32-bit unsigned integer. */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = this.s1 << 9 >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }
  /** Uniform float in [0, 1) with 53 random bits. */
  next() {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  /** Uniform integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** Standard normal (Box-Muller, caching the second value). */
  normal() {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** In-place Fisher-Yates shuffle. */
  shuffle(a) {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }
  /** A child generator with an independent stream, derived deterministically. */
  fork() {
    return new _Rng(this.nextUint32());
  }
};
function rotl(x, k) {
  return (x << k | x >>> 32 - k) >>> 0;
}

// src/models/svc/platt.ts
function sigmoidTrain(dec, positive) {
  const l = dec.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < l; i++) {
    if (positive[i]) prior1 += 1;
    else prior0 += 1;
  }
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  for (let i = 0; i < l; i++) t[i] = positive[i] ? hiTarget : loTarget;
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (a, b) => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i] * a + b;
      if (fApB >= 0) f += t[i] * fApB + Math.log1p(Math.exp(-fApB));
      else f += (t[i] - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return f;
  };
  let fval = objective(A, B);
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const di = dec[i];
      const fApB = di * A + B;
      let p;
      let q;
      if (fApB >= 0) {
        const e = Math.exp(-fApB);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(fApB);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = p * q;
      h11 += di * di * d2;
      h22 += d2;
      h21 += di * d2;
      const d1 = t[i] - p;
      g1 += di * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return { A, B };
}

// src/models/svc/q-matrix.ts
var SvcQ = class {
  constructor(src2, index, y, cacheBytes) {
    this.src = src2;
    const l = index.length;
    this.l = l;
    this.perm = Int32Array.from(index);
    this.y = Int8Array.from(y);
    if (src2.kind === "features") {
      const sq = new Float64Array(l);
      const { X, d } = src2;
      const xp = new Float64Array(l * d);
      for (let p = 0; p < l; p++) {
        const o = index[p] * d;
        let s = 0;
        for (let k = 0; k < d; k++) {
          const v = X[o + k];
          xp[p * d + k] = v;
          s += v * v;
        }
        sq[p] = s;
      }
      this.sq = sq;
      this.xp = xp;
      this.d = d;
    } else {
      this.sq = null;
      this.xp = new Float64Array(0);
      this.d = 0;
    }
    this.QD = new Float64Array(l);
    for (let p = 0; p < l; p++) this.QD[p] = this.kernel(p, p);
    this.rows = new Array(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.mark = new Int32Array(l);
    this.todo = new Int32Array(l);
    this.maxRows = Math.max(2, Math.min(l, Math.floor(cacheBytes / (4 * Math.max(l, 1)))));
  }
  src;
  QD;
  l;
  /** Position -> row index into the source (X rows or Gram rows). */
  perm;
  y;
  sq;
  /** Feature rows copied in position order (swapped with the positions, like libsvm's x pointers). */
  xp;
  d;
  // cache
  rows;
  lens;
  prev;
  next;
  pool = [];
  maxRows;
  used = 0;
  /** Stamp per position: entries of the row being filled that were copied from cached rows. */
  mark;
  todo;
  stamp = 0;
  /** K between the samples at positions i and j (double precision, as libsvm's kernel_function). */
  kernel(i, j) {
    const src2 = this.src;
    const pi = this.perm[i];
    const pj = this.perm[j];
    if (src2.kind === "gram") return src2.K[pi * src2.n + pj];
    const { spec } = src2;
    const d = this.d;
    const dot = dotRows(this.xp, i * d, j * d, d);
    switch (spec.kernel) {
      case "rbf":
        return Math.exp(
          -spec.gamma * (this.sq[i] + this.sq[j] - 2 * dot)
        );
      case "poly": {
        let base = spec.gamma * dot + spec.coef0;
        let ret = 1;
        for (let t = spec.degree; t > 0; t = Math.floor(t / 2)) {
          if (t % 2 === 1) ret *= base;
          base *= base;
        }
        return ret;
      }
      case "sigmoid":
        return Math.tanh(spec.gamma * dot + spec.coef0);
      default:
        return dot;
    }
  }
  getQ(i, len) {
    const h = this.lens[i];
    if (h > 0) this.lruDelete(i);
    let row = this.rows[i];
    if (len > h) {
      if (!row) {
        row = this.allocate();
        this.rows[i] = row;
      }
      this.fill(i, row, h, len);
      this.lens[i] = len;
    }
    this.lruInsert(i);
    return row;
  }
  swapIndex(i, j) {
    if (i === j) return;
    const { rows, lens, perm, y, QD } = this;
    if (lens[i]) this.lruDelete(i);
    if (lens[j]) this.lruDelete(j);
    const tr = rows[i];
    rows[i] = rows[j];
    rows[j] = tr;
    let t = lens[i];
    lens[i] = lens[j];
    lens[j] = t;
    if (lens[i]) this.lruInsert(i);
    if (lens[j]) this.lruInsert(j);
    t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
    t = y[i];
    y[i] = y[j];
    y[j] = t;
    let td = QD[i];
    QD[i] = QD[j];
    QD[j] = td;
    if (this.sq) {
      td = this.sq[i];
      this.sq[i] = this.sq[j];
      this.sq[j] = td;
      const d = this.d;
      const xp = this.xp;
      for (let k = 0, a = i * d, b = j * d; k < d; k++, a++, b++) {
        td = xp[a];
        xp[a] = xp[b];
        xp[b] = td;
      }
    }
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    const S = this.l;
    for (let h = this.next[S]; h !== S; ) {
      const nx = this.next[h];
      const lh = lens[h];
      if (lh > lo) {
        const row = rows[h];
        if (lh > hi) {
          const v = row[lo];
          row[lo] = row[hi];
          row[hi] = v;
        } else {
          this.lruDelete(h);
          this.pool.push(row);
          rows[h] = null;
          lens[h] = 0;
          this.used--;
        }
      }
      h = nx;
    }
  }
  allocate() {
    if (this.used >= this.maxRows) {
      const S = this.l;
      const old = this.next[S];
      this.lruDelete(old);
      const row = this.rows[old];
      this.rows[old] = null;
      this.lens[old] = 0;
      return row;
    }
    this.used++;
    return this.pool.pop() ?? new Float32Array(this.l);
  }
  fill(i, row, start, len) {
    const src2 = this.src;
    const { perm, y } = this;
    const yi = y[i];
    const pi = perm[i];
    if (src2.kind === "gram") {
      const { K, n } = src2;
      const o = pi * n;
      for (let j = start; j < len; j++)
        row[j] = yi * y[j] * K[o + perm[j]];
      return;
    }
    const { spec } = src2;
    const d = this.d;
    const xp = this.xp;
    const oi = i * d;
    if (spec.kernel === "rbf") {
      const sq = this.sq;
      const g = -spec.gamma;
      const sqi = sq[i];
      const { rows, lens, next, mark } = this;
      const stamp = ++this.stamp;
      let reused = 0;
      const S = this.l;
      for (let h = next[S]; h !== S; h = next[h]) {
        if (h >= start && h < len && lens[h] > i) {
          row[h] = rows[h][i];
          mark[h] = stamp;
          reused++;
        }
      }
      const todo = this.todo;
      let m = 0;
      if (reused === 0) for (let j = start; j < len; j++) todo[m++] = j;
      else for (let j = start; j < len; j++) if (mark[j] !== stamp) todo[m++] = j;
      let t = 0;
      for (; t + 3 < m; t += 4) {
        const j0 = todo[t];
        const j1 = todo[t + 1];
        const j2 = todo[t + 2];
        const j3 = todo[t + 3];
        const o0 = j0 * d;
        const o1 = j1 * d;
        const o2 = j2 * d;
        const o3 = j3 * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < d; k++) {
          const v = xp[oi + k];
          s0 += v * xp[o0 + k];
          s1 += v * xp[o1 + k];
          s2 += v * xp[o2 + k];
          s3 += v * xp[o3 + k];
        }
        row[j0] = yi * y[j0] * Math.exp(g * (sqi + sq[j0] - 2 * s0));
        row[j1] = yi * y[j1] * Math.exp(g * (sqi + sq[j1] - 2 * s1));
        row[j2] = yi * y[j2] * Math.exp(g * (sqi + sq[j2] - 2 * s2));
        row[j3] = yi * y[j3] * Math.exp(g * (sqi + sq[j3] - 2 * s3));
      }
      for (; t < m; t++) {
        const j = todo[t];
        const dot = dotRows(xp, oi, j * d, d);
        row[j] = yi * y[j] * Math.exp(g * (sqi + sq[j] - 2 * dot));
      }
      return;
    }
    for (let j = start; j < len; j++) row[j] = yi * y[j] * this.kernel(i, j);
  }
  lruDelete(h) {
    const p = this.prev[h];
    const n = this.next[h];
    this.next[p] = n;
    this.prev[n] = p;
  }
  lruInsert(h) {
    const S = this.l;
    const last = this.prev[S];
    this.next[h] = S;
    this.prev[h] = last;
    this.next[last] = h;
    this.prev[S] = h;
  }
};
function dotRows(x, a, b, d) {
  let s = 0;
  let k = 0;
  const d4 = d - d % 4;
  for (; k < d4; k += 4) {
    s += x[a + k] * x[b + k];
    s += x[a + k + 1] * x[b + k + 1];
    s += x[a + k + 2] * x[b + k + 2];
    s += x[a + k + 3] * x[b + k + 3];
  }
  for (; k < d; k++) s += x[a + k] * x[b + k];
  return s;
}

// src/models/svc/smo.ts
var TAU = 1e-12;
var LOWER = 0;
var UPPER = 1;
var FREE = 2;
function statusOf(a, c) {
  return a >= c ? UPPER : a <= 0 ? LOWER : FREE;
}
function swapIndex(st, i, j) {
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
function reconstructGradient(st) {
  const { l, activeSize, G, Gbar, p, status, alpha, Q } = st;
  if (activeSize === l) return;
  let nrFree = 0;
  for (let j = activeSize; j < l; j++) G[j] = Gbar[j] + p[j];
  for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
  if (nrFree * l > 2 * activeSize * (l - activeSize)) {
    for (let i = activeSize; i < l; i++) {
      const Qi = Q.getQ(i, activeSize);
      let s = G[i];
      for (let j = 0; j < activeSize; j++)
        if (status[j] === FREE) s += alpha[j] * Qi[j];
      G[i] = s;
    }
  } else {
    for (let i = 0; i < activeSize; i++) {
      if (status[i] !== FREE) continue;
      const Qi = Q.getQ(i, l);
      const ai = alpha[i];
      for (let j = activeSize; j < l; j++) G[j] = G[j] + ai * Qi[j];
    }
  }
}
function selectWorkingSet(st) {
  const { activeSize, y, G, status, QD, eps } = st;
  let Gmax = -Infinity;
  let Gmax2 = -Infinity;
  let GmaxIdx = -1;
  let GminIdx = -1;
  let objDiffMin = Infinity;
  for (let t = 0; t < activeSize; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -G[t] >= Gmax) {
        Gmax = -G[t];
        GmaxIdx = t;
      }
    } else if (status[t] !== LOWER && G[t] >= Gmax) {
      Gmax = G[t];
      GmaxIdx = t;
    }
  }
  const i = GmaxIdx;
  if (i !== -1) {
    const Qi = st.Q.getQ(i, activeSize);
    const QDi = QD[i];
    const yi = y[i];
    for (let j = 0; j < activeSize; j++) {
      const Gj = G[j];
      if (y[j] === 1) {
        if (status[j] !== LOWER) {
          const gradDiff = Gmax + Gj;
          if (Gj >= Gmax2) Gmax2 = Gj;
          if (gradDiff > 0) {
            const quad = QDi + QD[j] - 2 * yi * Qi[j];
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
          const quad = QDi + QD[j] + 2 * yi * Qi[j];
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
  } else {
    for (let j = 0; j < activeSize; j++) {
      const Gj = G[j];
      if (y[j] === 1) {
        if (status[j] !== LOWER && Gj >= Gmax2) Gmax2 = Gj;
      } else if (status[j] !== UPPER && -Gj >= Gmax2) Gmax2 = -Gj;
    }
  }
  if (Gmax + Gmax2 < eps || GminIdx === -1) return true;
  st.outI = GmaxIdx;
  st.outJ = GminIdx;
  return false;
}
function beShrunk(st, i, Gmax1, Gmax2) {
  const Gi = st.G[i];
  const s = st.status[i];
  if (s === UPPER) return st.y[i] === 1 ? -Gi > Gmax1 : -Gi > Gmax2;
  if (s === LOWER) return st.y[i] === 1 ? Gi > Gmax2 : Gi > Gmax1;
  return false;
}
function doShrinking(st) {
  const { y, G, status } = st;
  let Gmax1 = -Infinity;
  let Gmax2 = -Infinity;
  for (let i = 0; i < st.activeSize; i++) {
    const Gi = G[i];
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
    reconstructGradient(st);
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
function solveSmo(Q, p0, y0, C0, alpha0, options) {
  const l = p0.length;
  const st = {
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
    outJ: -1
  };
  const { p, y, C, alpha, status, activeSet, G, Gbar, QD } = st;
  for (let i = 0; i < l; i++) {
    status[i] = statusOf(alpha[i], C[i]);
    activeSet[i] = i;
  }
  for (let i = 0; i < l; i++) G[i] = p[i];
  for (let i = 0; i < l; i++) {
    if (status[i] !== LOWER) {
      const Qi = Q.getQ(i, l);
      const ai = alpha[i];
      for (let j = 0; j < l; j++) G[j] = G[j] + ai * Qi[j];
      if (status[i] === UPPER) {
        const ci = C[i];
        for (let j = 0; j < l; j++) Gbar[j] = Gbar[j] + ci * Qi[j];
      }
    }
  }
  const maxIter = options.maxIter === -1 ? Math.max(1e7, l > 21474836 ? 2147483647 : 100 * l) : options.maxIter;
  let iter = 0;
  let counter = Math.min(l, 1e3) + 1;
  let converged = false;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1e3);
      if (options.shrinking) doShrinking(st);
    }
    if (selectWorkingSet(st)) {
      reconstructGradient(st);
      st.activeSize = l;
      if (selectWorkingSet(st)) {
        converged = true;
        break;
      }
      counter = 1;
    }
    const i = st.outI;
    const j = st.outJ;
    const activeSize = st.activeSize;
    iter++;
    const Qi = Q.getQ(i, activeSize);
    const Qj = Q.getQ(j, activeSize);
    const Ci = C[i];
    const Cj = C[j];
    const oldAi = alpha[i];
    const oldAj = alpha[j];
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i] + QD[j] + 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (-G[i] - G[j]) / quad;
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
      let quad = QD[i] + QD[j] - 2 * Qi[j];
      if (quad <= 0) quad = TAU;
      const delta = (G[i] - G[j]) / quad;
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
      G[k] = G[k] + (Qi[k] * dAi + Qj[k] * dAj);
    const ui = status[i] === UPPER;
    const uj = status[j] === UPPER;
    status[i] = statusOf(ai, Ci);
    status[j] = statusOf(aj, Cj);
    if (ui !== (status[i] === UPPER)) {
      const Qf = Q.getQ(i, l);
      const s = ui ? -Ci : Ci;
      for (let k = 0; k < l; k++) Gbar[k] = Gbar[k] + s * Qf[k];
    }
    if (uj !== (status[j] === UPPER)) {
      const Qf = Q.getQ(j, l);
      const s = uj ? -Cj : Cj;
      for (let k = 0; k < l; k++) Gbar[k] = Gbar[k] + s * Qf[k];
    }
  }
  if (!converged && st.activeSize < l) {
    reconstructGradient(st);
    st.activeSize = l;
  }
  let nrFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < st.activeSize; i++) {
    const yG = y[i] * G[i];
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
  for (let i = 0; i < l; i++) v += alpha[i] * (G[i] + p[i]);
  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[activeSet[i]] = alpha[i];
  return { alpha: out, rho, obj: v / 2, iterations: iter, converged };
}
function swapF64(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
function swapI32(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
function swapI8(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
function swapU8(a, i, j) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// src/models/svc/train.ts
function trainBinary(src2, prob, opts2) {
  const l = prob.rows.length;
  const Q = new SvcQ(src2, prob.rows, prob.y, opts2.cacheBytes);
  const p = new Float64Array(l).fill(-1);
  const res = solveSmo(Q, p, prob.y, prob.C, new Float64Array(l), {
    eps: opts2.tol,
    shrinking: opts2.shrinking,
    maxIter: opts2.maxIter
  });
  const coef = res.alpha;
  for (let i = 0; i < l; i++) coef[i] = coef[i] * prob.y[i];
  return { coef, rho: res.rho, iterations: res.iterations, converged: res.converged };
}
function binaryDecision(src2, train, fit, rows) {
  const sv = [];
  for (let i = 0; i < fit.coef.length; i++) if (fit.coef[i] !== 0) sv.push(i);
  const n = rows.length;
  const out = new Float64Array(n);
  const all = new Int32Array(n + sv.length);
  all.set(rows, 0);
  for (let s = 0; s < sv.length; s++) all[n + s] = train.rows[sv[s]];
  const q = new SvcQ(src2, all, new Int8Array(all.length).fill(1), 0);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let t = 0; t < sv.length; t++) s += fit.coef[sv[t]] * q.kernel(r, n + t);
    out[r] = s - fit.rho;
  }
  return out;
}
function binaryProbability(src2, prob, opts2, rng) {
  const l = prob.rows.length;
  const nrFold = 5;
  const perm = new Int32Array(l);
  for (let i = 0; i < l; i++) perm[i] = i;
  for (let i = 0; i < l; i++) {
    const j = i + rng.int(l - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const dec = new Float64Array(l);
  const sub = { ...opts2, probability: false };
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor(f * l / nrFold);
    const end = Math.floor((f + 1) * l / nrFold);
    const m = l - (end - begin);
    const rows = new Int32Array(m);
    const y = new Int8Array(m);
    const C = new Float64Array(m);
    let k = 0;
    let pCount = 0;
    for (let j = 0; j < l; j++) {
      if (j >= begin && j < end) continue;
      const s = perm[j];
      rows[k] = prob.rows[s];
      y[k] = prob.y[s];
      C[k] = prob.C[s];
      if (y[k] === 1) pCount++;
      k++;
    }
    const nCount = m - pCount;
    const held = perm.subarray(begin, end);
    if (pCount === 0 && nCount === 0) for (const s of held) dec[s] = 0;
    else if (pCount > 0 && nCount === 0) for (const s of held) dec[s] = 1;
    else if (pCount === 0 && nCount > 0) for (const s of held) dec[s] = -1;
    else {
      const fold = { rows, y, C };
      const fit = trainBinary(src2, fold, sub);
      const heldRows = Int32Array.from(held, (s) => prob.rows[s]);
      const d = binaryDecision(src2, fold, fit, heldRows);
      for (let t = 0; t < held.length; t++) dec[held[t]] = d[t];
    }
  }
  const positive = Uint8Array.from(prob.y, (v) => v === 1 ? 1 : 0);
  return sigmoidTrain(dec, positive);
}
function trainPair(src2, job, opts2) {
  const prob = { rows: job.rows, y: job.y, C: job.C };
  let probA = 0;
  let probB = 0;
  if (opts2.probability) {
    const ab = binaryProbability(src2, prob, opts2, new Rng(opts2.seed * 7919 + job.pair >>> 0));
    probA = ab.A;
    probB = ab.B;
  }
  const fit = trainBinary(src2, prob, opts2);
  return {
    pair: job.pair,
    coef: fit.coef,
    rho: fit.rho,
    iterations: fit.iterations,
    converged: fit.converged,
    probA,
    probB
  };
}

// src/models/svc/pair-worker.ts
var { src, opts } = workerData;
parentPort?.on("message", (job) => {
  try {
    const result = trainPair(src, job, opts);
    parentPort?.postMessage({ pair: job.pair, result }, [result.coef.buffer]);
  } catch (e) {
    parentPort?.postMessage({ pair: job.pair, error: e.message });
  }
});
