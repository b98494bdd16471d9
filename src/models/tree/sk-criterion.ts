/**
 * Impurities and the split proxy computed with scikit-learn's arithmetic (Gini: 1 - sum c^2 / w^2;
 * entropy: -sum p * (ln p / ln 2); proxy: -w_r * imp_r - w_l * imp_l), so that splits that are
 * equally good in exact arithmetic compare the way they do in scikit-learn (its strict `>` keeps
 * the first of rounding-equal candidates).
 */

/** Gini impurity of counts[0..K) with total weight n. */
export function skGini(counts: ArrayLike<number>, K: number, n: number): number {
  let sq = 0;
  for (let k = 0; k < K; k++) {
    const c = counts[k] as number;
    sq += c * c;
  }
  return 1 - sq / (n * n);
}

/** Entropy (bits) of counts[0..K) with total weight n. */
export function skEntropy(counts: ArrayLike<number>, K: number, n: number): number {
  let h = 0;
  for (let k = 0; k < K; k++) {
    const c = counts[k] as number;
    if (c > 0) {
      const p = c / n;
      h -= p * (Math.log(p) / Math.LN2);
    }
  }
  return h;
}

/** Impurity of counts[0..K) (0 for an empty node). */
export function skImpurity(entropy: boolean, counts: ArrayLike<number>, K: number, n: number): number {
  if (n <= 0) return 0;
  return entropy ? skEntropy(counts, K, n) : skGini(counts, K, n);
}

/**
 * scikit-learn's proxy_impurity_improvement of a split with left counts `left` (weight nL) out of
 * `counts` (weight nL + nR): -nR * impurity(right) - nL * impurity(left). Larger is better.
 */
export function skProxy(
  entropy: boolean,
  left: Float64Array,
  counts: Float64Array,
  K: number,
  nL: number,
  nR: number,
): number {
  return entropy ? entropyProxy(left, counts, K, nL, nR) : giniProxy(left, counts, K, nL, nR);
}

/*
 * One small function per criterion (not one with both): split searches call them per candidate,
 * and V8 inlines a small callee; a call it does not inline boxes the returned float (a heap
 * allocation per candidate threshold).
 */

/** skProxy for gini. */
export function giniProxy(
  left: Float64Array,
  counts: Float64Array,
  K: number,
  nL: number,
  nR: number,
): number {
  let sqL = 0;
  let sqR = 0;
  for (let k = 0; k < K; k++) {
    const a = left[k] as number;
    const c = (counts[k] as number) - a;
    sqL += a * a;
    sqR += c * c;
  }
  const impL = 1 - sqL / (nL * nL);
  const impR = 1 - sqR / (nR * nR);
  return -nR * impR - nL * impL;
}

/** skProxy for entropy. */
export function entropyProxy(
  left: Float64Array,
  counts: Float64Array,
  K: number,
  nL: number,
  nR: number,
): number {
  let impL = 0;
  let impR = 0;
  for (let k = 0; k < K; k++) {
    const a = left[k] as number;
    const c = (counts[k] as number) - a;
    if (a > 0) {
      const p = a / nL;
      impL -= p * (Math.log(p) / Math.LN2);
    }
    if (c > 0) {
      const p = c / nR;
      impR -= p * (Math.log(p) / Math.LN2);
    }
  }
  return -nR * impR - nL * impL;
}
