/**
 * The functions kernels.wasm exports (assembly/index.ts): every array argument is a byte address in
 * the instance's memory; `sw`-style optional arrays pass 0 for "absent"; flags are 0 or 1.
 */
export interface SimdExports {
  heapBase(): number;
  linearScores(X: number, n: number, d: number, W: number, b: number, k: number, out: number): void;
  linearArgmax(X: number, n: number, d: number, W: number, b: number, k: number, out: number): void;
  linearLoss(
    X: number,
    y: number,
    sw: number,
    n: number,
    d: number,
    k: number,
    fitIntercept: number,
    w: number,
    grad: number,
    Z: number,
  ): number;
}

/** Every exported function (checked present when an instance is made). */
export const SIMD_EXPORTS = [
  'heapBase',
  'linearScores',
  'linearArgmax',
  'linearLoss',
] as const satisfies readonly (keyof SimdExports)[];
// Compile-time: SIMD_EXPORTS lists every function of SimdExports.
const allExportsListed: [Exclude<keyof SimdExports, (typeof SIMD_EXPORTS)[number]>] extends [never]
  ? true
  : false = true;
void allExportsListed;
