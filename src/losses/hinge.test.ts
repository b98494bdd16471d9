import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../core/backends/cpu.js';
import { Rng } from '../core/rng.js';
import { HingeLoss } from './hinge.js';
import { SquaredHingeLoss } from './squared-hinge.js';
import type { Loss } from './types.js';

const backend = cpuBackend;

function problem(seed: number, n: number, d: number, nClasses: number) {
  const rng = new Rng(seed);
  const X = Float64Array.from({ length: n * d }, () => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(nClasses));
  const k = nClasses === 2 ? 1 : nClasses;
  const w = Float64Array.from({ length: k * (d + 1) }, () => 0.5 * rng.normal());
  const sw = Float64Array.from({ length: n }, () => 0.5 + rng.next());
  return { X, y, w, sw, n, d, k };
}

/** Direct definition of the one-vs-rest margin loss (independent of the implementation). */
function reference(
  phi: (z: number) => number,
  p: ReturnType<typeof problem>,
  nClasses: number,
  l2: number,
  w = p.w,
): number {
  const { X, y, sw, n, d, k } = p;
  let v = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let f = w[k * d + c]!;
      for (let j = 0; j < d; j++) f += w[c * d + j]! * X[i * d + j]!;
      const t = nClasses === 2 ? (y[i] === 1 ? 1 : -1) : y[i] === c ? 1 : -1;
      v += sw[i]! * phi(t * f);
    }
  }
  let r = 0;
  for (let j = 0; j < k * d; j++) r += w[j]! * w[j]!;
  return v / n + 0.5 * l2 * r;
}

const losses: [string, (l2: number) => Loss, (z: number) => number][] = [
  ['hinge', (l2) => new HingeLoss({ l2 }), (z) => Math.max(0, 1 - z)],
  ['squared_hinge', (l2) => new SquaredHingeLoss({ l2 }), (z) => Math.max(0, 1 - z) ** 2],
];

describe.each(losses)('%s loss', (_name, make, phi) => {
  for (const nClasses of [2, 3]) {
    it(`value matches the definition and the gradient matches finite differences (${nClasses} classes)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 10_000 }),
          fc.double({ min: 0, max: 0.5, noNaN: true }),
          async (seed, l2) => {
            const p = problem(seed, 12, 3, nClasses);
            const loss = make(l2);
            const batch = { X: backend.fromArray(p.X, [p.n, p.d]), y: p.y, nClasses, sampleWeight: p.sw };
            const { value, grad } = await loss.valueAndGrad(backend, p.w, batch);
            expect(value).toBeCloseTo(reference(phi, p, nClasses, l2), 10);
            expect(await loss.value!(backend, p.w, batch)).toBeCloseTo(value, 12);
            const h = 1e-6;
            for (let j = 0; j < p.w.length; j++) {
              const wp = Float64Array.from(p.w);
              const wm = Float64Array.from(p.w);
              wp[j] = wp[j]! + h;
              wm[j] = wm[j]! - h;
              const fd =
                (reference(phi, p, nClasses, l2, wp) - reference(phi, p, nClasses, l2, wm)) / (2 * h);
              // random data never sits exactly on the hinge's kink, so the derivative exists
              expect(Math.abs(grad[j]! - fd)).toBeLessThan(1e-5);
            }
          },
        ),
        { numRuns: 15 },
      );
    });
  }

  it('rejects parameters of the wrong length', async () => {
    const p = problem(1, 4, 3, 3);
    const batch = { X: backend.fromArray(p.X, [p.n, p.d]), y: p.y, nClasses: 3 };
    await expect(make(0).valueAndGrad(backend, new Float64Array(5), batch)).rejects.toThrow(
      /expected 3x3 weights/,
    );
  });
});
