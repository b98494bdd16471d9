/**
 * LogisticRegression's solver / penalty compatibility (scikit-learn 1.2's _check_solver and
 * _check_multi_class as typed ParamErrors), penalty null = 'none', multiClass resolution per solver,
 * and warmStart (a refit starts from the previous coefficients).
 */
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../core/errors.js';
import fixture from './fixtures/solvers-sklearn.json' with { type: 'json' };
import { LogisticRegression } from './index.js';

const { X, y } = (fixture.datasets as Record<string, { X: number[][]; y: number[] }>).synthetic as {
  X: number[][];
  y: number[];
};

async function fitError(params: Record<string, unknown>): Promise<ParamError> {
  try {
    await new LogisticRegression(params).fit(X, y);
  } catch (e) {
    expect(e).toBeInstanceOf(ParamError);
    return e as ParamError;
  }
  throw new Error(`fit accepted ${JSON.stringify(params)}`);
}

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((r, i) => {
    r.forEach((v, j) => {
      m = Math.max(m, Math.abs(v - (b[i]?.[j] as number)));
    });
  });
  return m;
}

describe('LogisticRegression solver / penalty table', () => {
  it.each([
    [{ solver: 'lbfgs', penalty: 'l1' }, 'penalty', /lbfgs.*supports only 'l2' or 'none'/],
    [{ solver: 'newton-cg', penalty: 'elasticnet', l1Ratio: 0.5 }, 'penalty', /newton-cg/],
    [{ solver: 'sag', penalty: 'l1' }, 'penalty', /sag/],
    [
      { solver: 'liblinear', penalty: 'elasticnet', l1Ratio: 0.5 },
      'solver',
      /only saga supports the elasticnet/,
    ],
    [{ solver: 'liblinear', penalty: 'none' }, 'penalty', /not supported by the liblinear/],
    [{ solver: 'liblinear', penalty: null }, 'penalty', /not supported by the liblinear/],
    [{ solver: 'saga', dual: true }, 'dual', /saga.*dual=false/],
    [{ solver: 'liblinear', penalty: 'l1', dual: true }, 'dual', /dual for penalty 'l2' only/],
    [{ solver: 'liblinear', multiClass: 'multinomial' }, 'multiClass', /liblinear.*multinomial backend/],
    [{ solver: 'newton-cholesky', multiClass: 'multinomial' }, 'multiClass', /newton-cholesky/],
    [{ solver: 'saga', penalty: 'elasticnet' }, 'l1Ratio', /elasticnet/],
    [{ solver: 'sgd', penalty: 'l1' }, 'penalty', /sgd/],
  ])('%j is refused on %s', async (params, param, message) => {
    const e = await fitError(params);
    expect(e.param).toBe(param);
    expect(e.message).toMatch(message);
  });

  it('rejects values outside the ParamSpec table (l1Ratio outside [0, 1], unknown solver)', async () => {
    expect((await fitError({ solver: 'saga', penalty: 'elasticnet', l1Ratio: 1.5 })).param).toBe('l1Ratio');
    expect((await fitError({ solver: 'cd' })).param).toBe('solver');
  });

  it("multiClass 'auto' is one-vs-rest for liblinear and newton-cholesky, multinomial for saga", async () => {
    for (const [solver, mode] of [
      ['liblinear', 'ovr'],
      ['newton-cholesky', 'ovr'],
      ['saga', 'multinomial'],
      ['newton-cg', 'multinomial'],
    ] as const) {
      const m = new LogisticRegression({ solver });
      await m.fit(X, y);
      expect(m.outputMode).toBe(mode);
      expect(m.coef.length).toBe(3);
    }
  });

  it("penalty null fits the same model as 'none'", async () => {
    const a = new LogisticRegression({ solver: 'newton-cg', penalty: null, tol: 1e-10 });
    const b = new LogisticRegression({ solver: 'newton-cg', penalty: 'none', tol: 1e-10 });
    await a.fit(X, y);
    await b.fit(X, y);
    expect(maxDiff(a.coef, b.coef)).toBe(0);
  });
});

describe('LogisticRegression warmStart', () => {
  it.each(['lbfgs', 'newton-cg', 'sag', 'saga'] as const)(
    '%s: a warm refit continues from the previous coefficients to the same optimum',
    async (solver) => {
      const tight = { solver, tol: 1e-10, maxIter: 100000 };
      const cold = new LogisticRegression(tight);
      await cold.fit(X, y);
      const warm = new LogisticRegression({ ...tight, maxIter: 2, warmStart: true });
      await warm.fit(X, y);
      const early = warm.coef;
      expect(maxDiff(early, cold.coef)).toBeGreaterThan(1e-6);
      warm.setParams({ maxIter: 100000 });
      await warm.fit(X, y);
      // lbfgs stops on its gradient rule with a little slack; the others land on the optimum
      expect(maxDiff(warm.coef, cold.coef)).toBeLessThan(solver === 'lbfgs' ? 1e-4 : 1e-6);
      if (solver === 'newton-cg' || solver === 'lbfgs') {
        // started at the optimum, the next warm fit has almost nothing left to do (sag / saga
        // restart their gradient memory, as scikit-learn does, so they take their usual epochs)
        await warm.fit(X, y);
        expect(warm.nIter).toBeLessThan(Math.max(3, cold.nIter / 2));
      }
      // without warmStart the same two-step fit starts over from zero
      const coldShort = new LogisticRegression({ ...tight, maxIter: 2 });
      await coldShort.fit(X, y);
      await coldShort.fit(X, y);
      expect(maxDiff(coldShort.coef, early)).toBeLessThan(1e-12);
    },
  );
});
