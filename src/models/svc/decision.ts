/**
 * libsvm's dual coefficients as one column per pair (what the decision kernel multiplies the kernel
 * block by), the one-vs-one vote, the scikit-learn "ovr" aggregation and the coupled Platt
 * probabilities.
 */
import { multiclassProbability, sigmoidPredict } from './platt.js';

/**
 * libsvm's sv_coef ((k-1) x nSV) as one column of dual coefficients per pair (nSV x nPairs):
 * pair (i, j) weights the support vectors of class i by sv_coef[j-1] and those of class j by
 * sv_coef[i]; the others by 0 (so each pair's sum over all support vectors is libsvm's).
 */
export function ovoCoefficients(nSupport: Int32Array, svCoef: Float64Array): Float64Array {
  const k = nSupport.length;
  const nSV = svCoef.length / Math.max(k - 1, 1);
  const nPairs = (k * (k - 1)) / 2;
  const out = new Float64Array(nSV * nPairs);
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = (start[c - 1] as number) + (nSupport[c - 1] as number);
  let p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      for (let t = 0; t < (nSupport[i] as number); t++) {
        const s = (start[i] as number) + t;
        out[s * nPairs + p] = svCoef[(j - 1) * nSV + s] as number;
      }
      for (let t = 0; t < (nSupport[j] as number); t++) {
        const s = (start[j] as number) + t;
        out[s * nPairs + p] = svCoef[i * nSV + s] as number;
      }
      p++;
    }
  }
  return out;
}

/** libsvm's vote: +1 to the winner of each pair, ties to the lowest class index. */
export function vote(dec: Float64Array, m: number, k: number): Int32Array {
  const nPairs = (k * (k - 1)) / 2;
  const out = new Int32Array(m);
  const votes = new Int32Array(k);
  for (let r = 0; r < m; r++) {
    votes.fill(0);
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if ((dec[r * nPairs + p] as number) > 0) votes[i]++;
        else votes[j]++;
        p++;
      }
    }
    let best = 0;
    for (let c = 1; c < k; c++) if ((votes[c] as number) > (votes[best] as number)) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * scikit-learn's one-vs-rest aggregation of ovo results: votes plus confidences squashed into
 * (-1/3, 1/3), so ties between vote counts are broken by the summed decision values.
 */
export function ovrDecision(dec: Float64Array, m: number, k: number): Float64Array {
  const nPairs = (k * (k - 1)) / 2;
  const out = new Float64Array(m * k);
  const conf = new Float64Array(k);
  for (let r = 0; r < m; r++) {
    conf.fill(0);
    const o = r * k;
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const d = dec[r * nPairs + p] as number;
        conf[i] = (conf[i] as number) + d;
        conf[j] = (conf[j] as number) - d;
        if (d < 0) out[o + j] = (out[o + j] as number) + 1;
        else out[o + i] = (out[o + i] as number) + 1;
        p++;
      }
    }
    for (let c = 0; c < k; c++) {
      const s = conf[c] as number;
      out[o + c] = (out[o + c] as number) + s / (3 * (Math.abs(s) + 1));
    }
  }
  return out;
}

/** libsvm's svm_predict_probability: pairwise sigmoids clipped to [1e-7, 1-1e-7], then coupling. */
export function coupledProbabilities(
  dec: Float64Array,
  m: number,
  k: number,
  probA: Float64Array,
  probB: Float64Array,
): Float64Array {
  const minProb = 1e-7;
  const nPairs = (k * (k - 1)) / 2;
  const out = new Float64Array(m * k);
  const r = new Float64Array(k * k);
  const pr = new Float64Array(k);
  const Q = new Float64Array(k * k);
  const Qp = new Float64Array(k);
  for (let row = 0; row < m; row++) {
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const v = sigmoidPredict(dec[row * nPairs + p] as number, probA[p] as number, probB[p] as number);
        const c = Math.min(Math.max(v, minProb), 1 - minProb);
        r[i * k + j] = c;
        r[j * k + i] = 1 - c;
        p++;
      }
    }
    if (k === 2) {
      out[row * 2] = r[1] as number;
      out[row * 2 + 1] = r[2] as number;
    } else {
      multiclassProbability(k, r, pr, Q, Qp);
      let s = 0;
      for (let c = 0; c < k; c++) s += pr[c] as number;
      for (let c = 0; c < k; c++) out[row * k + c] = (pr[c] as number) / s;
    }
  }
  return out;
}
