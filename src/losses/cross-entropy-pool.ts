/**
 * Row-parallel evaluation of the fused cpu cross-entropy kernel on worker threads (the `cpu`
 * device's equivalent of scikit-learn's BLAS / OpenMP threads). X, y and the sample weights are
 * copied once per problem into SharedArrayBuffers; each evaluation sends only `w`, the main thread
 * computes its own share of rows meanwhile, and the partial values / gradients are summed.
 * Workers start lazily in the background; until one reports ready, evaluations run on the main
 * thread alone, so a fit never waits for a worker to boot. Workers are unref'd (they never keep
 * the process alive).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { type CeProblem, crossEntropySum } from '../core/kernels/reference/linear-loss.js';
import { resolveJobs, startWorker } from '../core/worker.js';

interface PoolWorker {
  readonly worker: Worker;
  ready: boolean;
  failed: boolean;
  /** Evaluations awaiting a reply: the worker is referenced (keeps the process alive) only then. */
  inflight: number;
}

interface Session {
  readonly id: number;
  /** Row ranges given to the ready workers at load time (main thread keeps [0, mainEnd)). */
  readonly mainEnd: number;
  readonly workers: readonly PoolWorker[];
  readonly shared: { X: SharedArrayBuffer; y: SharedArrayBuffer; sw: SharedArrayBuffer | null };
  /** Consecutive evaluations that were slower than the main thread alone would have been. */
  slow: number;
  /** Set once splitting did not pay (busy machine): the rest of the problem runs on the main thread. */
  serialOnly: boolean;
}

interface Pending {
  resolve: (r: { value: number; grad: Float64Array | null }) => void;
  reject: (e: Error) => void;
  worker: PoolWorker;
}

let pool: PoolWorker[] = [];
let nextSession = 1;
let nextSeq = 1;
const pending = new Map<number, Pending>();
const sessions = new WeakMap<CeProblem, Session>();

/** Threads the pool uses by default: the machine's parallelism, at most 4 (main thread included). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Set when a worker cannot be started here (then everything runs on the main thread). */
let unavailable = false;

function ensureWorkers(threads: number): void {
  if (unavailable) return;
  try {
    startMissing(threads);
  } catch {
    unavailable = true;
  }
}

function startMissing(threads: number): void {
  while (pool.length < threads - 1) {
    const entry: PoolWorker = {
      worker: startWorker(import.meta.url, 'cross-entropy-worker'),
      ready: false,
      failed: false,
      inflight: 0,
    };
    entry.worker.on(
      'message',
      (msg: {
        ready?: boolean;
        seq?: number;
        value?: number;
        grad?: Float64Array | null;
        error?: string;
      }) => {
        if (msg.ready) {
          entry.ready = true;
          return;
        }
        const p = pending.get(msg.seq as number);
        if (!p) return;
        pending.delete(msg.seq as number);
        settle(entry);
        if (msg.error) p.reject(new Error(msg.error));
        else p.resolve({ value: msg.value as number, grad: msg.grad ?? null });
      },
    );
    const fail = (): void => {
      entry.failed = true;
      for (const [seq, p] of pending) {
        if (p.worker !== entry) continue;
        pending.delete(seq);
        settle(entry);
        p.reject(new Error('cross-entropy worker stopped'));
      }
    };
    entry.worker.on('error', fail);
    entry.worker.on('exit', fail);
    // after the listeners: adding a 'message' listener re-references the worker's port
    entry.worker.unref();
    pool.push(entry);
  }
}

function settle(entry: PoolWorker): void {
  if (--entry.inflight === 0) entry.worker.unref();
}

function toShared(src: Float64Array | Int32Array): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(src.byteLength);
  new Uint8Array(sab).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  return sab;
}

function openSession(p: CeProblem, ready: PoolWorker[]): Session {
  const shared = {
    X: toShared(p.X),
    y: toShared(p.y),
    sw: p.sampleWeight ? toShared(p.sampleWeight) : null,
  };
  const parts = ready.length + 1;
  const per = Math.ceil(p.n / parts);
  const id = nextSession++;
  const mainEnd = Math.min(p.n, per);
  ready.forEach((w, i) => {
    const start = Math.min(p.n, per * (i + 1));
    const end = Math.min(p.n, per * (i + 2));
    w.worker.postMessage({
      type: 'load',
      session: id,
      ...shared,
      n: p.n,
      d: p.d,
      k: p.k,
      fitIntercept: p.fitIntercept,
      start,
      end,
    });
  });
  const s: Session = { id, mainEnd, workers: ready, shared, slow: 0, serialOnly: false };
  sessions.set(p, s);
  return s;
}

/**
 * Value (and gradient into `grad`) of the problem, split over the pool. Falls back to the main
 * thread alone while no worker is ready.
 */
export async function crossEntropyParallel(
  p: CeProblem,
  w: Float64Array,
  grad: Float64Array | null,
  requested: number,
): Promise<number> {
  const threads = resolveJobs(requested);
  ensureWorkers(threads);
  let s = sessions.get(p);
  if (s?.workers.some((x) => x.failed)) s = undefined;
  if (!s) {
    const ready = pool.filter((x) => x.ready && !x.failed).slice(0, threads - 1);
    if (ready.length === 0) return crossEntropySum(p, w, grad);
    s = openSession(p, ready);
  }
  if (s.serialOnly) return crossEntropySum(p, w, grad);
  const t0 = performance.now();
  const replies = s.workers.map(
    (pw) =>
      new Promise<{ value: number; grad: Float64Array | null }>((resolve, reject) => {
        const seq = nextSeq++;
        pending.set(seq, { resolve, reject, worker: pw });
        if (pw.inflight++ === 0) pw.worker.ref();
        pw.worker.postMessage({ type: 'eval', session: (s as Session).id, seq, w, grad: grad !== null });
      }),
  );
  const { d } = p;
  const main: CeProblem = {
    X: p.X.subarray(0, s.mainEnd * d),
    n: s.mainEnd,
    d,
    y: p.y.subarray(0, s.mainEnd),
    k: p.k,
    fitIntercept: p.fitIntercept,
    sampleWeight: p.sampleWeight?.subarray(0, s.mainEnd),
  };
  let value = crossEntropySum(main, w, grad);
  const tMain = performance.now() - t0;
  let results: { value: number; grad: Float64Array | null }[];
  try {
    results = await Promise.all(replies);
  } catch {
    // a worker died: forget the session and compute everything here
    sessions.delete(p);
    return crossEntropySum(p, w, grad);
  }
  for (const r of results) {
    value += r.value;
    if (grad && r.grad) {
      for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) + (r.grad[i] as number);
    }
  }
  // adaptive: when the other cores are busy, waiting for the workers costs more than it saves
  const serialEstimate = (tMain * p.n) / Math.max(1, s.mainEnd);
  s.slow = performance.now() - t0 > serialEstimate ? s.slow + 1 : 0;
  if (s.slow >= 2) {
    s.serialOnly = true;
    releaseParallel(p);
  }
  return value;
}

/** Frees the workers' copies of a problem (a serial-only session stays marked as such). */
export function releaseParallel(p: CeProblem): void {
  const s = sessions.get(p);
  if (!s) return;
  if (!s.serialOnly) sessions.delete(p);
  for (const w of s.workers) if (!w.failed) w.worker.postMessage({ type: 'drop', session: s.id });
}

/** Whether at least one worker has started and reported ready. */
export function parallelReady(): boolean {
  return pool.some((x) => x.ready && !x.failed);
}

/** Terminates the pool's workers (tests, clean shutdown). */
export async function shutdownCrossEntropyPool(): Promise<void> {
  const ws = pool;
  pool = [];
  for (const [seq, p] of pending) {
    pending.delete(seq);
    p.reject(new Error('cross-entropy pool shut down'));
  }
  await Promise.all(ws.map((w) => w.worker.terminate()));
}
