/** Runs an exported model with onnxruntime-node (a devDependency: tests only). */
import * as ort from 'onnxruntime-node';
import type { Matrix } from '../../core/matrix.js';

export interface OrtResult {
  readonly labels: (string | number)[];
  readonly probabilities: Float32Array | null;
  readonly scores: Float32Array | null;
}

/** Feeds X (float32 or float64, as the model was exported) to `input` and fetches label plus probabilities or scores. */
export async function runOnnx(
  bytes: Uint8Array,
  X: Matrix,
  type: 'float' | 'double' = 'double',
): Promise<OrtResult> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input =
      type === 'float'
        ? new ort.Tensor('float32', Float32Array.from(X.data), [X.rows, X.cols])
        : new ort.Tensor('float64', Float64Array.from(X.data), [X.rows, X.cols]);
    const fetches = session.outputNames.filter((n) => n !== 'output_probability');
    const out = await session.run({ input }, fetches);
    const label = out.label!;
    const labels = Array.from(label.data as ArrayLike<string | number | bigint>, (v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
    return {
      labels,
      probabilities: out.probabilities ? (out.probabilities.data as Float32Array) : null,
      scores: out.scores ? (out.scores.data as Float32Array) : null,
    };
  } finally {
    await session.release();
  }
}
