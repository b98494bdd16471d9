import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { AsyncStreamingPipe } from './async-streaming-pipe.js';
import { fromArray, fromAsyncIterable, pipe } from './sources.js';
import { StreamingPipe } from './streaming-pipe.js';

/** A source that records how many elements were pulled and whether it was closed. */
function counting(n: number) {
  const state = { pulled: 0, closed: false };
  const it: IterableIterator<number> = {
    next: () =>
      state.pulled < n ? { done: false, value: state.pulled++ } : { done: true, value: undefined },
    return: () => {
      state.closed = true;
      return { done: true, value: undefined };
    },
    [Symbol.iterator]() {
      return it;
    },
  };
  return { it, state };
}

describe('StreamingPipe (sync)', () => {
  it('filters then maps each element pulled from the inner iterator', () => {
    const out = fromArray([1, 2, 3, 4, 5, 6])
      .pipe(new StreamingPipe<number, number>({ filter: (x) => x % 2 === 0, map: (x) => x * 10 }))
      .toArray();
    expect(out).toEqual([20, 40, 60]);
  });

  it('a.pipe(b).pipe(c) chains and returns the downstream pipe', () => {
    const a = fromArray(['a', 'bb', 'ccc']);
    const b = new StreamingPipe<string, number>({ map: (s) => s.length });
    const c = new StreamingPipe<number, number>({ filter: (n) => n > 1 });
    const chained = a.pipe(b).pipe(c);
    expect(chained).toBe(c);
    expect(b.iter()).toBe(a);
    expect([...chained]).toEqual([2, 3]);
  });

  it('is lazy: one next() on the last pipe pulls only what it needs', () => {
    const { it: src, state } = counting(1000);
    const p = StreamingPipe.from(src)
      .filter((x) => x % 3 === 0)
      .map((x) => x + 1);
    expect(state.pulled).toBe(0);
    expect(p.next()).toEqual({ done: false, value: 1 });
    expect(state.pulled).toBe(1);
    expect(p.next()).toEqual({ done: false, value: 4 });
    expect(state.pulled).toBe(4);
  });

  it('hasNext peeks without losing the element (seed Self-Iterator API)', () => {
    const p = fromArray([7, 8]);
    expect(p.hasNext()).toBe(true);
    expect(p.hasNext()).toBe(true);
    expect(p.next().value).toBe(7);
    expect(p.next().value).toBe(8);
    expect(p.hasNext()).toBe(false);
    expect(p.next().done).toBe(true);
  });

  it('breaking out of a for-of closes the whole chain', () => {
    const { it: src, state } = counting(100);
    const p = StreamingPipe.from(src).map((x) => x * 2);
    for (const v of p) if (v >= 4) break;
    expect(state.closed).toBe(true);
    expect(state.pulled).toBe(3);
  });

  it('throws a DataError when a pipe has no source', () => {
    expect(() => new StreamingPipe<number>({}).next()).toThrow(DataError);
  });

  it('matches Array filter/map for any data and predicates (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 7 }), fc.integer(), (xs, m, k) => {
        const keep = (x: number) => x % m === 0;
        const f = (x: number) => x * 3 + k;
        const got = pipe(xs, { filter: keep }, { map: f }, { filter: (x: number) => x > 0 }).toArray();
        expect(got).toEqual(
          xs
            .filter(keep)
            .map(f)
            .filter((x) => x > 0),
        );
      }),
    );
  });
});

describe('AsyncStreamingPipe', () => {
  async function* gen(n: number) {
    for (let i = 0; i < n; i++) yield i;
  }

  it('pulls from an async source, with sync or async filter/map', async () => {
    const out = await fromAsyncIterable(gen(10))
      .pipe({ filter: async (x: number) => x % 2 === 1 })
      .pipe({ map: async (x: number) => `v${x}` })
      .map((s) => s.toUpperCase())
      .toArray();
    expect(out).toEqual(['V1', 'V3', 'V5', 'V7', 'V9']);
  });

  it('accepts a sync StreamingPipe as a downstream step and a sync source', async () => {
    const step = new StreamingPipe<number, number>({ map: (x) => x * x });
    const out = await AsyncStreamingPipe.from([1, 2, 3]).pipe(step).toArray();
    expect(out).toEqual([1, 4, 9]);
  });

  it('pipe() with an async source builds an async chain', async () => {
    const p = pipe(gen(5), { map: (x: number) => x + 1 });
    expect(p).toBeInstanceOf(AsyncStreamingPipe);
    const seen: number[] = [];
    await p.forEach((x) => {
      seen.push(x);
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('hasNext peeks; return() closes the async source', async () => {
    let closed = false;
    async function* src() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const p = fromAsyncIterable(src()).map((x) => x * 2);
    expect(await p.hasNext()).toBe(true);
    expect((await p.next()).value).toBe(0);
    for await (const v of p) if (v >= 6) break;
    expect(closed).toBe(true);
  });

  it('propagates errors thrown by a step', async () => {
    const p = fromAsyncIterable(gen(3)).map((x) => {
      if (x === 2) throw new DataError('bad element');
      return x;
    });
    await expect(p.toArray()).rejects.toThrow('bad element');
  });
});
