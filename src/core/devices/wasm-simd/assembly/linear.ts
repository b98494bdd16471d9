// Linear-model kernels: scores X Wᵀ + b, their row argmax, and the cross-entropy value + gradient.
import { at, axpy, dot, zero } from './vec';

/** out (n x k) = X (n x d) Wᵀ (W k x d) + b (k). */
export function linearScores(X: usize, n: i32, d: i32, W: usize, b: usize, k: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    const o = at(out, i * k);
    for (let c = 0; c < k; c++) {
      store<f64>(at(o, c), dot(x, at(W, c * d), d) + load<f64>(at(b, c)));
    }
  }
}

/**
 * Per row the index of the largest score (first on ties); for k = 1, score > 0 ? 1 : 0. A row with
 * a non-finite score gets -1.
 */
export function linearArgmax(X: usize, n: i32, d: i32, W: usize, b: usize, k: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    let best = 0;
    let top = dot(x, W, d) + load<f64>(b);
    let finite = top - top === 0;
    if (k === 1) best = top > 0 ? 1 : 0;
    for (let c = 1; c < k; c++) {
      const s = dot(x, at(W, c * d), d) + load<f64>(at(b, c));
      finite = finite && s - s === 0;
      if (s > top) {
        top = s;
        best = c;
      }
    }
    store<i32>(out + ((<usize>i) << 2), finite ? best : -1);
  }
}

/** log(1 + exp(t)), without overflow. */
function softplus(t: f64): f64 {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** 1 / (1 + exp(-z)), without overflow. */
function sigmoid(z: f64): f64 {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Sum_i sw_i * CE_i of the linear model w (k x d weights, then k intercepts when fitIntercept) on
 * X (n x d), labels y (i32); sw = 0 means unit weights. k = 1: binary logistic (label 1 positive),
 * k >= 2: softmax. When grad != 0 the gradient (same layout as w) is written there. Z is n x k
 * scratch.
 */
export function linearLoss(
  X: usize,
  y: usize,
  sw: usize,
  n: i32,
  d: i32,
  k: i32,
  fitIntercept: i32,
  w: usize,
  grad: usize,
  Z: usize,
): f64 {
  const bias = at(w, k * d);
  let loss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    const z = at(Z, i * k);
    const yi = load<i32>(y + ((<usize>i) << 2));
    const wi: f64 = sw ? load<f64>(at(sw, i)) : 1;
    if (k === 1) {
      const s = dot(x, w, d) + (fitIntercept ? load<f64>(bias) : 0);
      loss += wi * softplus(yi === 1 ? -s : s);
      store<f64>(z, wi * (sigmoid(s) - (yi === 1 ? 1 : 0)));
      continue;
    }
    let m = -Infinity;
    let zy: f64 = 0;
    for (let c = 0; c < k; c++) {
      const s = dot(x, at(w, c * d), d) + (fitIntercept ? load<f64>(at(bias, c)) : 0);
      store<f64>(at(z, c), s);
      if (s > m) m = s;
      if (c === yi) zy = s;
    }
    let sum: f64 = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(load<f64>(at(z, c)) - m);
      store<f64>(at(z, c), e);
      sum += e;
    }
    loss += wi * (m + Math.log(sum) - zy);
    const scale = wi / sum;
    for (let c = 0; c < k; c++) {
      store<f64>(at(z, c), load<f64>(at(z, c)) * scale - (c === yi ? wi : 0));
    }
  }
  if (!grad) return loss;
  zero(grad, k * d + (fitIntercept ? k : 0));
  const gb = at(grad, k * d);
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    const z = at(Z, i * k);
    for (let c = 0; c < k; c++) {
      const g = load<f64>(at(z, c));
      if (g === 0) continue;
      axpy(at(grad, c * d), g, x, d);
      if (fitIntercept) store<f64>(at(gb, c), load<f64>(at(gb, c)) + g);
    }
  }
  return loss;
}
