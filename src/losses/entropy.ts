/**
 * Shannon entropy impurity in bits (scikit-learn's `criterion='entropy'`, which also uses log2):
 * for class proportions p_k of a node, H = -sum_k p_k log2 p_k (0 log 0 = 0).
 */
import { gini, type ImpurityCriterion } from './gini.js';

/**
 * Entropy -sum_k (c_k / n) log2(c_k / n) of the class counts c (n = sum of c), in bits.
 *
 * @example
 * ```ts
 * import { entropyImpurity } from 'autolearn';
 *
 * console.log(entropyImpurity([5, 5])); // 1 bit
 * ```
 */
export function entropyImpurity(
  counts: ArrayLike<number>,
  offset = 0,
  k = counts.length - offset,
  total?: number,
): number {
  let n = total;
  if (n === undefined) {
    n = 0;
    for (let j = 0; j < k; j++) n += counts[offset + j] as number;
  }
  if (n <= 0) return 0;
  let h = 0;
  for (let j = 0; j < k; j++) {
    const c = counts[offset + j] as number;
    if (c > 0) {
      const p = c / n;
      h -= p * Math.log2(p);
    }
  }
  return h;
}

export const entropy: ImpurityCriterion = { name: 'entropy', impurity: entropyImpurity };

/** The impurity criterion for a name ('gini' or 'entropy'). */
export function criterionByName(name: 'gini' | 'entropy'): ImpurityCriterion {
  return name === 'entropy' ? entropy : gini;
}
