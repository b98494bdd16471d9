/** Pipe sources and the free `pipe(source, ...tasks)` function. */
import { AsyncStreamingPipe } from './async-streaming-pipe.js';
import { StreamingPipe } from './streaming-pipe.js';
import { type AnyIterable, type AsyncPipeTask, isAsyncIterable, type PipeTask } from './task.js';

/**
 * A pipe over the elements of an array (or any array-like), in order.
 *
 * @example
 * ```ts
 * import { fromArray } from 'autolearn';
 *
 * const doubled = fromArray(Float64Array.from([1, 2, 3])).pipe({ map: (x: number) => 2 * x });
 * console.log([...doubled]); // [2, 4, 6]
 * ```
 */
export function fromArray<T>(items: ArrayLike<T>): StreamingPipe<T, T> {
  return StreamingPipe.from(arrayLikeIterable(items));
}

/** A pipe over any iterable. */
export function fromIterable<T>(items: Iterable<T>): StreamingPipe<T, T> {
  return StreamingPipe.from(items);
}

/** An async pipe over any sync or async iterable (a Node Readable in object mode, a generator, ...). */
export function fromAsyncIterable<T>(items: AnyIterable<T>): AsyncStreamingPipe<T, T> {
  return AsyncStreamingPipe.from(items);
}

function* arrayLikeIterable<T>(items: ArrayLike<T>): Generator<T> {
  for (let i = 0; i < items.length; i++) yield items[i] as T;
}

export type Task<I, O> = PipeTask<I, O> | StreamingPipe<I, O>;
export type ATask<I, O> =
  | AsyncPipeTask<I, O>
  | PipeTask<I, O>
  | AsyncStreamingPipe<I, O>
  | StreamingPipe<I, O>;

/**
 * Builds a pipeline: `pipe(source, t1, t2, ...)` is `from(source).pipe(t1).pipe(t2)...`. A sync
 * source gives a StreamingPipe, an async one (or an AsyncStreamingPipe) an AsyncStreamingPipe.
 */
export function pipe<A>(source: Iterable<A>): StreamingPipe<A, A>;
export function pipe<A, B>(source: Iterable<A>, t1: Task<A, B>): StreamingPipe<A, B>;
export function pipe<A, B, C>(source: Iterable<A>, t1: Task<A, B>, t2: Task<B, C>): StreamingPipe<B, C>;
export function pipe<A, B, C, D>(
  source: Iterable<A>,
  t1: Task<A, B>,
  t2: Task<B, C>,
  t3: Task<C, D>,
): StreamingPipe<C, D>;
export function pipe<A>(source: AsyncIterable<A>): AsyncStreamingPipe<A, A>;
export function pipe<A, B>(source: AsyncIterable<A>, t1: ATask<A, B>): AsyncStreamingPipe<A, B>;
export function pipe<A, B, C>(
  source: AsyncIterable<A>,
  t1: ATask<A, B>,
  t2: ATask<B, C>,
): AsyncStreamingPipe<B, C>;
export function pipe<A, B, C, D>(
  source: AsyncIterable<A>,
  t1: ATask<A, B>,
  t2: ATask<B, C>,
  t3: ATask<C, D>,
): AsyncStreamingPipe<C, D>;
export function pipe(source: AnyIterable<unknown>, ...tasks: ATask<unknown, unknown>[]): unknown {
  if (isAsyncIterable(source)) {
    let p: AsyncStreamingPipe<unknown, unknown> =
      source instanceof AsyncStreamingPipe ? source : AsyncStreamingPipe.from(source);
    for (const t of tasks) p = p.pipe(t as AsyncPipeTask<unknown, unknown>); // pipe() also takes pipe instances
    return p;
  }
  let p: StreamingPipe<unknown, unknown> =
    source instanceof StreamingPipe ? source : StreamingPipe.from(source as Iterable<unknown>);
  for (const t of tasks) p = p.pipe(t as PipeTask<unknown, unknown>); // pipe() also takes pipe instances
  return p;
}
