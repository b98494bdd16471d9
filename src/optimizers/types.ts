/**
 * Optimizer contract (seed MLEngine: `step(model, loss, dataset)` is one iteration). Our optimizers
 * work on a flat parameter vector through an `Objective`; `minimize` loops `step` under stopping rules.
 */
export interface Objective {
  /** Value and gradient at w; may be stochastic (mini-batches) for sgd/adam. */
  valueAndGrad(w: Float64Array): Promise<{ value: number; grad: Float64Array }>;
  /** Deterministic full value (used by line searches); defaults to valueAndGrad. */
  value?(w: Float64Array): Promise<number>;
}

export interface StepResult {
  readonly value: number;
  readonly gradNorm: number;
  /** Largest absolute parameter change in this step. */
  readonly stepSize: number;
}

export interface MinimizeOptions {
  readonly maxIter: number;
  readonly tol: number;
  readonly signal?: AbortSignal;
  readonly onIteration?: (iteration: number, value: number) => void;
}

/** Why `minimize` stopped. */
export type StopReason = 'gradient' | 'value' | 'maxIter' | 'aborted' | 'lineSearch';

export interface MinimizeResult {
  readonly w: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Why the loop stopped (added by the optimizers; optional for other implementations). */
  readonly stopReason?: StopReason;
  /** Objective evaluations used, when the optimizer counts them. */
  readonly evaluations?: number;
}

export interface Optimizer {
  readonly name: string;
  /** Clears internal state (moments, history) before a new run. */
  reset(): void;
  /** One iteration: updates w in place. */
  step(w: Float64Array, objective: Objective): Promise<StepResult>;
  /** Iterates until converged (gradient/step below tol) or maxIter. */
  minimize(w0: Float64Array, objective: Objective, options: MinimizeOptions): Promise<MinimizeResult>;
}
