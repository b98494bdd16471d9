/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989): the two-loop recursion over the last
 * `memory` curvature pairs with H0 = (s'y / y'y) I, and the Moré-Thuente strong-Wolfe line search
 * used by L-BFGS-B (scipy's `minimize(method='L-BFGS-B')`, scikit-learn's default solver). Stopping
 * rules follow L-BFGS-B without bounds: ||g||_inf <= tol (`pgtol`), or the relative reduction
 * (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (default 2.22e-9, scipy's default), or maxIter.
 */
import { ParamError } from '../core/errors.js';
import { type LineSearchOptions, moreThuente } from './line-search.js';
import type {
  MinimizeOptions,
  MinimizeResult,
  Objective,
  Optimizer,
  StepResult,
  StopReason,
} from './types.js';
import { axpy, dot, maxAbs } from './vector.js';

export interface LbfgsOptions {
  /** Curvature pairs kept (default 10, as L-BFGS-B). */
  readonly memory?: number;
  /** Relative reduction tolerance (default 2.220446049250313e-9, scipy's). */
  readonly ftol?: number;
  /** Line search constants (defaults: ftol 1e-3, gtol 0.9, xtol 0.1, 20 evaluations). */
  readonly lineSearch?: LineSearchOptions;
}

interface State {
  x: Float64Array;
  f: number;
  g: Float64Array;
}

/**
 * Limited-memory BFGS with a Moré-Thuente line search, following scipy's L-BFGS-B path (the solver
 * behind scikit-learn's `lbfgs`): minimizes any smooth `Objective` over a flat parameter vector.
 *
 * @example
 * ```ts
 * import { Lbfgs } from 'autolearn';
 *
 * // minimize (w0 - 3)^2 + (w1 + 1)^2
 * const objective = {
 *   valueAndGrad: async (w: Float64Array) => ({
 *     value: (w[0]! - 3) ** 2 + (w[1]! + 1) ** 2,
 *     grad: Float64Array.from([2 * (w[0]! - 3), 2 * (w[1]! + 1)]),
 *   }),
 * };
 * const r = await new Lbfgs().minimize(new Float64Array(2), objective, { maxIter: 100, tol: 1e-10 });
 * console.log(Array.from(r.w), r.converged); // [3, -1] true
 * ```
 */
export class Lbfgs implements Optimizer {
  readonly name = 'lbfgs';
  readonly memory: number;
  readonly ftol: number;
  readonly lineSearch: LineSearchOptions;
  private state: State | null = null;
  private s: Float64Array[] = [];
  private y: Float64Array[] = [];
  private rho: number[] = [];
  private evaluations = 0;
  /** Set when a step could not make progress even along steepest descent. */
  private stalled = false;

  constructor(options: LbfgsOptions = {}) {
    this.memory = options.memory ?? 10;
    this.ftol = options.ftol ?? 2.220446049250313e-9;
    this.lineSearch = options.lineSearch ?? {};
    if (!(Number.isInteger(this.memory) && this.memory >= 1)) {
      throw new ParamError('memory', this.memory, 'an integer >= 1', 'Lbfgs');
    }
    if (!(this.ftol >= 0)) throw new ParamError('ftol', this.ftol, 'a number >= 0', 'Lbfgs');
  }

  reset(): void {
    this.state = null;
    this.clearHistory();
    this.evaluations = 0;
    this.stalled = false;
  }

  private clearHistory(): void {
    this.s = [];
    this.y = [];
    this.rho = [];
  }

  private async evaluate(
    objective: Objective,
    x: Float64Array,
  ): Promise<{ value: number; grad: Float64Array }> {
    this.evaluations++;
    return objective.valueAndGrad(x);
  }

  /** Current point, value and gradient (evaluating when `w` is not the point this optimizer holds). */
  private async ensureState(w: Float64Array, objective: Objective): Promise<State> {
    const st = this.state;
    if (st && st.x.length === w.length && sameValues(st.x, w)) return st;
    const { value, grad } = await this.evaluate(objective, w);
    this.clearHistory();
    this.state = { x: w.slice(), f: value, g: grad.slice() };
    return this.state;
  }

  /** d = -H g by the two-loop recursion. */
  private direction(g: Float64Array): Float64Array {
    const d = g.slice();
    for (let i = 0; i < d.length; i++) d[i] = -(d[i] as number);
    const m = this.s.length;
    const alpha = new Float64Array(m);
    for (let i = m - 1; i >= 0; i--) {
      const a = (this.rho[i] as number) * dot(this.s[i] as Float64Array, d);
      alpha[i] = a;
      axpy(-a, this.y[i] as Float64Array, d);
    }
    if (m > 0) {
      const yl = this.y[m - 1] as Float64Array;
      const gamma = 1 / ((this.rho[m - 1] as number) * dot(yl, yl));
      for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let i = 0; i < m; i++) {
      const b = (this.rho[i] as number) * dot(this.y[i] as Float64Array, d);
      axpy((alpha[i] as number) - b, this.s[i] as Float64Array, d);
    }
    return d;
  }

  async step(w: Float64Array, objective: Objective): Promise<StepResult> {
    const st = await this.ensureState(w, objective);
    for (let attempt = 0; attempt < 2; attempt++) {
      let d = this.direction(st.g);
      let gd = dot(st.g, d);
      if (!(gd < 0)) {
        // not a descent direction (bad curvature information): restart from steepest descent
        this.clearHistory();
        d = this.direction(st.g);
        gd = dot(st.g, d);
        if (!(gd < 0)) break;
      }
      const fresh = this.s.length === 0;
      const stp0 = fresh ? Math.min(1 / Math.sqrt(dot(d, d)), 1e10) : 1;
      const xt = new Float64Array(st.x.length);
      let gt: Float64Array = st.g;
      const ls = await moreThuente(
        async (stp) => {
          for (let i = 0; i < xt.length; i++) xt[i] = (st.x[i] as number) + stp * (d[i] as number);
          const r = await this.evaluate(objective, xt);
          gt = r.grad;
          return { f: r.value, gd: dot(r.grad, d) };
        },
        st.f,
        gd,
        stp0,
        this.lineSearch,
      );
      // accept any point that does not increase f (a warning or an evaluation limit may still give one)
      const ok = ls.stp > 0 && Number.isFinite(ls.f) && ls.f <= st.f;
      if (!ok) {
        if (fresh) break;
        this.clearHistory();
        continue;
      }
      // curvature pair (skipped unless s'y > eps * |g'd| stp, as L-BFGS-B does)
      const s = new Float64Array(xt.length);
      const y = new Float64Array(xt.length);
      let stepSize = 0;
      for (let i = 0; i < s.length; i++) {
        const si = (xt[i] as number) - (st.x[i] as number);
        s[i] = si;
        y[i] = (gt[i] as number) - (st.g[i] as number);
        const a = Math.abs(si);
        if (a > stepSize) stepSize = a;
      }
      const sy = dot(s, y);
      if (sy > Number.EPSILON * -gd * ls.stp) {
        if (this.s.length === this.memory) {
          this.s.shift();
          this.y.shift();
          this.rho.shift();
        }
        this.s.push(s);
        this.y.push(y);
        this.rho.push(1 / sy);
      }
      st.x = xt;
      st.f = ls.f;
      st.g = gt.slice();
      w.set(xt);
      return { value: st.f, gradNorm: maxAbs(st.g), stepSize };
    }
    this.stalled = true;
    return { value: st.f, gradNorm: maxAbs(st.g), stepSize: 0 };
  }

  async minimize(w0: Float64Array, objective: Objective, options: MinimizeOptions): Promise<MinimizeResult> {
    this.reset();
    const w = w0.slice();
    const st = await this.ensureState(w, objective);
    let stopReason: StopReason = 'maxIter';
    let it = 0;
    if (maxAbs(st.g) <= options.tol) stopReason = 'gradient';
    else {
      while (it < options.maxIter) {
        if (options.signal?.aborted) {
          stopReason = 'aborted';
          break;
        }
        const fold = st.f;
        const r = await this.step(w, objective);
        if (this.stalled) {
          stopReason = 'lineSearch';
          break;
        }
        it++;
        options.onIteration?.(it, r.value);
        if (r.gradNorm <= options.tol) {
          stopReason = 'gradient';
          break;
        }
        if (fold - r.value <= this.ftol * Math.max(Math.abs(fold), Math.abs(r.value), 1)) {
          stopReason = 'value';
          break;
        }
      }
    }
    const state = this.state as State;
    return {
      w: state.x.slice(),
      value: state.f,
      iterations: it,
      converged: stopReason === 'gradient' || stopReason === 'value',
      stopReason,
      evaluations: this.evaluations,
    };
  }
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
