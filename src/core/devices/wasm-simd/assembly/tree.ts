// Tree kernels: binning by binary search over float64 edges (x read as float32), class histograms
// of a node's rows, and flat-forest prediction walking four rows at once (independent walks hide
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
    for (; r + 4 <= n; r += 4) {
      const x0 = X + <usize>r * rowBytes;
      let i0 = root;
      let i1 = root;
      let i2 = root;
      let i3 = root;
      let f0 = load<i32>(at4(feat, root));
      let f1 = f0;
      let f2 = f0;
      let f3 = f0;
      while ((f0 & f1 & f2 & f3) >= 0) {
        if (f0 >= 0) {
          i0 =
            load<i32>(at4(child, i0)) + (<f64>(<f32>load<f64>(at(x0, f0))) > load<f64>(at(thr, i0)) ? 1 : 0);
          f0 = load<i32>(at4(feat, i0));
        }
        if (f1 >= 0) {
          const x = x0 + rowBytes;
          i1 =
            load<i32>(at4(child, i1)) + (<f64>(<f32>load<f64>(at(x, f1))) > load<f64>(at(thr, i1)) ? 1 : 0);
          f1 = load<i32>(at4(feat, i1));
        }
        if (f2 >= 0) {
          const x = x0 + 2 * rowBytes;
          i2 =
            load<i32>(at4(child, i2)) + (<f64>(<f32>load<f64>(at(x, f2))) > load<f64>(at(thr, i2)) ? 1 : 0);
          f2 = load<i32>(at4(feat, i2));
        }
        if (f3 >= 0) {
          const x = x0 + 3 * rowBytes;
          i3 =
            load<i32>(at4(child, i3)) + (<f64>(<f32>load<f64>(at(x, f3))) > load<f64>(at(thr, i3)) ? 1 : 0);
          f3 = load<i32>(at4(feat, i3));
        }
      }
      addLeaf(out, r * K, i0, child, proba, K);
      addLeaf(out, (r + 1) * K, i1, child, proba, K);
      addLeaf(out, (r + 2) * K, i2, child, proba, K);
      addLeaf(out, (r + 3) * K, i3, child, proba, K);
    }
    for (; r < n; r++)
      addLeaf(out, r * K, walk(X + <usize>r * rowBytes, root, feat, thr, child), child, proba, K);
  }
  const inv = <f64>nTrees;
  for (let j = 0; j < n * K; j++) store<f64>(at(out, j), load<f64>(at(out, j)) / inv);
}
