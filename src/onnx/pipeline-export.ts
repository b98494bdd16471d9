/**
 * ONNX export of a fitted `Pipeline` whose transformer steps are affine scalers (StandardScaler,
 * MinMaxScaler without clip) and whose last step is a classifier: the scalers compose into one
 * `x * scale + offset` map (one ONNX Scaler node) in front of the model's graph, so onnxruntime takes
 * the raw rows the pipeline takes. Other steps (encoders, imputers, column selection) have no
 * exporter yet and are refused with an OnnxExportError naming the step.
 */
import type { Checkpoint } from '../models/base.js';
import { Pipeline } from '../preprocessing/pipeline.js';
import { Scaler } from '../preprocessing/scaler.js';
import { OnnxExportError } from './errors.js';
import { type OnnxExportOptions, type ScalerState, toOnnx } from './export.js';

/** x -> x * a.scale + a.offset, then * b.scale + b.offset, as one affine map. */
function compose(a: ScalerState, b: ScalerState): ScalerState {
  return {
    scale: a.scale.map((s, j) => s * (b.scale[j] as number)),
    offset: a.offset.map((o, j) => o * (b.scale[j] as number) + (b.offset[j] as number)),
  };
}

/**
 * The ONNX bytes of a fitted pipeline (or its checkpoint); see the module comment for what exports.
 *
 * @example
 * ```ts
 * import { makePipeline, StandardScaler, SVC } from 'autolearn';
 * import { pipelineToOnnx } from 'autolearn/onnx';
 *
 * const X = [[5.1, 3.5], [4.9, 3.0], [6.7, 3.1], [6.3, 2.5], [5.0, 3.4], [6.5, 3.0]];
 * const y = ['a', 'a', 'b', 'b', 'a', 'b'];
 * const pipe = makePipeline(new StandardScaler(), new SVC());
 * await pipe.fit(X, y);
 * const bytes = pipelineToOnnx(pipe); // raw rows in, labels out
 * console.log(bytes.length);
 * ```
 */
export function pipelineToOnnx(
  pipeline: Pipeline | Checkpoint | string,
  options: Omit<OnnxExportOptions, 'scaler'> = {},
): Uint8Array {
  const p = pipeline instanceof Pipeline ? pipeline : Pipeline.loadCheckpoint(pipeline);
  let affine: ScalerState | null = null;
  for (const [name, step] of p.steps.slice(0, -1)) {
    if (!(step instanceof Scaler)) {
      throw new OnnxExportError(
        'Pipeline',
        `step '${name}' (${step.name}) has no ONNX exporter yet; scalers only`,
      );
    }
    const a = step.affine();
    if (a.clip)
      throw new OnnxExportError(
        'Pipeline',
        `step '${name}': a MinMaxScaler with clip: true has no ONNX Scaler form`,
      );
    affine = affine ? compose(affine, a) : a;
  }
  const final = p.finalStep as { saveCheckpoint?: () => Checkpoint; name: string };
  if (typeof final.saveCheckpoint !== 'function') {
    throw new OnnxExportError('Pipeline', `the last step (${final.name}) is not a classifier`);
  }
  return toOnnx(final as { saveCheckpoint(): Checkpoint }, { ...options, scaler: affine });
}
