/**
 * One op suite, written once, run against every device that loads here (cpu, tfjs-cpu, wasm; webgpu,
 * tensorflow, cuda where available). Each op is compared to a naive definitional reference written
 * in conformance-cases.ts and, for the float32 devices, to the cpu backend, with per-precision tolerances.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { availableDevices, getBackend } from '../devices.js';
import { ShapeError } from '../errors.js';
import { Rng } from '../rng.js';
import {
  assertClose,
  bshape,
  checkBackendConformance,
  conformanceCases,
  rand,
  refElementwise,
  refSqDist,
  runCase,
  up,
} from './conformance-cases.js';
import { cpuBackend } from './cpu.js';

const devices = availableDevices().filter((d) => d.available);
const backends: Backend[] = [];
for (const d of devices) backends.push(await getBackend(d.name));

describe.each(backends.map((b) => [b.name, b] as const))('backend %s', (_name, b) => {
  it('reports its precision', () => {
    expect(b.precision).toBe(b.name === 'cpu' || b.name === 'wasm-simd' ? 'float64' : 'float32');
  });

  for (const c of conformanceCases()) {
    it(`${c.name} matches the reference${b.name === 'cpu' ? '' : ' and cpu'}`, async () => {
      await runCase(b, c, cpuBackend);
    });
  }

  it('readSync and toArray agree and copy', async () => {
    const t = b.fromArray([1, 2, 3], [3]);
    if (
      b.name === 'webgpu' &&
      typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined'
    ) {
      // Node has no OffscreenCanvas, which tfjs-backend-webgpu's synchronous read needs.
      expect(() => b.readSync(t)).toThrow(/use await toArray/);
      b.dispose(t);
      return;
    }
    const x = b.readSync(t);
    expect(Array.from(x)).toEqual([1, 2, 3]);
    x[0] = 99;
    expect(Array.from(await b.toArray(t))).toEqual([1, 2, 3]);
    b.dispose(t);
  });

  it('rejects bad shapes with ShapeError', () => {
    const a = b.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
    const c = b.fromArray([1, 2], [2]);
    expect(() => b.fromArray([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => b.fromArray([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])).toThrow(ShapeError);
    expect(() => b.add(a, c)).toThrow(ShapeError);
    expect(() => b.matmul(a, a)).toThrow(ShapeError);
    expect(() => b.sqDistances(a, c)).toThrow(ShapeError);
    expect(() => b.sum(a, 2)).toThrow(ShapeError);
    expect(() => b.argmax(b.scalar(1))).toThrow(ShapeError);
    expect(() => b.gather(a, [2])).toThrow(ShapeError);
    b.dispose([a, c]);
  });

  it('rejects a disposed tensor', () => {
    const a = b.fromArray([1, 2], [2]);
    b.dispose(a);
    expect(() => b.neg(a)).toThrow(/dispose/);
  });

  // float32 values without subnormals (GPUs flush them to zero, so comparisons there tie with 0).
  const f32 = fc
    .float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true })
    .map((v) => (Math.abs(v) < 1e-30 ? 0 : Math.fround(v)));
  const matrixArb = (r: number, c: number) => fc.array(f32, { minLength: r * c, maxLength: r * c });
  const fcOpts = { numRuns: b.name === 'cpu' ? 100 : 25, seed: 42 };

  it('property: (AB)^T = B^T A^T', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 6 })
          .chain((m) =>
            fc
              .integer({ min: 1, max: 6 })
              .chain((k) =>
                fc
                  .integer({ min: 1, max: 6 })
                  .chain((n) => fc.tuple(fc.constant([m, k, n]), matrixArb(m, k), matrixArb(k, n))),
              ),
          ),
        async ([[m, k, n], a, bb]) => {
          const A = b.fromArray(a, [m as number, k as number]);
          const B = b.fromArray(bb, [k as number, n as number]);
          const AB = b.matmul(A, B);
          const lhs = b.transpose(AB);
          const rhs = b.matmul(B, A, { transposeA: true, transposeB: true });
          expect(lhs.shape).toEqual([n, m]);
          expect(rhs.shape).toEqual([n, m]);
          assertClose(b, await b.toArray(rhs), await b.toArray(lhs), '(AB)^T', 100 * (k as number));
          b.dispose([A, B, AB, lhs, rhs]);
        },
      ),
      fcOpts,
    );
  });

  it('property: softmax rows sum to 1 and lie in [0, 1]', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((r) =>
          fc.integer({ min: 1, max: 7 }).chain((c) =>
            fc.tuple(
              fc.constant([r, c]),
              fc.array(fc.float({ min: -80, max: 80, noNaN: true }), {
                minLength: r * c,
                maxLength: r * c,
              }),
            ),
          ),
        ),
        async ([[r, c], v]) => {
          const x = b.fromArray(v, [r as number, c as number]);
          const s = b.softmax(x);
          const d = await b.toArray(s);
          for (let i = 0; i < (r as number); i++) {
            let z = 0;
            for (let j = 0; j < (c as number); j++) {
              const p = d[i * (c as number) + j] as number;
              expect(p).toBeGreaterThanOrEqual(0);
              expect(p).toBeLessThanOrEqual(1 + 1e-6);
              z += p;
            }
            expect(Math.abs(z - 1)).toBeLessThan(b.precision === 'float64' ? 1e-12 : 1e-5);
          }
          b.dispose([x, s]);
        },
      ),
      fcOpts,
    );
  });

  it('property: broadcasting shape is the numpy broadcast; incompatible shapes throw ShapeError', async () => {
    const shapeArb = fc.oneof(
      fc.constant([] as number[]),
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(shapeArb, shapeArb, async (sa, sb) => {
        const rng = new Rng(sa.length * 10 + sb.length);
        const xa = rand(rng, sa);
        const xb = rand(rng, sb);
        const A = b.fromArray(xa.data, sa);
        const B = b.fromArray(xb.data, sb);
        const want = bshape(sa, sb);
        if (want === null) {
          expect(() => b.add(A, B)).toThrow(ShapeError);
          expect(() => b.where(A, A, B)).toThrow(ShapeError);
        } else {
          const C = b.mul(A, B);
          expect(C.shape).toEqual(want);
          assertClose(
            b,
            await b.toArray(C),
            refElementwise([xa, xb], (p, q) => p * q).data,
            `mul [${sa}]x[${sb}]`,
            4,
          );
          b.dispose(C);
        }
        b.dispose([A, B]);
      }),
      fcOpts,
    );
  });

  it('property: argmax agrees with max', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 6 })
          .chain((r) =>
            fc
              .integer({ min: 1, max: 6 })
              .chain((c) => fc.tuple(fc.constant([r, c]), matrixArb(r, c), fc.constantFrom(0, 1))),
          ),
        async ([[r, c], v, axis]) => {
          const x = b.fromArray(v, [r as number, c as number]);
          const am = b.argmax(x, axis);
          const mx = b.max(x, axis);
          const idx = await b.toArray(am);
          const best = await b.toArray(mx);
          const lanes = axis === 1 ? (r as number) : (c as number);
          expect(idx.length).toBe(lanes);
          for (let l = 0; l < lanes; l++) {
            const k = idx[l] as number;
            expect(Number.isInteger(k)).toBe(true);
            const val = axis === 1 ? v[l * (c as number) + k] : v[k * (c as number) + l];
            expect(val).toBe(best[l]);
          }
          b.dispose([x, am, mx]);
        },
      ),
      fcOpts,
    );
  });

  it('property: sqDistances matches the naive definition; rbfKernel(X, X) is symmetric with unit diagonal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc
              .integer({ min: 1, max: 6 })
              .chain((m) =>
                fc
                  .integer({ min: 1, max: 5 })
                  .chain((d) => fc.tuple(fc.constant([n, m, d]), matrixArb(n, d), matrixArb(m, d))),
              ),
          ),
        async ([[n, m, d], va, vb]) => {
          const xa = { data: va, shape: [n as number, d as number] };
          const xb = { data: vb, shape: [m as number, d as number] };
          const A = up(b, xa);
          const B = up(b, xb);
          const D = b.sqDistances(A, B);
          const got = await b.toArray(D);
          const norms = Math.max(
            1,
            ...va.map((x) => x * x * (d as number)),
            ...vb.map((x) => x * x * (d as number)),
          );
          assertClose(b, got, refSqDist(xa, xb), 'sqDistances', 4 * norms);
          for (const g of got) expect(g).toBeGreaterThanOrEqual(0);
          const gamma = 1 / (1 + norms);
          const K = b.rbfKernel(A, A, gamma);
          const k = await b.toArray(K);
          const nn = n as number;
          for (let i = 0; i < nn; i++) {
            expect(Math.abs((k[i * nn + i] as number) - 1)).toBeLessThan(
              b.precision === 'float64' ? 1e-12 : 1e-5,
            );
            for (let j = 0; j < i; j++)
              expect(Math.abs((k[i * nn + j] as number) - (k[j * nn + i] as number))).toBeLessThan(
                b.precision === 'float64' ? 1e-12 : 1e-5,
              );
          }
          b.dispose([A, B, D, K]);
        },
      ),
      fcOpts,
    );
  });
});

describe('checkBackendConformance', () => {
  it('passes every built-in backend and catches a broken custom one', async () => {
    for (const b of backends) expect(await checkBackendConformance(b)).toEqual([]);
    const broken: Backend = {
      ...cpuBackend,
      exp: (a) => cpuBackend.add(cpuBackend.exp(a), cpuBackend.scalar(1e-3)),
    };
    const failures = await checkBackendConformance(broken);
    expect(failures.map((f) => f.op)).toEqual(['exp']);
    expect(failures[0]?.error).toMatch(/got .* expected/);
  });
});

describe('cross-device tensors', () => {
  it('a tensor from one backend passed to another throws DeviceError naming where it lives', async () => {
    const { DeviceError } = await import('../errors.js');
    for (const owner of backends) {
      for (const user of backends) {
        if (owner === user) continue;
        const t = owner.fromArray([1, 2, 3, 4], [2, 2]);
        if (owner.precision === 'float64' && user.precision === 'float64') {
          // cpu and wasm-simd share host Float64Array tensors (wasm-simd's speed is in its kernels)
          expect(user.readSync(user.add(t, t))).toEqual(Float64Array.of(2, 4, 6, 8));
          owner.dispose(t);
          continue;
        }
        expect(() => user.add(t, t)).toThrow(DeviceError);
        expect(() => user.matmul(t, t)).toThrow(
          // wasm-simd's op table is the cpu backend's: its tensors are cpu tensors
          new RegExp(`tensor lives on ${owner.name === 'wasm-simd' ? 'cpu' : owner.name}.*toArray/fromArray`),
        );
        expect(() => user.readSync(t)).toThrow(DeviceError);
        owner.dispose(t);
      }
    }
    expect(backends.length).toBeGreaterThanOrEqual(1);
  });
});
