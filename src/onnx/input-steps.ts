/**
 * Checkpoints trained on an upload with imputation or encoding carry fitted input steps (a
 * ColumnTransformer of SimpleImputer / OneHotEncoder / scalers, `preprocessing.steps`). Their ONNX
 * form would need one graph input per column (string tensors for categories); the export does not
 * build that yet and refuses such a model with an OnnxExportError naming the first step it cannot
 * export, rather than writing a graph that would take the wrong inputs.
 */
import type { TransformerState } from '../preprocessing/data.js';
import { OnnxExportError } from './errors.js';

interface EntryState {
  readonly name: string;
  readonly transformer: TransformerState | 'passthrough' | 'drop';
}

/** The step types of one ColumnTransformer entry (a Pipeline's steps, in order). */
function stepTypes(t: EntryState['transformer']): string[] {
  if (typeof t === 'string') return [];
  if (t.type === 'Pipeline') {
    const steps = (t as { steps?: { state: TransformerState }[] }).steps ?? [];
    return steps.map((s) => s.state.type);
  }
  return [t.type];
}

const NO_EXPORTER = new Set(['SimpleImputer', 'OneHotEncoder']);

/** Throws an OnnxExportError naming the first input step (column and type) that has no exporter. */
export function refuseInputSteps(model: string, steps: { readonly state: TransformerState }): never {
  const entries = (steps.state as { transformers?: EntryState[] }).transformers ?? [];
  for (const e of entries) {
    const type = stepTypes(e.transformer).find((t) => NO_EXPORTER.has(t));
    if (type) {
      throw new OnnxExportError(
        model,
        `the dataset's pre-processing step ${type} on column '${e.name}' has no ONNX exporter (imputed or one-hot encoded columns would need one string/number input per column); predict through the platform instead`,
      );
    }
  }
  throw new OnnxExportError(
    model,
    `the dataset's pre-processing steps (${steps.state.type}) have no ONNX exporter; predict through the platform instead`,
  );
}
