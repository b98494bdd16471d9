/**
 * StreamingPipe: the seed's Streaming Pipeline pattern on synchronous iterators. A pipe is an
 * iterator (the "self iterator") that pulls from its inner iterator, filters, then maps;
 * `a.pipe(b)` makes `a` the inner iterator of `b` and returns `b`, so `a.pipe(b).pipe(c)` is a chain
 * where one `next()` on the last pipe pulls through every earlier one. Nothing is buffered.
 */
import { DataError } from '../core/errors.js';
import type { PipeTask } from './task.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A lazy, pull-based pipeline stage (the seed's Streaming Pipeline): it pulls items from its source,
 * keeps those its `filter` accepts and `map`s them; `a.pipe(b)` chains stages, and nothing runs until
 * the pipe is iterated. `AsyncStreamingPipe` is the same over async sources.
 *
 * @example
 * ```ts
 * import { StreamingPipe } from 'autolearn';
 *
 * const evens = StreamingPipe.from([1, 2, 3, 4, 5, 6])
 *   .pipe({ filter: (n: number) => n % 2 === 0 })
 *   .pipe({ map: (n: number) => n * 10 });
 * console.log([...evens]); // [20, 40, 60]
 * ```
 */
export class StreamingPipe<I, O = I> implements IterableIterator<O> {
  /** The filter/map this pipe applies to each element. */
  readonly task: PipeTask<I, O>;
  private inner: Iterator<I> | null = null;
  private peeked: IteratorResult<O> | null = null;

  constructor(task: PipeTask<I, O> = {}, source?: Iterable<I>) {
    this.task = task;
    if (source !== undefined) this.setSource(source);
  }

  /** A pipe that passes the elements of `source` through unchanged. */
  static from<T>(source: Iterable<T>): StreamingPipe<T, T> {
    return new StreamingPipe<T, T>({}, source);
  }

  /** Connects the inner iterator (the pipe's source). Returns this. */
  setSource(source: Iterable<I>): this {
    this.inner = source[Symbol.iterator]();
    this.peeked = null;
    return this;
  }

  /** Seed name: the inner iterator this pipe pulls from. */
  iter(): Iterator<I> {
    if (this.inner === null) {
      throw new DataError(
        'StreamingPipe has no source: give one to the constructor or use source.pipe(thisPipe)',
      );
    }
    return this.inner;
  }

  /** Pulls from the inner iterator until an element passes the filter, and returns it mapped. */
  next(): IteratorResult<O> {
    if (this.peeked !== null) {
      const p = this.peeked;
      this.peeked = null;
      return p;
    }
    const it = this.iter();
    const { filter, map } = this.task;
    for (;;) {
      const r = it.next();
      if (r.done) return DONE;
      const v = r.value;
      if (filter !== undefined && !filter(v)) continue;
      return { done: false, value: map === undefined ? (v as unknown as O) : map(v) };
    }
  }

  /** Seed name: true when `next()` will yield an element (pulls one ahead and keeps it). */
  hasNext(): boolean {
    if (this.peeked === null) this.peeked = this.next();
    return this.peeked.done !== true;
  }

  /** Stops early: closes the inner iterator chain (e.g. releases a file). */
  return(): IteratorResult<O> {
    this.peeked = DONE;
    this.inner?.return?.();
    return DONE;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /**
   * Chains `next` after this pipe: this pipe becomes its inner iterator. A task object is wrapped
   * in a new StreamingPipe. Returns the downstream pipe.
   */
  pipe<P = O>(next: StreamingPipe<O, P>): StreamingPipe<O, P>;
  pipe<P = O>(next: PipeTask<O, P>): StreamingPipe<O, P>;
  pipe<P = O>(next: StreamingPipe<O, P> | PipeTask<O, P>): StreamingPipe<O, P> {
    const downstream = next instanceof StreamingPipe ? next : new StreamingPipe<O, P>(next);
    return downstream.setSource(this);
  }

  /** `this.pipe({ map: fn })`. */
  map<P>(fn: (item: O) => P): StreamingPipe<O, P> {
    return this.pipe({ map: fn });
  }

  /** `this.pipe({ filter: fn })`. */
  filter(fn: (item: O) => boolean): StreamingPipe<O, O> {
    return this.pipe({ filter: fn });
  }

  /** Drains the pipe into an array (small data only; large data should stream into a sink). */
  toArray(): O[] {
    const out: O[] = [];
    for (let r = this.next(); r.done !== true; r = this.next()) out.push(r.value);
    return out;
  }

  /** Drains the pipe, calling `fn` on each element. */
  forEach(fn: (item: O, index: number) => void): void {
    let i = 0;
    for (let r = this.next(); r.done !== true; r = this.next()) fn(r.value, i++);
  }
}
