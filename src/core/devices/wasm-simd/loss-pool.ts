/**
 * The threaded wasm-simd cross-entropy: the rows split into parts (multiples of four rows), part 0
 * on the calling thread and each other part a task on the library's worker pool (pool.ts) running
 * the same SIMD kernel (loss-tasks.ts). The pool threads' parts of X, y and the sample weights are
 * copied once per prepared problem into shared memory; a pool thread copies its part into its own
 * wasm heap on its first evaluation and keeps it, so each evaluation sends only `w` and gets back
 * a value and a gradient.
 * Pool threads boot in the background: until one has, evaluations run on the calling thread alone.
 * A split that does not pay (busy cores) is dropped for the rest of the problem, and problems
 * prepared in the next few seconds start on the calling thread alone.
 */
import { threadId } from 'node:worker_threads';
import { inSharedMemory, runTask, taskOf, warmThreads, warmUp } from '../../pool.js';
import type { SimdRowsResult, SimdRowsTask } from './loss-tasks.js';

/** The problem as the split sees it (the prepared loss's own arrays). */
export interface SplitProblem {
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly sw: Float64Array | null;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly fitIntercept: boolean;
}

/** Rows [0, end) of the calling thread's part: value, with the gradient written into grad. */
export type MainPart = (w: Float64Array, grad: Float64Array | null, end: number) => number;

let sessions = 0;
let fallback = true;
/** When a split last stopped for being slow (performance.now()). */
let fellBackAt = Number.NEGATIVE_INFINITY;
/** For this long after a split stopped for being slow, new problems stay on the calling thread. */
const RETRY_MS = 5000;

/**
 * Prepares, in `body`, splits that never fall back to the calling thread for being slow (tests: the
 * split's sums on a busy machine too).
 */
export function withoutSlowFallback<T>(body: () => T): T {
  const saved = fallback;
  fallback = false;
  try {
    return body();
  } finally {
    fallback = saved;
  }
}

/** Row bounds of `parts` parts, each a multiple of four rows but the last. */
export function splitBounds(n: number, parts: number): number[] {
  const per = Math.ceil(n / parts / 4) * 4;
  return Array.from({ length: parts + 1 }, (_, i) => Math.min(n, per * i));
}

/** One pool thread's part of the rows, copied into shared memory. */
interface SharedPart {
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly sw: Float64Array | null;
  readonly rows: number;
}

export class LossSplit {
  /** Parts 1.. (part 0 is the calling thread's, read from the problem's own arrays). */
  private shared: SharedPart[] | null = null;
  private bounds: number[] = [];
  private readonly session = `${process.pid}.${threadId}.${++sessions}`;
  /** Consecutive evaluations slower than the calling thread alone would have been. */
  private slow = 0;
  /** Set once the split did not pay: the rest runs on the calling thread. */
  private serialOnly = false;
  private readonly fallback = fallback;
  /** The last evaluation on the calling thread alone over all rows (ms), what a split must beat. */
  private serialMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly p: SplitProblem,
    private readonly threads: number,
    private readonly main: MainPart,
  ) {}

  async valueAndGrad(w: Float64Array, grad: Float64Array | null): Promise<number> {
    const { p } = this;
    if (this.serialOnly) return this.main(w, grad, p.n);
    warmUp(this.threads - 1);
    if (!this.shared) {
      // the cores were busy a moment ago: a fit after a fit would only pay the split again
      if (this.fallback && performance.now() - fellBackAt < RETRY_MS) {
        this.serialOnly = true;
        return this.main(w, grad, p.n);
      }
      const helpers = Math.min(this.threads - 1, warmThreads());
      if (helpers < 1 || (this.fallback && this.serialMs === Number.POSITIVE_INFINITY)) {
        // a turn of the event loop, so that a thread that has booted can say so before the next
        // evaluation (an optimizer that awaits only this loss would otherwise never give it one);
        // the first evaluation stays here in any case: its time is what the split must beat
        await new Promise<void>((resolve) => setImmediate(resolve));
        const t = performance.now();
        const value = this.main(w, grad, p.n);
        this.serialMs = performance.now() - t;
        return value;
      }
      this.bounds = splitBounds(p.n, helpers + 1);
      this.shared = this.bounds.slice(1, -1).map((start, i) => {
        const end = this.bounds[i + 2] as number;
        return {
          X: inSharedMemory(p.X.subarray(start * p.d, end * p.d)),
          y: inSharedMemory(p.y.subarray(start, end)),
          sw: p.sw ? inSharedMemory(p.sw.subarray(start, end)) : null,
          rows: end - start,
        };
      });
    }
    const b = this.bounds;
    const t0 = performance.now();
    const replies: Promise<SimdRowsResult>[] = [];
    for (const [i, part] of this.shared.entries()) {
      const task: SimdRowsTask = {
        session: this.session,
        part: i + 1,
        ...part,
        d: p.d,
        k: p.k,
        fitIntercept: p.fitIntercept,
        w,
        grad: grad !== null,
      };
      replies.push(runTask(taskOf(import.meta.url, 'loss-tasks', 'simdLossRows', task)));
    }
    let value = this.main(w, grad, b[1] as number);
    let results: SimdRowsResult[];
    try {
      results = await Promise.all(replies);
    } catch {
      // a pool thread died: compute everything here from now on
      this.serialOnly = true;
      return this.main(w, grad, p.n);
    }
    let copied = false;
    for (const r of results) {
      value += r.value;
      copied ||= r.copied;
      if (grad && r.grad)
        for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) + (r.grad[i] as number);
    }
    // an evaluation that copied a part in says nothing about the next ones; the calling thread's
    // share of the time is no estimate of a serial evaluation (the threads slow each other down)
    if (this.fallback && !copied) {
      this.slow = performance.now() - t0 > this.serialMs ? this.slow + 1 : 0;
      if (this.slow >= 2) {
        this.serialOnly = true;
        fellBackAt = performance.now();
      }
    }
    return value;
  }

  /** Drops the shared copies (the pool threads drop their parts as later sessions come). */
  dispose(): void {
    this.shared = null;
  }
}
