/**
 * Confusion matrix, rows = true label, columns = predicted label (scikit-learn's convention).
 */
import type { Label } from '../core/data.js';
import { checkPair, indexOf, resolveLabels } from './labels.js';

export interface ConfusionMatrix {
  /** Row/column order. */
  readonly labels: Label[];
  /** `matrix[i][j]` = number of samples with true label `labels[i]` predicted as `labels[j]`. */
  readonly matrix: number[][];
}

export interface LabelsOption {
  /**
   * Labels to report on, in this order. Default: the sorted union of yTrue and yPred. Samples whose
   * true or predicted label is not listed are left out of the confusion matrix (as in scikit-learn).
   */
  readonly labels?: readonly Label[];
}

/**
 * Counts of (true, predicted) label pairs: row i, column j is how many samples of class i were predicted
 * as class j, with the labels sorted (or as given), like scikit-learn's `confusion_matrix`.
 *
 * @example
 * ```ts
 * import { confusionMatrix } from 'autolearn';
 *
 * const cm = confusionMatrix(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog']);
 * console.log(cm);
 * ```
 */
export function confusionMatrix(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: LabelsOption = {},
): ConfusionMatrix {
  checkPair(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const k = labels.length;
  const idx = indexOf(labels);
  const flat = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = idx.get(yTrue[i] as Label);
    const p = idx.get(yPred[i] as Label);
    if (t !== undefined && p !== undefined) flat[t * k + p]++;
  }
  const matrix: number[][] = [];
  for (let i = 0; i < k; i++) matrix.push(Array.from(flat.subarray(i * k, (i + 1) * k)));
  return { labels, matrix };
}
