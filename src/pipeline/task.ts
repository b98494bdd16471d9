/**
 * A pipe task, as in the seed's Streaming Pipeline: each element pulled from the inner iterator is
 * filtered, then transformed. Both parts are optional (no filter keeps everything, no map is the
 * identity). The same task object can drive a sync or an async pipe.
 */
export interface PipeTask<I, O = I> {
  /** Keeps an element when it returns true. Runs before `map`. */
  readonly filter?: (item: I) => boolean;
  /** Transforms a kept element. */
  readonly map?: (item: I) => O;
}

/** An async task: like PipeTask, but filter/map may return promises. */
export interface AsyncPipeTask<I, O = I> {
  readonly filter?: (item: I) => boolean | Promise<boolean>;
  readonly map?: (item: I) => O | Promise<O>;
}

/** Anything that yields elements synchronously or asynchronously. */
export type AnyIterable<T> = Iterable<T> | AsyncIterable<T>;

/**
 * True when `x` has a `Symbol.asyncIterator` method.
 */
export function isAsyncIterable<T>(x: unknown): x is AsyncIterable<T> {
  return (
    typeof x === 'object' && x !== null && typeof (x as AsyncIterable<T>)[Symbol.asyncIterator] === 'function'
  );
}

/**
 * True when `x` has a `Symbol.iterator` method (strings included).
 */
export function isIterable<T>(x: unknown): x is Iterable<T> {
  return (
    (typeof x === 'object' || typeof x === 'string') &&
    x !== null &&
    typeof (x as Iterable<T>)[Symbol.iterator] === 'function'
  );
}
