/**
 * The kernel contract: the few fused, model-level computations the six models spend their time in.
 * Models are written once against `Kernels` and never branch on the device; each device provides a
 * `Kernels` object (the float64 TypeScript reference on `cpu`, WebAssembly SIMD on `wasm-simd`, WGSL
 * compute shaders on `webgpu`, tfjs ops composed on the tfjs devices). All matrices are row-major;
 * results are float64 on the host. Kernels may answer synchronously (host devices) or with a promise
 * (GPU devices): callers `await` every result.
 *
 * Families (each defined in its own file next to this one, with its reference implementation):
 * - linear.ts: linear scores + row argmax; softmax / logistic cross-entropy value and gradient.
 * - svm.ts: SVM kernel rows for the SMO cache; kernel block x dual coefficients for prediction.
 * - tree.ts: feature binning; per-node class histograms; flat tree-ensemble prediction.
 * - nb.ts: Gaussian NB moments and joint log-likelihood.
 */

/** A result now (host devices) or later (GPU devices). */
export type MaybePromise<T> = T | Promise<T>;

/** Row-major dense float64 matrix: element (i, j) is `data[i * cols + j]`. */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Something a device may hold resources for (device buffers, wasm memory); call once when done. */
export interface Disposable {
  dispose(): void;
}
