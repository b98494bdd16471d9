/**
 * AsyncStreamingPipe: the Streaming Pipeline pattern on async iterators (file and network sources).
 * Same contract as StreamingPipe: pull from the inner iterator, filter, map; `a.pipe(b)` chains.
 * The inner source may be sync or async; filter/map may return promises.
 */
import { DataError } from '../core/errors.js';
import { StreamingPipe } from './streaming-pipe.js';
import { type AnyIterable, type AsyncPipeTask, isAsyncIterable, type PipeTask } from './task.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

function isThenable<T>(x: unknown): x is PromiseLike<T> {
  return typeof x === 'object' && x !== null && typeof (x as PromiseLike<T>).then === 'function';
}

/**
 * The async form of `StreamingPipe`: pulls from a sync or async source, and its `filter` and `map`
 * may return promises; iterate it with `for await`.
 *
 * @example
 * ```ts
 * import { AsyncStreamingPipe } from 'autolearn';
 *
 * async function* ticks() {
 *   for (let i = 1; i <= 5; i++) yield i;
 * }
 * const squares = AsyncStreamingPipe.from(ticks()).pipe({ map: async (n: number) => n * n });
 * for await (const s of squares) console.log(s);
 * ```
 */
export class AsyncStreamingPipe<I, O = I> implements AsyncIterableIterator<O> {
  readonly task: AsyncPipeTask<I, O>;
  private asyncInner: AsyncIterator<I> | null = null;
  private syncInner: Iterator<I> | null = null;
  private peeked: IteratorResult<O> | null = null;

  constructor(task: AsyncPipeTask<I, O> = {}, source?: AnyIterable<I>) {
    this.task = task;
    if (source !== undefined) this.setSource(source);
  }

  /** A pipe that passes the elements of `source` through unchanged. */
  static from<T>(source: AnyIterable<T>): AsyncStreamingPipe<T, T> {
    return new AsyncStreamingPipe<T, T>({}, source);
  }

  /** Connects the inner iterator (sync or async). Returns this. */
  setSource(source: AnyIterable<I>): this {
    if (isAsyncIterable<I>(source)) {
      this.asyncInner = source[Symbol.asyncIterator]();
      this.syncInner = null;
    } else {
      this.syncInner = source[Symbol.iterator]();
      this.asyncInner = null;
    }
    this.peeked = null;
    return this;
  }

  /** Seed name: the inner iterator this pipe pulls from. */
  iter(): AsyncIterator<I> | Iterator<I> {
    const it = this.asyncInner ?? this.syncInner;
    if (it === null) {
      throw new DataError(
        'AsyncStreamingPipe has no source: give one to the constructor or use source.pipe(thisPipe)',
      );
    }
    return it;
  }

  async next(): Promise<IteratorResult<O>> {
    if (this.peeked !== null) {
      const p = this.peeked;
      this.peeked = null;
      return p;
    }
    const it = this.iter();
    const sync = this.syncInner !== null;
    const { filter, map } = this.task;
    for (;;) {
      const r = sync ? (it as Iterator<I>).next() : await (it as AsyncIterator<I>).next();
      if (r.done) return DONE;
      const v = r.value;
      if (filter !== undefined) {
        let keep = filter(v);
        if (typeof keep !== 'boolean') keep = await keep;
        if (!keep) continue;
      }
      if (map === undefined) return { done: false, value: v as unknown as O };
      const m = map(v);
      return { done: false, value: isThenable<O>(m) ? await m : m };
    }
  }

  /** Seed name: true when `next()` will yield an element (pulls one ahead and keeps it). */
  async hasNext(): Promise<boolean> {
    if (this.peeked === null) this.peeked = await this.next();
    return this.peeked.done !== true;
  }

  /** Stops early and closes the inner iterator chain (e.g. a file stream). */
  async return(): Promise<IteratorResult<O>> {
    this.peeked = DONE;
    if (this.asyncInner !== null) await this.asyncInner.return?.();
    else this.syncInner?.return?.();
    return DONE;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Chains `next` after this pipe and returns it. A StreamingPipe's task or a plain task object is
   * wrapped in a new AsyncStreamingPipe.
   */
  pipe<P = O>(next: AsyncStreamingPipe<O, P>): AsyncStreamingPipe<O, P>;
  pipe<P = O>(next: StreamingPipe<O, P>): AsyncStreamingPipe<O, P>;
  pipe<P = O>(next: AsyncPipeTask<O, P> | PipeTask<O, P>): AsyncStreamingPipe<O, P>;
  pipe<P = O>(
    next: AsyncStreamingPipe<O, P> | StreamingPipe<O, P> | AsyncPipeTask<O, P> | PipeTask<O, P>,
  ): AsyncStreamingPipe<O, P> {
    let downstream: AsyncStreamingPipe<O, P>;
    if (next instanceof AsyncStreamingPipe) downstream = next;
    else if (next instanceof StreamingPipe) downstream = new AsyncStreamingPipe<O, P>(next.task);
    else downstream = new AsyncStreamingPipe<O, P>(next);
    return downstream.setSource(this);
  }

  map<P>(fn: (item: O) => P | Promise<P>): AsyncStreamingPipe<O, P> {
    return this.pipe<P>({ map: fn });
  }

  filter(fn: (item: O) => boolean | Promise<boolean>): AsyncStreamingPipe<O, O> {
    return this.pipe({ filter: fn });
  }

  /** Drains the pipe into an array (small data only; large data should stream into a sink). */
  async toArray(): Promise<O[]> {
    const out: O[] = [];
    for (let r = await this.next(); r.done !== true; r = await this.next()) out.push(r.value);
    return out;
  }

  /** Drains the pipe, awaiting `fn` on each element when it returns a promise. */
  async forEach(fn: (item: O, index: number) => void | Promise<void>): Promise<void> {
    let i = 0;
    for (let r = await this.next(); r.done !== true; r = await this.next()) {
      const p = fn(r.value, i++);
      if (isThenable(p)) await p;
    }
  }
}
