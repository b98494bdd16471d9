/**
 * The `cpu` backend: native TypeScript on contiguous row-major Float64Arrays (float64). The default
 * device and the reference every other backend is tested against. Kernels live in `cpu-kernels.ts`
 * and `cpu-elementwise.ts` as pure typed-array functions.
 */
import type { Backend, MatmulOptions, Tensor } from '../backend.js';
import { DeviceError, ShapeError } from '../errors.js';
import {
  argmaxImpl,
  type BinaryOp,
  binaryImpl,
  gatherImpl,
  type ReduceOp,
  reduceImpl,
  type Shaped,
  type UnaryOp,
  unaryImpl,
  whereImpl,
} from './cpu-elementwise.js';
import { matmulImpl, rbfKernelImpl, softmaxRowsImpl, sqDistancesImpl, transposeImpl } from './cpu-kernels.js';
import { matmulShape, pairShape, shapeSize } from './shape.js';

/** A `cpu` tensor: its shape and the row-major Float64Array that holds it. */
export class CpuTensor implements Tensor {
  readonly device = 'cpu' as const;
  private _data: Float64Array | null;
  constructor(
    data: Float64Array,
    readonly shape: readonly number[],
  ) {
    this._data = data;
  }
  /** The backing array (no copy). Throws DeviceError once disposed. */
  get data(): Float64Array {
    if (this._data === null)
      throw new DeviceError(`cpu tensor [${this.shape.join(', ')}] was used after dispose()`, 'cpu');
    return this._data;
  }
  get isDisposed(): boolean {
    return this._data === null;
  }
  dispose(): void {
    this._data = null;
  }
}

/** Throws DeviceError unless `t` is a live cpu tensor. */
export function asCpu(t: Tensor): CpuTensor {
  if (t instanceof CpuTensor) return t;
  throw new DeviceError(
    `tensor lives on ${(t as Partial<Tensor>)?.device ?? 'an unknown device'}, not on cpu; move it with toArray/fromArray`,
    'cpu',
  );
}

function wrap(s: Shaped): CpuTensor {
  return new CpuTensor(s.data, s.shape);
}

function binary(op: BinaryOp) {
  return (a: Tensor, b: Tensor): Tensor => wrap(binaryImpl(op, asCpu(a), asCpu(b)));
}

function unary(op: UnaryOp) {
  return (a: Tensor): Tensor => {
    const t = asCpu(a);
    return new CpuTensor(unaryImpl(op, t.data), t.shape);
  };
}

function reduce(op: ReduceOp) {
  return (a: Tensor, axis?: number): Tensor => wrap(reduceImpl(op, asCpu(a), axis));
}

export const cpuBackend: Backend = {
  name: 'cpu',
  precision: 'float64',

  fromArray(data, shape) {
    const n = shapeSize(shape);
    if (data.length !== n) {
      throw new ShapeError(
        `fromArray: ${data.length} values do not fill shape [${shape.join(', ')}] (${n} values)`,
      );
    }
    return new CpuTensor(Float64Array.from(data), [...shape]);
  },
  scalar(value) {
    return new CpuTensor(Float64Array.of(value), []);
  },
  async toArray(t) {
    return asCpu(t).data.slice();
  },
  readSync(t) {
    return asCpu(t).data.slice();
  },
  dispose(t) {
    if (Array.isArray(t)) for (const x of t as readonly Tensor[]) asCpu(x).dispose();
    else asCpu(t as Tensor).dispose();
  },

  matmul(a, b, options: MatmulOptions = {}) {
    const x = asCpu(a);
    const y = asCpu(b);
    const ta = x.shape.length === 2 && options.transposeA === true;
    const tb = y.shape.length === 2 && options.transposeB === true;
    const { k, shape } = matmulShape(x.shape, y.shape, ta, tb);
    // Stored shapes: a vector a is a 1 x k row, a vector b a k x 1 column.
    const [ar, ac] = x.shape.length === 1 ? [1, k] : (x.shape as [number, number]);
    const [br, bc] = y.shape.length === 1 ? [k, 1] : (y.shape as [number, number]);
    return new CpuTensor(matmulImpl(x.data, ar, ac, y.data, br, bc, ta, tb), shape);
  },
  transpose(a) {
    const t = asCpu(a);
    if (t.shape.length < 2) return new CpuTensor(t.data.slice(), t.shape);
    const [r, c] = t.shape as [number, number];
    return new CpuTensor(transposeImpl(t.data, r, c), [c, r]);
  },

  add: binary('add'),
  sub: binary('sub'),
  mul: binary('mul'),
  div: binary('div'),
  maximum: binary('maximum'),
  greater: binary('greater'),
  equal: binary('equal'),
  where(cond, a, b) {
    return wrap(whereImpl(asCpu(cond), asCpu(a), asCpu(b)));
  },

  neg: unary('neg'),
  exp: unary('exp'),
  log: unary('log'),
  sqrt: unary('sqrt'),
  abs: unary('abs'),
  sigmoid: unary('sigmoid'),
  softmax(a) {
    const t = asCpu(a);
    if (t.shape.length === 0) return new CpuTensor(Float64Array.of(1), []);
    const cols = t.shape[t.shape.length - 1] as number;
    const rows = t.shape.length === 2 ? (t.shape[0] as number) : 1;
    return new CpuTensor(softmaxRowsImpl(t.data, rows, cols), t.shape);
  },

  sum: reduce('sum'),
  max: reduce('max'),
  mean: reduce('mean'),
  argmax(a, axis) {
    return wrap(argmaxImpl(asCpu(a), axis));
  },
  gather(a, indices) {
    return wrap(gatherImpl(asCpu(a), indices));
  },

  sqDistances(a, b) {
    const x = asCpu(a);
    const y = asCpu(b);
    const { n, m, d } = pairShape(x.shape, y.shape, 'sqDistances');
    return new CpuTensor(sqDistancesImpl(x.data, n, y.data, m, d), [n, m]);
  },
  rbfKernel(a, b, gamma) {
    const x = asCpu(a);
    const y = asCpu(b);
    const { n, m, d } = pairShape(x.shape, y.shape, 'rbfKernel');
    return new CpuTensor(rbfKernelImpl(x.data, n, y.data, m, d, gamma), [n, m]);
  },
};
