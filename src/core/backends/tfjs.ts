/**
 * tfjs-backed devices: one Backend implementation over any tfjs backend (float32).
 *   tfjs-cpu → tfjs 'cpu', wasm → 'wasm', webgpu → 'webgpu' (Dawn via the `webgpu` package),
 *   tensorflow → 'tensorflow' from @tensorflow/tfjs-node, cuda → 'tensorflow' from tfjs-node-gpu.
 * tfjs keeps one global engine with one active backend, so every op first makes its own backend
 * the active one (a string compare when it already is). Loaded only through `getBackend`.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { Backend, DeviceName, MatmulOptions, Tensor } from '../backend.js';
import { DeviceError, ShapeError } from '../errors.js';
import { packageDir, wasmDir } from './detect.js';
import {
  broadcastShapes,
  checkIndices,
  matmulShape,
  normalizeAxis,
  pairShape,
  reducedShape,
  shapeSize,
} from './shape.js';

type Tf = typeof TF;

/** A tensor on a tfjs-backed device: wraps the tfjs tensor. */
export class TfjsTensor implements Tensor {
  constructor(
    readonly device: DeviceName,
    readonly t: TF.Tensor,
  ) {}
  get shape(): readonly number[] {
    return this.t.shape;
  }
}

async function loadTf(device: DeviceName): Promise<{ tf: Tf; tfName: string }> {
  const core = async (): Promise<Tf> => {
    const m = (await import('@tensorflow/tfjs-core')) as Tf & { default?: Tf };
    return m.default ?? m;
  };
  switch (device) {
    case 'tfjs-cpu': {
      const tf = await core();
      await import('@tensorflow/tfjs-backend-cpu');
      return { tf, tfName: 'cpu' };
    }
    case 'wasm': {
      const tf = await core();
      const w = (await import(
        '@tensorflow/tfjs-backend-wasm'
      )) as typeof import('@tensorflow/tfjs-backend-wasm') & {
        default?: typeof import('@tensorflow/tfjs-backend-wasm');
      };
      const dir = wasmDir();
      if (!dir) throw new DeviceError('wasm: tfjs-backend-wasm .wasm binaries not found', 'wasm');
      // setWasmPaths may only be called before the backend initializes.
      if (!tf.findBackend('wasm')) (w.default ?? w).setWasmPaths(`${dir}/`);
      return { tf, tfName: 'wasm' };
    }
    case 'webgpu': {
      const tf = await core();
      const { create, globals } = await import('webgpu');
      const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
      Object.assign(globalThis, globals);
      if (!g.navigator) g.navigator = {};
      if (!g.navigator.gpu)
        Object.defineProperty(g.navigator, 'gpu', { value: create([]), configurable: true });
      await import('@tensorflow/tfjs-backend-webgpu');
      return { tf, tfName: 'webgpu' };
    }
    case 'tensorflow':
    case 'cuda': {
      const pkg = device === 'cuda' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
      if (!packageDir(pkg)) throw new DeviceError(`${pkg} not installed`, device);
      // The package re-exports all of tfjs with its 'tensorflow' backend registered: use its own tf.
      const m = (await import(pkg)) as Tf & { default?: Tf };
      return { tf: m.default ?? m, tfName: 'tensorflow' };
    }
    default:
      throw new DeviceError(`device '${device}' is not a tfjs device`, device);
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Loads and initializes the tfjs backend behind `device` and returns our Backend over it. Calls are
 * serialized: initializing switches tfjs's one global engine, so two at once would race.
 */
export function createTfjsBackend(device: DeviceName): Promise<Backend> {
  const p = queue.then(() => create(device));
  queue = p.catch(() => undefined);
  return p;
}

async function create(device: DeviceName): Promise<Backend> {
  const { tf, tfName } = await loadTf(device);
  const previous = tf.getBackend();
  const ok = await tf.setBackend(tfName);
  if (!ok) {
    throw new DeviceError(`tfjs backend '${tfName}' failed to initialize for device '${device}'`, device);
  }
  await tf.ready();
  // tfjs-cpu prints a "use tfjs-node" banner on first write; library code stays silent.
  const inst = tf.findBackend(tfName) as unknown as { firstUse?: boolean } | null;
  if (inst && 'firstUse' in inst) inst.firstUse = false;
  if (previous && previous !== tfName && tf.findBackend(previous)) await tf.setBackend(previous);
  return new TfjsBackend(tf, tfName, device);
}

class TfjsBackend implements Backend {
  readonly precision = 'float32' as const;
  constructor(
    private readonly tf: Tf,
    private readonly tfName: string,
    readonly name: DeviceName,
  ) {}

  /** Makes this backend the engine's active one; synchronous once the backend is initialized. */
  private use(): Tf {
    const tf = this.tf;
    if (tf.getBackend() !== this.tfName) void tf.setBackend(this.tfName);
    return tf;
  }

  private t(x: Tensor): TF.Tensor {
    if (!(x instanceof TfjsTensor) || x.device !== this.name) {
      throw new DeviceError(
        `tensor lives on ${(x as Partial<Tensor>)?.device ?? 'an unknown device'}, not on ${this.name}; move it with toArray/fromArray`,
        this.name,
      );
    }
    if (x.t.isDisposed)
      throw new DeviceError(
        `${this.name} tensor [${x.shape.join(', ')}] was used after dispose()`,
        this.name,
      );
    return x.t;
  }

  private wrap(t: TF.Tensor): TfjsTensor {
    return new TfjsTensor(this.name, t);
  }

  private run(f: (tf: Tf) => TF.Tensor): TfjsTensor {
    const tf = this.use();
    return this.wrap(tf.tidy(() => f(tf)));
  }

  fromArray(data: ArrayLike<number>, shape: readonly number[]): Tensor {
    const n = shapeSize(shape);
    if (data.length !== n) {
      throw new ShapeError(
        `fromArray: ${data.length} values do not fill shape [${shape.join(', ')}] (${n} values)`,
      );
    }
    const tf = this.use();
    return this.wrap(tf.tensor(Float32Array.from(data), [...shape], 'float32'));
  }
  scalar(value: number): Tensor {
    return this.wrap(this.use().scalar(value, 'float32'));
  }
  async toArray(x: Tensor): Promise<Float64Array> {
    const t = this.t(x);
    return Float64Array.from((await t.data()) as Float32Array);
  }
  readSync(x: Tensor): Float64Array {
    const t = this.t(x);
    if (
      this.tfName === 'webgpu' &&
      typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined'
    ) {
      // tfjs-backend-webgpu reads synchronously through an OffscreenCanvas, which Node does not have.
      throw new DeviceError(
        'webgpu cannot download synchronously in Node (no OffscreenCanvas); use await toArray()',
        this.name,
      );
    }
    return Float64Array.from(t.dataSync() as Float32Array);
  }
  dispose(x: Tensor | readonly Tensor[]): void {
    const list = Array.isArray(x) ? (x as readonly Tensor[]) : [x as Tensor];
    for (const e of list) {
      if (e instanceof TfjsTensor && e.device === this.name) {
        if (!e.t.isDisposed) e.t.dispose();
      } else this.t(e);
    }
  }

  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
    const x = this.t(a);
    const y = this.t(b);
    const ta = x.rank === 2 && options.transposeA === true;
    const tb = y.rank === 2 && options.transposeB === true;
    const { k, shape } = matmulShape(x.shape, y.shape, ta, tb);
    return this.run((tf) => {
      const x2 = x.rank === 1 ? tf.reshape(x, [1, k]) : (x as TF.Tensor2D);
      const y2 = y.rank === 1 ? tf.reshape(y, [k, 1]) : (y as TF.Tensor2D);
      const r = tf.matMul(x2 as TF.Tensor2D, y2 as TF.Tensor2D, ta, tb);
      return shape.length === 2 ? r : tf.reshape(r, shape);
    });
  }
  transpose(a: Tensor): Tensor {
    const x = this.t(a);
    return this.run((tf) => (x.rank < 2 ? tf.clone(x) : tf.transpose(x)));
  }

  private binary(a: Tensor, b: Tensor, f: (tf: Tf, x: TF.Tensor, y: TF.Tensor) => TF.Tensor): Tensor {
    const x = this.t(a);
    const y = this.t(b);
    broadcastShapes(x.shape, y.shape);
    return this.run((tf) => f(tf, x, y));
  }
  add(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.add(x, y));
  }
  sub(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.sub(x, y));
  }
  mul(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.mul(x, y));
  }
  div(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.div(x, y));
  }
  maximum(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.maximum(x, y));
  }
  greater(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.cast(tf.greater(x, y), 'float32'));
  }
  equal(a: Tensor, b: Tensor): Tensor {
    return this.binary(a, b, (tf, x, y) => tf.cast(tf.equal(x, y), 'float32'));
  }
  where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
    const c = this.t(cond);
    const x = this.t(a);
    const y = this.t(b);
    const shape = broadcastShapes(c.shape, x.shape, y.shape);
    return this.run((tf) =>
      tf.where(tf.notEqual(tf.broadcastTo(c, shape), 0), tf.broadcastTo(x, shape), tf.broadcastTo(y, shape)),
    );
  }

  private unary(a: Tensor, f: (tf: Tf, x: TF.Tensor) => TF.Tensor): Tensor {
    const x = this.t(a);
    return this.run((tf) => f(tf, x));
  }
  neg(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => tf.neg(x));
  }
  exp(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => tf.exp(x));
  }
  log(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => tf.log(x));
  }
  sqrt(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => tf.sqrt(x));
  }
  abs(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => tf.abs(x));
  }
  sigmoid(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => tf.sigmoid(x));
  }
  softmax(a: Tensor): Tensor {
    return this.unary(a, (tf, x) => (x.rank === 0 ? tf.onesLike(x) : tf.softmax(x)));
  }

  private reduce(a: Tensor, axis: number | undefined, op: 'sum' | 'max' | 'mean'): Tensor {
    const x = this.t(a);
    const shape = reducedShape(x.shape, axis, op);
    const ax = axis === undefined || x.rank === 0 ? undefined : normalizeAxis(axis, x.rank, op);
    // Reshape pins the result shape (some tfjs backends keep a length-1 axis).
    return this.run((tf) =>
      tf.reshape(op === 'sum' ? tf.sum(x, ax) : op === 'max' ? tf.max(x, ax) : tf.mean(x, ax), shape),
    );
  }
  sum(a: Tensor, axis?: number): Tensor {
    return this.reduce(a, axis, 'sum');
  }
  max(a: Tensor, axis?: number): Tensor {
    return this.reduce(a, axis, 'max');
  }
  mean(a: Tensor, axis?: number): Tensor {
    return this.reduce(a, axis, 'mean');
  }
  argmax(a: Tensor, axis?: number): Tensor {
    const x = this.t(a);
    if (x.rank === 0) throw new ShapeError('argmax needs a rank 1 or 2 tensor, got a scalar');
    const ax = normalizeAxis(axis ?? x.rank - 1, x.rank, 'argmax');
    if (x.shape[ax] === 0) throw new ShapeError(`argmax along an empty axis (shape [${x.shape.join(', ')}])`);
    const shape = x.shape.filter((_, k) => k !== ax);
    // tfjs-backend-webgpu returns shape [1] for the argmax of a vector: pin the numpy shape.
    return this.run((tf) => tf.reshape(tf.cast(tf.argMax(x, ax), 'float32'), shape));
  }
  gather(a: Tensor, indices: ArrayLike<number>): Tensor {
    const x = this.t(a);
    if (x.rank === 0) throw new ShapeError('gather needs a rank 1 or 2 tensor, got a scalar');
    checkIndices(indices, x.shape[0] as number, 'gather');
    return this.run((tf) => tf.gather(x, tf.tensor1d(Int32Array.from(indices), 'int32'), 0));
  }

  sqDistances(a: Tensor, b: Tensor): Tensor {
    const x = this.t(a);
    const y = this.t(b);
    const { n, m } = pairShape(x.shape, y.shape, 'sqDistances');
    return this.run((tf) => sqDist(tf, x, y, n, m));
  }
  rbfKernel(a: Tensor, b: Tensor, gamma: number): Tensor {
    const x = this.t(a);
    const y = this.t(b);
    const { n, m } = pairShape(x.shape, y.shape, 'rbfKernel');
    return this.run((tf) => tf.exp(tf.mul(sqDist(tf, x, y, n, m), tf.scalar(-gamma, 'float32'))));
  }
}

/** ||a_i||² + ||b_j||² - 2 a_i·b_j, clamped at 0 (inside a tidy). */
function sqDist(tf: Tf, a: TF.Tensor, b: TF.Tensor, n: number, m: number): TF.Tensor {
  const na = tf.reshape(tf.sum(tf.square(a), 1), [n, 1]);
  const nb = tf.reshape(tf.sum(tf.square(b), 1), [1, m]);
  const g = tf.matMul(a as TF.Tensor2D, b as TF.Tensor2D, false, true);
  return tf.relu(tf.sub(tf.add(na, nb), tf.mul(g, tf.scalar(2, 'float32'))));
}
