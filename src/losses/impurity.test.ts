import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criterionByName, entropy, entropyImpurity } from './entropy.js';
import { gini, giniImpurity } from './gini.js';

describe('gini impurity', () => {
  it('matches the hand formula 1 - sum p^2', () => {
    expect(giniImpurity([5, 5])).toBeCloseTo(0.5, 15);
    expect(giniImpurity([10, 0, 0])).toBe(0);
    expect(giniImpurity([1, 2, 3])).toBeCloseTo(1 - (1 + 4 + 9) / 36, 15);
    expect(giniImpurity([50, 50, 50])).toBeCloseTo(2 / 3, 15);
    expect(giniImpurity([0, 0])).toBe(0);
  });

  it('reads a slice of a counts buffer and accepts the total', () => {
    const buf = [9, 9, 3, 1, 9];
    expect(giniImpurity(buf, 2, 2)).toBeCloseTo(1 - (9 + 1) / 16, 15);
    expect(gini.impurity(buf, 2, 2, 4)).toBeCloseTo(0.375, 15);
  });

  it('is maximal for uniform counts and invariant to scaling', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 8 }), (c) => {
        const g = giniImpurity(c);
        const k = c.length;
        expect(g).toBeGreaterThanOrEqual(-1e-15);
        expect(g).toBeLessThanOrEqual(1 - 1 / k + 1e-12);
        expect(giniImpurity(c.map((v) => v * 3))).toBeCloseTo(g, 12);
      }),
    );
  });
});

describe('entropy impurity', () => {
  it('matches the hand formula -sum p log2 p', () => {
    expect(entropyImpurity([5, 5])).toBeCloseTo(1, 15);
    expect(entropyImpurity([4, 0, 0, 0])).toBe(0);
    expect(entropyImpurity([1, 1, 1, 1])).toBeCloseTo(2, 15);
    expect(entropyImpurity([1, 3])).toBeCloseTo(-(0.25 * Math.log2(0.25) + 0.75 * Math.log2(0.75)), 15);
    expect(entropy.impurity([0, 0])).toBe(0);
  });

  it('is bounded by log2(k) and looked up by name', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 8 }), (c) => {
        const h = entropyImpurity(c);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(Math.log2(c.length) + 1e-12);
      }),
    );
    expect(criterionByName('entropy')).toBe(entropy);
    expect(criterionByName('gini')).toBe(gini);
  });
});
