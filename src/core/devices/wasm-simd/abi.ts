/**
 * The functions kernels.wasm exports (assembly/index.ts): every array argument is a byte address in
 * the instance's memory; `sw`-style optional arrays pass 0 for "absent"; flags are 0 or 1.
 */
export interface SimdExports {
  heapBase(): number;
  expArray(x: number, n: number, out: number): void;
  linearScores(
    X: number,
    n: number,
    d: number,
    W: number,
    b: number,
    k: number,
    Wg: number,
    out: number,
  ): void;
  linearArgmax(
    X: number,
    n: number,
    d: number,
    W: number,
    b: number,
    k: number,
    Wg: number,
    out: number,
  ): void;
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
    acc: number,
  ): void;
  squaredNorms(X: number, n: number, d: number, sq: number): void;
  kernelRows(
    X: number,
    d: number,
    sq: number,
    kind: number,
    gamma: number,
    coef0: number,
    degree: number,
    rows: number,
    nr: number,
    cols: number,
    nc: number,
    out: number,
    tmp: number,
  ): void;
  kernelDiagonal(
    X: number,
    n: number,
    d: number,
    sq: number,
    kind: number,
    gamma: number,
    coef0: number,
    degree: number,
    out: number,
  ): void;
  kernelDecision(
    X: number,
    n: number,
    d: number,
    SV: number,
    nSV: number,
    kind: number,
    gamma: number,
    coef0: number,
    degree: number,
    coef: number,
    m: number,
    out: number,
    kr: number,
  ): void;
  binMatrix(X: number, n: number, d: number, edges: number, eOff: number, codes: number): void;
  classHistogram(codes: number, y: number, w: number, m: number, d: number, K: number, out: number): void;
  forestPredict(
    X: number,
    n: number,
    d: number,
    nTrees: number,
    K: number,
    offsets: number,
    feat: number,
    thr: number,
    child: number,
    proba: number,
    out: number,
  ): void;
  classSums(X: number, n: number, d: number, y: number, w: number, count: number, sum: number): void;
  classSquares(X: number, n: number, d: number, y: number, w: number, mean: number, squares: number): void;
  jointLogLikelihood(
    X: number,
    n: number,
    d: number,
    theta: number,
    invVar: number,
    logConst: number,
    K: number,
    out: number,
  ): void;
}

/** Every exported function (checked present when an instance is made). */
export const SIMD_EXPORTS = [
  'heapBase',
  'expArray',
  'linearScores',
  'linearArgmax',
  'linearLoss',
  'squaredNorms',
  'kernelRows',
  'kernelDiagonal',
  'kernelDecision',
  'binMatrix',
  'classHistogram',
  'forestPredict',
  'classSums',
  'classSquares',
  'jointLogLikelihood',
] as const satisfies readonly (keyof SimdExports)[];
// Compile-time: SIMD_EXPORTS lists every function of SimdExports.
const allExportsListed: [Exclude<keyof SimdExports, (typeof SIMD_EXPORTS)[number]>] extends [never]
  ? true
  : false = true;
void allExportsListed;
