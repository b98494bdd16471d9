/**
 * Gini impurity: the default split criterion of decision trees and forests (scikit-learn's
 * `criterion='gini'`). For class proportions p_k of a node, G = 1 - sum_k p_k^2.
 */

/** A node impurity measure computed from (possibly weighted) class counts. */
export interface ImpurityCriterion {
  readonly name: 'gini' | 'entropy';
  /**
   * Impurity of a node whose class counts are `counts[offset .. offset + k)` and sum to `total`
   * (pass the sum when known; it is recomputed when omitted). 0 for an empty or pure node.
   */
  impurity(counts: ArrayLike<number>, offset?: number, k?: number, total?: number): number;
}

function sumRange(counts: ArrayLike<number>, offset: number, k: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += counts[offset + j] as number;
  return s;
}

/**
 * Gini impurity 1 - sum_k (c_k / n)^2 of the class counts c (n = sum of c).
 *
 * @example
 * ```ts
 * import { giniImpurity } from 'autolearn';
 *
 * console.log(giniImpurity([5, 5]), giniImpurity([10, 0])); // 0.5 0
 * ```
 */
export function giniImpurity(
  counts: ArrayLike<number>,
  offset = 0,
  k = counts.length - offset,
  total = sumRange(counts, offset, k),
): number {
  if (total <= 0) return 0;
  let sq = 0;
  for (let j = 0; j < k; j++) {
    const c = counts[offset + j] as number;
    sq += c * c;
  }
  return 1 - sq / (total * total);
}

export const gini: ImpurityCriterion = { name: 'gini', impurity: giniImpurity };
