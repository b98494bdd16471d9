/**
 * Candidate parameters: `parameterGrid` (scikit-learn's ParameterGrid order: keys sorted, the last
 * key varying fastest) and `sampleParameters` (ParameterSampler, seeded with autolearn's generator)
 * over lists and the `uniform`, `logUniform` and `randInt` distributions.
 */
import { ParamError } from '../core/errors.js';
import { Rng } from '../core/rng.js';

/** A parameter distribution a randomized search samples from. */
export interface Distribution {
  readonly kind: 'uniform' | 'loguniform' | 'randint';
  readonly low: number;
  readonly high: number;
  sample(rng: Rng): number;
}

function checkRange(low: number, high: number, who: string, positive = false): void {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high) || (positive && low <= 0)) {
    throw new ParamError('range', [low, high], `finite low < high${positive ? ' with low > 0' : ''}`, who);
  }
}

/**
 * Uniform on [low, high). (scipy's `uniform(loc, scale)` covers [loc, loc + scale]; this one takes
 * the bounds.)
 *
 * @example
 * ```ts
 * import { RandomizedSearchCV, SVC, uniform } from 'autolearn';
 *
 * new RandomizedSearchCV(new SVC(), { coef0: uniform(0, 1) });
 * ```
 */
export function uniform(low: number, high: number): Distribution {
  checkRange(low, high, 'uniform');
  return { kind: 'uniform', low, high, sample: (rng) => low + (high - low) * rng.next() };
}

/**
 * Log-uniform on [low, high) (scipy's `loguniform(a, b)`): log(x) is uniform, e.g. for C or gamma.
 *
 * @example
 * ```ts
 * import { logUniform, RandomizedSearchCV, SVC } from 'autolearn';
 *
 * new RandomizedSearchCV(new SVC(), { C: logUniform(1e-2, 1e3), gamma: logUniform(1e-4, 1) });
 * ```
 */
export function logUniform(low: number, high: number): Distribution {
  checkRange(low, high, 'logUniform', true);
  const a = Math.log(low);
  const b = Math.log(high);
  return { kind: 'loguniform', low, high, sample: (rng) => Math.exp(a + (b - a) * rng.next()) };
}

/**
 * Integers in [low, high) with equal probability (scipy's `randint(low, high)`).
 *
 * @example
 * ```ts
 * import { DecisionTreeClassifier, RandomizedSearchCV, randInt } from 'autolearn';
 *
 * new RandomizedSearchCV(new DecisionTreeClassifier(), { maxDepth: randInt(1, 10) });
 * ```
 */
export function randInt(low: number, high: number): Distribution {
  checkRange(low, high, 'randInt');
  if (!Number.isInteger(low) || !Number.isInteger(high))
    throw new ParamError('range', [low, high], 'integers', 'randInt');
  return { kind: 'randint', low, high, sample: (rng) => low + rng.int(high - low) };
}

function isDistribution(v: unknown): v is Distribution {
  return typeof v === 'object' && v !== null && typeof (v as Distribution).sample === 'function';
}

export type ParamGrid = Readonly<Record<string, readonly unknown[]>>;
export type ParamDistributions = Readonly<Record<string, readonly unknown[] | Distribution>>;

function checkGrid(grid: ParamGrid | ParamDistributions, who: string, allowDist: boolean): void {
  if (typeof grid !== 'object' || grid === null || Array.isArray(grid))
    throw new ParamError('paramGrid', grid, 'an object { param: [values] } (or a list of them)', who);
  for (const [k, v] of Object.entries(grid)) {
    if (allowDist && isDistribution(v)) continue;
    if (!Array.isArray(v)) {
      throw new ParamError(
        k,
        v,
        `a list of values${allowDist ? ' or a distribution (uniform, logUniform, randInt)' : ''}; wrap a single value in a list`,
        who,
      );
    }
    if (v.length === 0) throw new ParamError(k, v, 'a non-empty list of values', who);
  }
}

/**
 * Every combination of a grid (or of each grid of a list), in scikit-learn's ParameterGrid order:
 * grids in order, keys sorted, the last key varying fastest.
 *
 * @example
 * ```ts
 * import { parameterGrid } from 'autolearn';
 *
 * parameterGrid({ gamma: [0.1, 1], C: [1, 10] });
 * // [{C: 1, gamma: 0.1}, {C: 1, gamma: 1}, {C: 10, gamma: 0.1}, {C: 10, gamma: 1}]
 * ```
 */
export function parameterGrid(grid: ParamGrid | readonly ParamGrid[]): Record<string, unknown>[] {
  const grids = Array.isArray(grid) ? (grid as ParamGrid[]) : [grid as ParamGrid];
  if (grids.length === 0) throw new ParamError('paramGrid', grid, 'a non-empty grid', 'parameterGrid');
  const out: Record<string, unknown>[] = [];
  for (const g of grids) {
    checkGrid(g, 'parameterGrid', false);
    const keys = Object.keys(g).sort();
    const rec = (k: number, acc: Record<string, unknown>): void => {
      if (k === keys.length) {
        out.push({ ...acc });
        return;
      }
      const key = keys[k] as string;
      for (const v of g[key] as unknown[]) rec(k + 1, { ...acc, [key]: v });
    };
    rec(0, {});
  }
  return out;
}

/**
 * `nIter` candidates drawn from distributions (scikit-learn's ParameterSampler): when every entry
 * is a list, distinct grid points are drawn without replacement (all of them if the grid is
 * smaller); otherwise each key (sorted) draws from its distribution, or uniformly from its list.
 * Seeded by autolearn's generator: deterministic per seed, not scikit-learn's numpy draws.
 *
 * @example
 * ```ts
 * import { logUniform, sampleParameters } from 'autolearn';
 *
 * sampleParameters({ C: logUniform(0.01, 100), kernel: ['rbf', 'linear'] }, 5, 0);
 * ```
 */
export function sampleParameters(
  distributions: ParamDistributions | readonly ParamDistributions[],
  nIter: number,
  seed = 0,
): Record<string, unknown>[] {
  if (!Number.isInteger(nIter) || nIter < 1)
    throw new ParamError('nIter', nIter, 'an integer >= 1', 'sampleParameters');
  const list = Array.isArray(distributions)
    ? (distributions as ParamDistributions[])
    : [distributions as ParamDistributions];
  if (list.length === 0)
    throw new ParamError('paramDistributions', distributions, 'a non-empty object', 'sampleParameters');
  for (const d of list) checkGrid(d, 'sampleParameters', true);
  const rng = new Rng(seed);
  const allLists = list.every((d) => Object.values(d).every((v) => Array.isArray(v)));
  if (allLists) {
    const grid = parameterGrid(list as ParamGrid[]);
    const idx = Array.from({ length: grid.length }, (_, i) => i);
    const take = Math.min(nIter, grid.length);
    for (let i = 0; i < take; i++) {
      const j = i + rng.int(idx.length - i);
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    return idx.slice(0, take).map((i) => grid[i] as Record<string, unknown>);
  }
  const out: Record<string, unknown>[] = [];
  for (let t = 0; t < nIter; t++) {
    const d = list[list.length === 1 ? 0 : rng.int(list.length)] as ParamDistributions;
    const p: Record<string, unknown> = {};
    for (const key of Object.keys(d).sort()) {
      const v = d[key];
      p[key] = isDistribution(v) ? v.sample(rng) : (v as unknown[])[rng.int((v as unknown[]).length)];
    }
    out.push(p);
  }
  return out;
}
