/** Small shared pieces: an async-data hook, error and loading boxes, number formatting. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';

export interface Async<T> {
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, n]);
  const reload = useCallback(() => setN((k) => k + 1), []);
  return { ...state, reload };
}

export function ErrorBox({ error }: { error: Error | null }) {
  if (!error) return null;
  const hint =
    error instanceof ApiError && error.status === 401 ? (
      <>
        {' '}
        <a href="#/sign-in">Sign in</a> with an API key.
      </>
    ) : null;
  return (
    <div class="error" role="alert">
      {error instanceof ApiError ? <strong>{error.code}: </strong> : null}
      {error.message}
      {hint}
    </div>
  );
}

export function Loading({ when, children }: { when: boolean; children?: ComponentChildren }) {
  return when ? <p aria-live="polite">Loading…</p> : (children ?? null);
}

export const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : JSON.stringify(v);

export const when = (ms: number): string => new Date(ms).toLocaleString();

export const short = (token: string): string => (token.length > 14 ? `${token.slice(0, 12)}…` : token);
