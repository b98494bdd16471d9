import { AutolearnError } from '../core/errors.js';

/** A model (or one of its settings) has no ONNX equivalent; the message says which and why. */
export class OnnxExportError extends AutolearnError {
  constructor(
    readonly model: string,
    message: string,
  ) {
    super('E_ONNX_EXPORT', `${model}: ${message}`);
  }
}
