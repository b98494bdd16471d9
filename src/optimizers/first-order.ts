/**
 * Shared `minimize` loop of the first-order optimizers (sgd, momentum, adam): repeat `step` until
 * the gradient's infinity norm is <= tol, the relative change of the value is <= `ftol` (when
 * ftol > 0), `maxIter` steps were taken, or the AbortSignal fires.
 */
import type {
  MinimizeOptions,
  MinimizeResult,
  Objective,
  Optimizer,
  StepResult,
  StopReason,
} from './types.js';

/**
 * The shared loop of the gradient-step optimizers (Sgd, Momentum, Adam): `minimize` repeats `step`
 * until the gradient or the value change is below the tolerance, the iteration limit, or an abort.
 */
export abstract class FirstOrderOptimizer implements Optimizer {
  abstract readonly name: string;
  /** Relative value-change tolerance of `minimize` (0 disables it). */
  protected abstract readonly ftol: number;
  abstract reset(): void;
  abstract step(w: Float64Array, objective: Objective): Promise<StepResult>;

  async minimize(w0: Float64Array, objective: Objective, options: MinimizeOptions): Promise<MinimizeResult> {
    this.reset();
    const w = w0.slice();
    let value = Number.NaN;
    let prev = Number.NaN;
    let stopReason: StopReason = 'maxIter';
    let it = 0;
    while (it < options.maxIter) {
      if (options.signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      const r = await this.step(w, objective);
      it++;
      value = r.value;
      options.onIteration?.(it, value);
      if (r.gradNorm <= options.tol) {
        stopReason = 'gradient';
        break;
      }
      if (
        this.ftol > 0 &&
        Math.abs(prev - value) <= this.ftol * Math.max(Math.abs(prev), Math.abs(value), 1)
      ) {
        stopReason = 'value';
        break;
      }
      prev = value;
    }
    const converged = stopReason === 'gradient' || stopReason === 'value';
    return { w, value, iterations: it, converged, stopReason, evaluations: it };
  }
}
