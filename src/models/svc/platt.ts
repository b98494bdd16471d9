/**
 * Probability estimates as libsvm computes them: Platt's sigmoid fitted to cross-validated decision
 * values with the improved Newton method of Lin, Lin & Weng (2007), and the pairwise coupling of
 * Wu, Lin & Weng (2004, method 2) for more than two classes.
 */

/** Fits P(y=+1 | f) = 1 / (1 + exp(A f + B)); `positive[i]` tells whether sample i is +1. */
export function sigmoidTrain(dec: Float64Array, positive: Uint8Array): { A: number; B: number } {
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
  const objective = (a: number, b: number): number => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = (dec[i] as number) * a + b;
      if (fApB >= 0) f += (t[i] as number) * fApB + Math.log1p(Math.exp(-fApB));
      else f += ((t[i] as number) - 1) * fApB + Math.log1p(Math.exp(fApB));
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
      const di = dec[i] as number;
      const fApB = di * A + B;
      let p: number;
      let q: number;
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
      const d1 = (t[i] as number) - p;
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
      if (nf < fval + 0.0001 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // line search failed: keep the best point found
  }
  return { A, B };
}

export function sigmoidPredict(dec: number, A: number, B: number): number {
  const fApB = dec * A + B;
  if (fApB >= 0) {
    const e = Math.exp(-fApB);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(fApB));
}

/**
 * Pairwise coupling: from r[i*k+j] = P(class i | i or j) to class probabilities p (length k).
 * `Q` and `Qp` are scratch of length k*k and k.
 */
export function multiclassProbability(
  k: number,
  r: Float64Array,
  p: Float64Array,
  Q: Float64Array,
  Qp: Float64Array,
): void {
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  for (let t = 0; t < k; t++) {
    p[t] = 1 / k;
    let qtt = 0;
    for (let j = 0; j < t; j++) {
      qtt += (r[j * k + t] as number) * (r[j * k + t] as number);
      Q[t * k + j] = Q[j * k + t] as number;
    }
    for (let j = t + 1; j < k; j++) {
      qtt += (r[j * k + t] as number) * (r[j * k + t] as number);
      Q[t * k + j] = -(r[j * k + t] as number) * (r[t * k + j] as number);
    }
    Q[t * k + t] = qtt;
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += (Q[t * k + j] as number) * (p[j] as number);
      Qp[t] = s;
      pQp += (p[t] as number) * s;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) {
      const err = Math.abs((Qp[t] as number) - pQp);
      if (err > maxError) maxError = err;
    }
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const qtt = Q[t * k + t] as number;
      const diff = (-(Qp[t] as number) + pQp) / qtt;
      p[t] = (p[t] as number) + diff;
      pQp = (pQp + diff * (diff * qtt + 2 * (Qp[t] as number))) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = ((Qp[j] as number) + diff * (Q[t * k + j] as number)) / (1 + diff);
        p[j] = (p[j] as number) / (1 + diff);
      }
    }
  }
}
