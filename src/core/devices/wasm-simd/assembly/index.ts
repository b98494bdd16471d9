// The wasm-simd device's kernels, compiled by `npm run build:wasm` (asc, SIMD enabled, stub
// runtime: no managed objects, the host allocates every buffer in linear memory).
export { linearArgmax, linearScores } from './linear';
export { linearLoss } from './loss';

/** First free byte after the module's static data: where the host's bump allocator starts. */
export function heapBase(): usize {
  return __heap_base;
}
export { expArray } from './exp';
export { classSquares, classSums, jointLogLikelihood } from './nb';
export { kernelDecision, kernelDiagonal, kernelRows, squaredNorms } from './svm';
export { binMatrix, classHistogram, forestPredict } from './tree';
