/**
 * The fused float64 cross-entropy of the `cpu` device (the reference of prepareLinearLoss): one pass over the rows computes the logits,
 * the (log-)softmax, the loss and the gradient, with no n x k temporaries. Layout of `w`: the
 * class-major weights (k x d, row-major) followed by k intercepts when `fitIntercept`.
 * k = 1 is the binary logistic loss (sigmoid); k >= 2 the multinomial (softmax) loss.
 */

export interface CeProblem {
  /** Row-major n x d features. */
  readonly X: Float64Array;
  readonly n: number;
  readonly d: number;
  /** Encoded labels in [0, nClasses). For k = 1, label 1 is the positive class. */
  readonly y: Int32Array;
  /** Output columns: 1 (binary logistic) or the number of classes. */
  readonly k: number;
  readonly fitIntercept: boolean;
  readonly sampleWeight?: Float64Array | undefined;
}

/** Sum over rows of w_i * CE_i; writes the gradient into `grad` (zeroed first) when given. */
export function crossEntropySum(p: CeProblem, w: Float64Array, grad: Float64Array | null): number {
  if (grad) grad.fill(0);
  return p.k === 1 ? binaryKernel(p, w, grad) : multinomialKernel(p, w, grad);
}

function binaryKernel(p: CeProblem, w: Float64Array, grad: Float64Array | null): number {
  const { X, n, d, y, sampleWeight: sw, fitIntercept } = p;
  const b = fitIntercept ? (w[d] as number) : 0;
  const r = new Float64Array(4);
  let loss = 0;
  let gb = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = i * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    let s0 = b;
    let s1 = b;
    let s2 = b;
    let s3 = b;
    for (let j = 0; j < d; j++) {
      const wj = w[j] as number;
      s0 += (X[x0 + j] as number) * wj;
      s1 += (X[x1 + j] as number) * wj;
      s2 += (X[x2 + j] as number) * wj;
      s3 += (X[x3 + j] as number) * wj;
    }
    loss += logisticRow(s0, y[i] as number, sw ? (sw[i] as number) : 1, r, 0);
    loss += logisticRow(s1, y[i + 1] as number, sw ? (sw[i + 1] as number) : 1, r, 1);
    loss += logisticRow(s2, y[i + 2] as number, sw ? (sw[i + 2] as number) : 1, r, 2);
    loss += logisticRow(s3, y[i + 3] as number, sw ? (sw[i + 3] as number) : 1, r, 3);
    if (grad) {
      const r0 = r[0] as number;
      const r1 = r[1] as number;
      const r2 = r[2] as number;
      const r3 = r[3] as number;
      for (let j = 0; j < d; j++) {
        grad[j] =
          (grad[j] as number) +
          r0 * (X[x0 + j] as number) +
          r1 * (X[x1 + j] as number) +
          r2 * (X[x2 + j] as number) +
          r3 * (X[x3 + j] as number);
      }
      gb += r0 + r1 + r2 + r3;
    }
  }
  for (; i < n; i++) {
    const xo = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += (X[xo + j] as number) * (w[j] as number);
    loss += logisticRow(z, y[i] as number, sw ? (sw[i] as number) : 1, r, 0);
    if (grad) {
      const r0 = r[0] as number;
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + r0 * (X[xo + j] as number);
      gb += r0;
    }
  }
  if (grad && fitIntercept) grad[d] = gb;
  return loss;
}

/** wi * (softplus(z) - y z) with y = (label == 1), computed stably; r[t] = wi * (sigmoid(z) - y). */
function logisticRow(z: number, label: number, wi: number, r: Float64Array, t: number): number {
  const yi = label === 1 ? 1 : 0;
  const e = Math.exp(-Math.abs(z));
  const sp = Math.max(z, 0) + Math.log1p(e);
  r[t] = wi * ((z >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi);
  return wi * (sp - yi * z);
}

/**
 * Rows are processed 4 at a time: each weight row is loaded once per block for the logits, and the
 * gradient is updated once per block (4 rank-1 updates fused), which roughly halves memory traffic.
 */
function multinomialKernel(p: CeProblem, w: Float64Array, grad: Float64Array | null): number {
  const { X, n, d, y, k, sampleWeight: sw, fitIntercept } = p;
  const kd = k * d;
  const z = new Float64Array(4 * k);
  const acc = Float64Array.of(0, 1);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = i * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    for (let c = 0; c < k; c++) {
      const bc = fitIntercept ? (w[kd + c] as number) : 0;
      let s0 = bc;
      let s1 = bc;
      let s2 = bc;
      let s3 = bc;
      const wo = c * d;
      for (let j = 0; j < d; j++) {
        const wj = w[wo + j] as number;
        s0 += (X[x0 + j] as number) * wj;
        s1 += (X[x1 + j] as number) * wj;
        s2 += (X[x2 + j] as number) * wj;
        s3 += (X[x3 + j] as number) * wj;
      }
      z[c] = s0;
      z[k + c] = s1;
      z[2 * k + c] = s2;
      z[3 * k + c] = s3;
    }
    for (let t = 0; t < 4; t++) {
      softmaxRow(z, t * k, k, y[i + t] as number, sw ? (sw[i + t] as number) : 1, grad !== null, acc);
    }
    if (grad) {
      for (let c = 0; c < k; c++) {
        const r0 = z[c] as number;
        const r1 = z[k + c] as number;
        const r2 = z[2 * k + c] as number;
        const r3 = z[3 * k + c] as number;
        const go = c * d;
        for (let j = 0; j < d; j++) {
          grad[go + j] =
            (grad[go + j] as number) +
            r0 * (X[x0 + j] as number) +
            r1 * (X[x1 + j] as number) +
            r2 * (X[x2 + j] as number) +
            r3 * (X[x3 + j] as number);
        }
        if (fitIntercept) grad[kd + c] = (grad[kd + c] as number) + r0 + r1 + r2 + r3;
      }
    }
  }
  for (; i < n; i++) {
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      let s = fitIntercept ? (w[kd + c] as number) : 0;
      const wo = c * d;
      for (let j = 0; j < d; j++) s += (X[xo + j] as number) * (w[wo + j] as number);
      z[c] = s;
    }
    softmaxRow(z, 0, k, y[i] as number, sw ? (sw[i] as number) : 1, grad !== null, acc);
    if (grad) {
      for (let c = 0; c < k; c++) {
        const r = z[c] as number;
        const go = c * d;
        for (let j = 0; j < d; j++) grad[go + j] = (grad[go + j] as number) + r * (X[xo + j] as number);
        if (fitIntercept) grad[kd + c] = (grad[kd + c] as number) + r;
      }
    }
  }
  return (acc[0] as number) + Math.log(acc[1] as number);
}

/**
 * Weighted CE of the logits z[o .. o+k) (stable log-sum-exp), accumulated into `acc`: acc[0] holds
 * the loss without the pending log terms, acc[1] the product of the pending partition sums of
 * unit-weight rows (each >= 1; one Math.log per many rows instead of one per row). With `residual`,
 * overwrites the logits with the gradient of the row's CE w.r.t. them: wi * (softmax - onehot).
 */
function softmaxRow(
  z: Float64Array,
  o: number,
  k: number,
  yi: number,
  wi: number,
  residual: boolean,
  acc: Float64Array,
): void {
  let zmax = -Infinity;
  let cmax = 0;
  for (let c = 0; c < k; c++) {
    const v = z[o + c] as number;
    if (v > zmax) {
      zmax = v;
      cmax = c;
    }
  }
  const zy = (z[o + yi] as number) - zmax;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = c === cmax ? 1 : Math.exp((z[o + c] as number) - zmax);
    sum += e;
    z[o + c] = e;
  }
  if (residual) {
    const inv = wi / sum;
    for (let c = 0; c < k; c++) z[o + c] = (z[o + c] as number) * inv;
    z[o + yi] = (z[o + yi] as number) - wi;
  }
  if (wi === 1) {
    let prod = (acc[1] as number) * sum;
    if (prod > 1e250) {
      acc[0] = (acc[0] as number) + Math.log(prod);
      prod = 1;
    }
    acc[1] = prod;
    acc[0] = (acc[0] as number) - zy;
  } else {
    acc[0] = (acc[0] as number) + wi * (Math.log(sum) - zy);
  }
}
