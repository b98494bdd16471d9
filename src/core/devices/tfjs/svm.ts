/**
 * The svm kernels composed from a Backend's primitive ops (the tfjs devices, float32): the kernel
 * block is `rbfKernel` for rbf and `matmul` followed by the outer function (poly by repeated
 * squaring, tanh as 2 sigmoid(2z) - 1) otherwise; the decision multiplies it by the coefficients
 * on the device. Prepared training rows stay resident; swaps only permute a host index, and the
 * labels' signs are applied on the host as the block is written to its positions (signedRows).
 */
import type { Backend, Tensor } from '../../backend.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import { type CompactKernelRows, signedRows } from '../../kernels/signed-rows.js';
import type { SvmKernelSpec, SvmKernels } from '../../kernels/svm.js';

/** Rows of A per device call in kernelDecision (bounds device memory). */
const BLOCK_ROWS = 2048;

/** K(A, B) from row sets on the device (a new tensor; a and b stay the caller's). */
function kernelBlock(backend: Backend, spec: SvmKernelSpec, a: Tensor, b: Tensor): Tensor {
  if (spec.kernel === 'rbf') return backend.rbfKernel(a, b, spec.gamma);
  return fromDot(backend, spec, backend.matmul(a, b, { transposeB: true }));
}

/** The outer function (linear, poly, sigmoid) applied element-wise to a dot-product tensor it consumes. */
function fromDot(backend: Backend, spec: SvmKernelSpec, dot: Tensor): Tensor {
  if (spec.kernel === 'linear' || spec.kernel === 'rbf') return dot;
  const temps: Tensor[] = [dot];
  const t = (x: Tensor): Tensor => {
    temps.push(x);
    return x;
  };
  let result: Tensor;
  try {
    const z = t(
      backend.add(t(backend.mul(dot, t(backend.scalar(spec.gamma)))), t(backend.scalar(spec.coef0))),
    );
    if (spec.kernel === 'sigmoid') {
      // tanh(z) = 2 sigmoid(2z) - 1
      const two = t(backend.scalar(2));
      result = backend.sub(
        t(backend.mul(t(backend.sigmoid(t(backend.mul(z, two)))), two)),
        t(backend.scalar(1)),
      );
    } else {
      // libsvm's powi: repeated squaring
      let ret: Tensor | null = null;
      let base = z;
      for (let k = spec.degree; k > 0; k = Math.floor(k / 2)) {
        if (k % 2 === 1) ret = ret ? t(backend.mul(ret, base)) : base;
        if (k > 1) base = t(backend.mul(base, base));
      }
      const size = z.shape.reduce((u, v) => u * v, 1);
      result = ret
        ? backend.mul(ret, t(backend.scalar(1)))
        : backend.fromArray(new Float64Array(size).fill(1), z.shape);
    }
  } finally {
    backend.dispose(temps);
  }
  return result;
}

/** Unsigned compact rows on the device (the labels and positions are applied by signedRows). */
class ComposedKernelRows implements CompactKernelRows {
  private readonly x: Tensor;
  /** Position -> row of the resident X. */
  private readonly perm: Int32Array;

  constructor(
    private readonly backend: Backend,
    X: DenseMatrix,
    private readonly spec: SvmKernelSpec,
  ) {
    this.x = backend.fromArray(X.data.subarray(0, X.rows * X.cols), [X.rows, X.cols]);
    this.perm = Int32Array.from({ length: X.rows }, (_, i) => i);
  }

  async kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array): Promise<void> {
    if (rows.length === 0 || cols.length === 0) return;
    const { backend, perm } = this;
    const a = backend.gather(
      this.x,
      Array.from(rows, (r) => perm[r] as number),
    );
    const b = backend.gather(
      this.x,
      Array.from(cols, (c) => perm[c] as number),
    );
    try {
      const k = kernelBlock(backend, this.spec, a, b);
      try {
        out.set(await backend.toArray(k));
      } finally {
        backend.dispose(k);
      }
    } finally {
      backend.dispose([a, b]);
    }
  }

  async diagonal(): Promise<Float64Array> {
    const { backend, perm, spec } = this;
    const n = perm.length;
    if (n === 0 || spec.kernel === 'rbf') return new Float64Array(n).fill(1); // exp(-gamma * 0)
    const sq = backend.mul(this.x, this.x);
    const k = fromDot(backend, spec, backend.sum(sq, 1));
    try {
      const diag = await backend.toArray(k);
      return Float64Array.from(perm, (p) => diag[p] as number);
    } finally {
      backend.dispose([sq, k]);
    }
  }

  swap(i: number, j: number): void {
    const t = this.perm[i] as number;
    this.perm[i] = this.perm[j] as number;
    this.perm[j] = t;
  }

  dispose(): void {
    this.backend.dispose(this.x);
  }
}

async function kernelDecision(
  backend: Backend,
  X: DenseMatrix,
  SV: DenseMatrix,
  spec: SvmKernelSpec,
  coef: Float64Array,
  m: number,
): Promise<Float64Array> {
  const n = X.rows;
  const out = new Float64Array(n * m);
  if (n === 0 || SV.rows === 0 || m === 0) return out;
  const sv = backend.fromArray(SV.data.subarray(0, SV.rows * SV.cols), [SV.rows, SV.cols]);
  const c = backend.fromArray(coef.subarray(0, SV.rows * m), [SV.rows, m]);
  try {
    for (let r = 0; r < n; r += BLOCK_ROWS) {
      const e = Math.min(n, r + BLOCK_ROWS);
      const a = backend.fromArray(X.data.subarray(r * X.cols, e * X.cols), [e - r, X.cols]);
      const k = kernelBlock(backend, spec, a, sv);
      const d = backend.matmul(k, c);
      try {
        out.set(await backend.toArray(d), r * m);
      } finally {
        backend.dispose([a, k, d]);
      }
    }
  } finally {
    backend.dispose([sv, c]);
  }
  return out;
}

export function svmComposed(backend: Backend): Partial<SvmKernels> {
  return {
    prepareKernelRows: (X, spec, y) => signedRows(new ComposedKernelRows(backend, X, spec), y, X.rows),
    kernelDecision: (X, SV, spec, coef, m) => kernelDecision(backend, X, SV, spec, coef, m),
  };
}
