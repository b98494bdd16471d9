/**
 * Row-parallel evaluation of the fused cpu cross-entropy kernel on the library's worker pool (the
 * `cpu` device's equivalent of scikit-learn's BLAS / OpenMP threads). X, y and the sample weights
 * are copied once per problem into SharedArrayBuffers; each evaluation sends only `w`, the main
 * thread computes its own share of rows meanwhile, and the partial values / gradients are summed.
 * Pool threads boot in the background; until one has, evaluations run on the main thread alone,
 * so a fit never waits for a thread to start.
 */
import { availableParallelism } from 'node:os';
import { type CeProblem, crossEntropySum } from '../core/kernels/reference/linear-loss.js';
import { closePool, inSharedMemory, runTask, taskOf, warmThreads, warmUp } from '../core/pool.js';
import { resolveJobs } from '../core/worker.js';
import type { CeRowsTask } from './cross-entropy-tasks.js';

interface Session {
  readonly shared: { X: Float64Array; y: Int32Array; sw: Float64Array | null };
  /** Row blocks: the main thread takes [0, bounds[1]), task i takes [bounds[i], bounds[i+1]). */
  readonly bounds: readonly number[];
  /** Consecutive evaluations that were slower than the main thread alone would have been. */
  slow: number;
  /** Set once splitting did not pay (busy machine): the rest of the problem runs on the main thread. */
  serialOnly: boolean;
}

const sessions = new WeakMap<CeProblem, Session>();

/** Threads the loss uses by default: the machine's parallelism, at most 4 (main thread included). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function openSession(p: CeProblem, parts: number): Session {
  const per = Math.ceil(p.n / parts);
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.min(p.n, per * i));
  const s: Session = {
    shared: {
      X: inSharedMemory(p.X),
      y: inSharedMemory(p.y),
      sw: p.sampleWeight ? inSharedMemory(p.sampleWeight) : null,
    },
    bounds,
    slow: 0,
    serialOnly: false,
  };
  sessions.set(p, s);
  return s;
}

/**
 * Value (and gradient into `grad`) of the problem, split over the pool. Falls back to the main
 * thread alone while no pool thread has booted.
 */
export async function crossEntropyParallel(
  p: CeProblem,
  w: Float64Array,
  grad: Float64Array | null,
  requested: number,
): Promise<number> {
  const threads = resolveJobs(requested);
  warmUp(threads - 1);
  let s = sessions.get(p);
  if (!s) {
    const helpers = Math.min(threads - 1, warmThreads());
    if (helpers < 1) return crossEntropySum(p, w, grad);
    s = openSession(p, helpers + 1);
  }
  if (s.serialOnly) return crossEntropySum(p, w, grad);
  const t0 = performance.now();
  const { d } = p;
  const b = s.bounds;
  const replies: Promise<{ value: number; grad: Float64Array | null }>[] = [];
  for (let i = 1; i + 1 < b.length; i++) {
    const task: CeRowsTask = {
      ...s.shared,
      d,
      k: p.k,
      fitIntercept: p.fitIntercept,
      start: b[i] as number,
      end: b[i + 1] as number,
      w,
      grad: grad !== null,
    };
    replies.push(runTask(taskOf(import.meta.url, 'cross-entropy-tasks', 'ceRows', task)));
  }
  const mainEnd = b[1] as number;
  const main: CeProblem = {
    X: p.X.subarray(0, mainEnd * d),
    n: mainEnd,
    d,
    y: p.y.subarray(0, mainEnd),
    k: p.k,
    fitIntercept: p.fitIntercept,
    sampleWeight: p.sampleWeight?.subarray(0, mainEnd),
  };
  let value = crossEntropySum(main, w, grad);
  const tMain = performance.now() - t0;
  let results: { value: number; grad: Float64Array | null }[];
  try {
    results = await Promise.all(replies);
  } catch {
    // a pool thread died: forget the session and compute everything here
    sessions.delete(p);
    return crossEntropySum(p, w, grad);
  }
  for (const r of results) {
    value += r.value;
    if (grad && r.grad) {
      for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) + (r.grad[i] as number);
    }
  }
  // adaptive: when the other cores are busy, waiting for the pool costs more than it saves
  const serialEstimate = (tMain * p.n) / Math.max(1, mainEnd);
  s.slow = performance.now() - t0 > serialEstimate ? s.slow + 1 : 0;
  if (s.slow >= 2) s.serialOnly = true;
  return value;
}

/** Forgets a problem's shared copy (a serial-only session stays marked as such). */
export function releaseParallel(p: CeProblem): void {
  const s = sessions.get(p);
  if (s && !s.serialOnly) sessions.delete(p);
}

/** Whether at least one pool thread has booted. */
export function parallelReady(): boolean {
  return warmThreads() > 0;
}

/** Stops the pool's threads (tests, clean shutdown). */
export async function shutdownCrossEntropyPool(): Promise<void> {
  await closePool();
}
