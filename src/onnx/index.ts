/** ONNX export of fitted models (ONNX-ML operators, written with protobufjs; no Python). */
export { OnnxExportError } from './errors.js';
export {
  type ClassLabels,
  classLabels,
  ONNX_EXPORTABLE,
  ONNX_NAMES,
  type OnnxExportOptions,
  type ScalerState,
  toOnnx,
} from './export.js';
export { decodeModel, ElemType, type ElemTypeCode } from './graph.js';
export { pipelineToOnnx } from './pipeline-export.js';
