/**
 * ONNX form of the fitted input steps a checkpoint carries when it was trained on an upload with
 * imputation (`preprocessing.steps`: a ColumnTransformer with one entry per raw column). Numeric
 * columns export: a SimpleImputer becomes `Where(IsNaN(x), fill, x)` in the input's own type (NaN
 * marks a missing cell, the very fill of our transform), and the scalers behind it compose into the
 * affine map the model converters already apply. A OneHotEncoder (or a text fill) would need one
 * string input per column: such a model is refused with an OnnxExportError naming the step and column.
 */
import type { ColumnTransformer, ColumnTransformerState } from '../preprocessing/column-transformer.js';
import type { Transformer, TransformerState } from '../preprocessing/data.js';
import { Pipeline } from '../preprocessing/pipeline.js';
import { transformerFromState } from '../preprocessing/registry.js';
import { Scaler } from '../preprocessing/scaler.js';
import { SimpleImputer } from '../preprocessing/simple-imputer.js';
import { OnnxExportError } from './errors.js';
import type { ScalerState } from './export.js';

/** What toOnnx needs of the input steps: the fill of each raw column (NaN: none) and the affine map. */
export interface OnnxInputSteps {
  readonly impute: number[];
  readonly scaler: ScalerState;
}

function stepsOf(t: Transformer | 'passthrough' | 'drop'): Transformer[] {
  if (typeof t === 'string') return [];
  return t instanceof Pipeline ? t.steps.map(([, s]) => s as Transformer) : [t];
}

/**
 * The ONNX form of a checkpoint's input steps, or an OnnxExportError naming the first step that has
 * none (a OneHotEncoder, a text fill, a scaler that clips).
 */
export function inputStepsForOnnx(
  model: string,
  steps: { readonly state: TransformerState },
): OnnxInputSteps {
  const st = steps.state as ColumnTransformerState;
  const refuse = (why: string): never => {
    throw new OnnxExportError(
      model,
      `the dataset's pre-processing ${why}; predict through the platform instead`,
    );
  };
  if (st.type !== 'ColumnTransformer' || !Array.isArray(st.transformers))
    refuse(`steps (${String(st.type)}) have no ONNX exporter`);
  const d = st.nFeaturesIn;
  const ct = transformerFromState(st) as ColumnTransformer;
  const impute = new Array<number>(d).fill(Number.NaN);
  const scale = new Array<number>(d).fill(1);
  const offset = new Array<number>(d).fill(0);
  if (ct.transformers.length !== d || (st.params.remainder === 'passthrough' && st.remainderIndices.length))
    refuse('steps do not map each column to one output');
  ct.transformers.forEach(([name, t], k) => {
    const idx = st.transformers[k]?.indices ?? [];
    if (idx.length !== 1 || idx[0] !== k) refuse(`entry '${name}' does not map one column to itself`);
    if (t === 'drop') refuse(`drops column '${name}'`);
    const bad = stepsOf(t).find((s) => !(s instanceof SimpleImputer) && !(s instanceof Scaler));
    if (bad)
      refuse(
        `step ${bad.name} on column '${name}' has no ONNX exporter (a one-hot encoded column would need a string input of its own)`,
      );
    let scaled = false;
    for (const s of stepsOf(t)) {
      if (s instanceof SimpleImputer && !scaled) {
        const fill = s.statistics?.[0];
        if (typeof fill !== 'number') refuse(`step SimpleImputer on column '${name}' fills text`);
        impute[k] = fill as number;
      } else if (s instanceof Scaler) {
        const a = s.affine();
        if (a.clip) refuse(`step ${s.name} on column '${name}' clips (no affine ONNX form)`);
        scale[k] = (scale[k] as number) * (a.scale[0] as number);
        offset[k] = (offset[k] as number) * (a.scale[0] as number) + (a.offset[0] as number);
        scaled = true;
      } else refuse(`step SimpleImputer on column '${name}' comes after its scaler`);
    }
  });
  return { impute, scaler: { scale, offset } };
}
