/**
 * The classification report every model's `evaluate` returns: accuracy, per-class precision /
 * recall / F1 / support, macro / micro / weighted averages and the confusion matrix, plus a text
 * rendering like scikit-learn's `classification_report` and the seed's `eval_data` rows.
 * Zero division counts as 0 (scikit-learn's `zero_division=0`).
 */
import type { Label } from '../core/data.js';
import { type ConfusionMatrix, confusionMatrix, type LabelsOption } from './confusion.js';
import { accuracyScore, averageScores, labelCounts, type Prfs, perClassScores } from './scores.js';

export interface ClassMetrics {
  readonly label: Label;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Number of samples whose true label is `label`. */
  readonly support: number;
}

export interface ClassificationReport {
  /** Fraction of correct predictions over all samples. */
  readonly accuracy: number;
  /** Number of samples. */
  readonly n: number;
  readonly perClass: ClassMetrics[];
  readonly macro: Prfs;
  readonly micro: Prfs;
  readonly weighted: Prfs;
  readonly confusion: ConfusionMatrix;
}

/** The seed's evaluation record row. */
export interface EvalDatum {
  metric_name: string;
  metric_value: number;
}

/**
 * Precision, recall, F1 and support per class, plus accuracy and macro / weighted averages, like
 * scikit-learn's `classification_report` (zero division counts as 0).
 *
 * @example
 * ```ts
 * import { classificationReport, formatReport } from 'autolearn';
 *
 * const report = classificationReport(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
 * console.log(report.accuracy, formatReport(report));
 * ```
 */
export function classificationReport(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: LabelsOption = {},
): ClassificationReport {
  const counts = labelCounts(yTrue, yPred, options.labels);
  const per = perClassScores(counts);
  const perClass: ClassMetrics[] = counts.labels.map((label, j) => ({
    label,
    precision: per.precision[j] as number,
    recall: per.recall[j] as number,
    f1: per.f1[j] as number,
    support: per.support[j] as number,
  }));
  return {
    accuracy: accuracyScore(yTrue, yPred),
    n: yTrue.length,
    perClass,
    macro: averageScores(counts, 'macro'),
    micro: averageScores(counts, 'micro'),
    weighted: averageScores(counts, 'weighted'),
    confusion: confusionMatrix(yTrue, yPred, { labels: counts.labels }),
  };
}

export interface FormatOptions {
  /** Decimal digits (default 2, as scikit-learn). */
  readonly digits?: number;
}

/**
 * Plain-text table in the layout of scikit-learn's `classification_report`.
 *
 * @example
 * ```ts
 * import { formatReport, GaussianNB, loadIris } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 0 } });
 * const model = await new GaussianNB().fit(iris);
 * console.log(formatReport(await model.evaluate(iris, { on: 'test' })));
 * ```
 */
export function formatReport(report: ClassificationReport, options: FormatOptions = {}): string {
  const digits = options.digits ?? 2;
  const names = report.perClass.map((c) => String(c.label));
  const avgNames = ['accuracy', 'macro avg', 'micro avg', 'weighted avg'];
  const width = Math.max(...names.map((s) => s.length), ...avgNames.map((s) => s.length), digits);
  const col = Math.max(9, digits + 3);
  const num = (v: number): string => v.toFixed(digits).padStart(col);
  const head = ['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(col)).join(' ');
  const lines = [`${''.padStart(width)} ${head}`, ''];
  for (const c of report.perClass) {
    lines.push(
      `${String(c.label).padStart(width)} ${num(c.precision)} ${num(c.recall)} ${num(c.f1)} ${String(c.support).padStart(col)}`,
    );
  }
  lines.push('');
  lines.push(
    `${'accuracy'.padStart(width)} ${''.padStart(col)} ${''.padStart(col)} ${num(report.accuracy)} ${String(report.n).padStart(col)}`,
  );
  const avg = (name: string, a: Prfs): string =>
    `${name.padStart(width)} ${num(a.precision)} ${num(a.recall)} ${num(a.f1)} ${String(a.support).padStart(col)}`;
  lines.push(avg('macro avg', report.macro));
  lines.push(avg('micro avg', report.micro));
  lines.push(avg('weighted avg', report.weighted));
  return `${lines.join('\n')}\n`;
}

export interface EvalDataOptions {
  /** Also emit `precision_<label>`, `recall_<label>`, `f1_<label>`, `support_<label>` (default true). */
  readonly perClass?: boolean;
}

/**
 * The report as the seed's `eval_data` list: accuracy, then `precision_macro`, `recall_macro`,
 * `f1_macro`, the same for `micro` and `weighted`, then (optionally) one entry per class and metric.
 *
 * @example
 * ```ts
 * import { classificationReport, toEvalData } from 'autolearn';
 *
 * const rows = toEvalData(classificationReport([0, 1, 1], [0, 1, 0]));
 * console.log(rows.find((r) => r.metric_name === 'accuracy'));
 * ```
 */
export function toEvalData(report: ClassificationReport, options: EvalDataOptions = {}): EvalDatum[] {
  const out: EvalDatum[] = [{ metric_name: 'accuracy', metric_value: report.accuracy }];
  for (const avg of ['macro', 'micro', 'weighted'] as const) {
    const a = report[avg];
    out.push({ metric_name: `precision_${avg}`, metric_value: a.precision });
    out.push({ metric_name: `recall_${avg}`, metric_value: a.recall });
    out.push({ metric_name: `f1_${avg}`, metric_value: a.f1 });
  }
  if (options.perClass ?? true) {
    for (const c of report.perClass) {
      const l = String(c.label);
      out.push({ metric_name: `precision_${l}`, metric_value: c.precision });
      out.push({ metric_name: `recall_${l}`, metric_value: c.recall });
      out.push({ metric_name: `f1_${l}`, metric_value: c.f1 });
      out.push({ metric_name: `support_${l}`, metric_value: c.support });
    }
  }
  return out;
}
