/**
 * SVC on the wasm-simd device keeps scikit-learn's exact support vectors: its kernel rows are bit
 * for bit libsvm's (left-to-right sums, exp equal to Math.exp), so the SMO solver walks the same
 * path. Every scikit-learn 1.2.1 fixture of the SVC suite, all four kernels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SVC, type SVCParams } from '../../../models/svc/svc.js';
import { decisionData } from '../../../models/test-utils/decision.js';

interface Case {
  name: string;
  params: Record<string, unknown>;
  n_support: number[];
  support: number[];
  decision: number[] | number[][];
}
const fx = JSON.parse(
  readFileSync(new URL('../../../models/svc/fixtures/svc-sklearn.json', import.meta.url), 'utf8'),
) as {
  iris: { X: number[][]; y: number[] };
  binary: { X: number[][]; y: number[] };
  models: Case[];
};

function params(p: Record<string, unknown>): Partial<SVCParams> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k === 'class_weight' ? 'classWeight' : k, v]));
}

describe('SVC on wasm-simd vs scikit-learn 1.2.1', () => {
  for (const c of fx.models) {
    it(`${c.name}: the same support vectors, decision values to 1e-8`, async () => {
      const data = c.name.startsWith('iris') ? fx.iris : fx.binary;
      const m = new SVC(params(c.params));
      m.setUp({}, 'wasm-simd');
      await m.fit(data.X, data.y);
      expect(Array.from(m.nSupport)).toEqual(c.n_support);
      expect(Array.from(m.support)).toEqual(c.support);
      const dec = decisionData(await m.decisionFunction(data.X));
      const ref = (c.decision as (number | number[])[]).flat();
      let worst = 0;
      for (let i = 0; i < ref.length; i++)
        worst = Math.max(worst, Math.abs((dec[i] as number) - (ref[i] as number)));
      expect(worst).toBeLessThan(1e-8);
    });
  }
});
