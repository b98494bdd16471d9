// Tree kernels: binning by binary search over float64 edges (x read as float32), class histograms
// of a node's rows, and flat-forest prediction walking eight rows at once (independent walks hide
// the memory latency of each).

function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

function at4(p: usize, i: i32): usize {
  return p + ((<usize>i) << 2);
}

/** Number of the ne ascending edges at e that are < v (v NaN: 0). */
function countBelow(e: usize, ne: i32, v: f64): i32 {
  let first = 0;
  let len = ne;
  while (len > 0) {
    const half = len >> 1;
    const mid = first + half;
    const below = load<f64>(at(e, mid)) < v;
    first = select(mid + 1, first, below);
    len = select(len - half - 1, half, below);
  }
  return first;
}

/**
 * codes (u8, column-major: feature f of row i at f * n + i) = number of edges[f] < fround(x);
 * the edges of feature f are at edges + eOff[f] (eOff has d + 1 entries, in elements).
 */
export function binMatrix(X: usize, n: i32, d: i32, edges: usize, eOff: usize, codes: usize): void {
  for (let f = 0; f < d; f++) {
    const o = load<i32>(at4(eOff, f));
    const ne = load<i32>(at4(eOff, f + 1)) - o;
    const e = at(edges, o);
    const col = codes + <usize>f * <usize>n;
    for (let i = 0; i < n; i++) {
      const v = <f64>(<f32>load<f64>(at(X, i * d + f)));
      store<u8>(col + <usize>i, <u8>countBelow(e, ne, v));
    }
  }
}

/**
 * out[(f * 256 + code) * K + y] += w over m gathered samples: codes (u8, m x d, sample-major),
 * y (i32, m) and w (f64, m; 0: unit weights).
 */
export function classHistogram(codes: usize, y: usize, w: usize, m: i32, d: i32, K: i32, out: usize): void {
  const stride = 256 * K;
  for (let i = 0; i < m; i++) {
    const yi = load<i32>(at4(y, i));
    const wi: f64 = w ? load<f64>(at(w, i)) : 1;
    const row = codes + <usize>i * <usize>d;
    for (let f = 0; f < d; f++) {
      const p = at(out, f * stride + <i32>load<u8>(row + <usize>f) * K + yi);
      store<f64>(p, load<f64>(p) + wi);
    }
  }
}

/** The node a row of X (row pointer x) reaches from root: next = child + (fround(x[feat]) > thr). */
function walk(x: usize, root: i32, feat: usize, thr: usize, child: usize): i32 {
  let i = root;
  let f = load<i32>(at4(feat, i));
  while (f >= 0) {
    i = load<i32>(at4(child, i)) + (<f64>(<f32>load<f64>(at(x, f))) > load<f64>(at(thr, i)) ? 1 : 0);
    f = load<i32>(at4(feat, i));
  }
  return i;
}

/** The child node i steps to for row x at feature f: child[i] + (fround(x[f]) > thr[i]). */
function step(x: usize, f: i32, i: i32, thr: usize, child: usize): i32 {
  return load<i32>(at4(child, i)) + (<f64>(<f32>load<f64>(at(x, f))) > load<f64>(at(thr, i)) ? 1 : 0);
}

/** out[o..o+K) += proba[child[leaf] * K ..]. */
function addLeaf(out: usize, o: i32, leaf: i32, child: usize, proba: usize, K: i32): void {
  const src = at(proba, load<i32>(at4(child, leaf)) * K);
  const dst = at(out, o);
  for (let k = 0; k < K; k++) store<f64>(at(dst, k), load<f64>(at(dst, k)) + load<f64>(at(src, k)));
}

/**
 * out (n x K, zeroed here) = the mean over trees of each row's leaf distribution: summed tree by
 * tree in tree order, then divided by nTrees.
 */
export function forestPredict(
  X: usize,
  n: i32,
  d: i32,
  nTrees: i32,
  K: i32,
  offsets: usize,
  feat: usize,
  thr: usize,
  child: usize,
  proba: usize,
  out: usize,
): void {
  memory.fill(out, 0, (<usize>(n * K)) << 3);
  const rowBytes = (<usize>d) << 3;
  for (let t = 0; t < nTrees; t++) {
    const root = load<i32>(at4(offsets, t));
    let r = 0;
    for (; r + 8 <= n; r += 8) {
      const x0 = X + <usize>r * rowBytes;
      const x1 = x0 + rowBytes;
      const x2 = x1 + rowBytes;
      const x3 = x2 + rowBytes;
      const x4 = x3 + rowBytes;
      const x5 = x4 + rowBytes;
      const x6 = x5 + rowBytes;
      const x7 = x6 + rowBytes;
      let i0 = root;
      let i1 = root;
      let i2 = root;
      let i3 = root;
      let i4 = root;
      let i5 = root;
      let i6 = root;
      let i7 = root;
      const fr = load<i32>(at4(feat, root));
      let f0 = fr;
      let f1 = fr;
      let f2 = fr;
      let f3 = fr;
      let f4 = fr;
      let f5 = fr;
      let f6 = fr;
      let f7 = fr;
      // eight independent walks, branch-free: a row at its leaf stays there (a dummy step) until all are
      while ((f0 & f1 & f2 & f3 & f4 & f5 & f6 & f7) >= 0) {
        i0 = select(i0, step(x0, max(f0, 0), i0, thr, child), f0 < 0);
        f0 = load<i32>(at4(feat, i0));
        i1 = select(i1, step(x1, max(f1, 0), i1, thr, child), f1 < 0);
        f1 = load<i32>(at4(feat, i1));
        i2 = select(i2, step(x2, max(f2, 0), i2, thr, child), f2 < 0);
        f2 = load<i32>(at4(feat, i2));
        i3 = select(i3, step(x3, max(f3, 0), i3, thr, child), f3 < 0);
        f3 = load<i32>(at4(feat, i3));
        i4 = select(i4, step(x4, max(f4, 0), i4, thr, child), f4 < 0);
        f4 = load<i32>(at4(feat, i4));
        i5 = select(i5, step(x5, max(f5, 0), i5, thr, child), f5 < 0);
        f5 = load<i32>(at4(feat, i5));
        i6 = select(i6, step(x6, max(f6, 0), i6, thr, child), f6 < 0);
        f6 = load<i32>(at4(feat, i6));
        i7 = select(i7, step(x7, max(f7, 0), i7, thr, child), f7 < 0);
        f7 = load<i32>(at4(feat, i7));
      }
      addLeaf(out, r * K, i0, child, proba, K);
      addLeaf(out, (r + 1) * K, i1, child, proba, K);
      addLeaf(out, (r + 2) * K, i2, child, proba, K);
      addLeaf(out, (r + 3) * K, i3, child, proba, K);
      addLeaf(out, (r + 4) * K, i4, child, proba, K);
      addLeaf(out, (r + 5) * K, i5, child, proba, K);
      addLeaf(out, (r + 6) * K, i6, child, proba, K);
      addLeaf(out, (r + 7) * K, i7, child, proba, K);
    }
    for (; r < n; r++)
      addLeaf(out, r * K, walk(X + <usize>r * rowBytes, root, feat, thr, child), child, proba, K);
  }
  const inv = <f64>nTrees;
  for (let j = 0; j < n * K; j++) store<f64>(at(out, j), load<f64>(at(out, j)) / inv);
}
