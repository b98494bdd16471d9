/**
 * The console's only door to the server: JSON over fetch with the signed-in user's API key as a
 * bearer token, typed errors carrying the server's own `{error, message}` body, and server-sent
 * events read through fetch (EventSource cannot send an Authorization header).
 */
import { fetchEventSource } from '@microsoft/fetch-event-source';
import type { SeedCatalog, TrainRequest } from '../../../catalog/types.js';

const KEY = 'autolearn.apiKey';

export interface MetricOutcome {
  readonly metric_name: string;
  readonly metric_value: number;
}

export interface RecordView {
  readonly token: string;
  readonly created_at: number;
  readonly status: 'trained' | 'evaluated' | 'saved';
  readonly dataset: string;
  readonly model: string;
  readonly train_data: TrainRequest;
  readonly eval_data: readonly MetricOutcome[];
  readonly checkpoint?: string;
  readonly [extra: string]: unknown;
}

export interface JobProgress {
  readonly fraction: number;
  readonly iteration?: number;
  readonly total?: number;
  readonly loss?: number;
  readonly message?: string;
}

export interface JobStatus {
  readonly token: string;
  readonly state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly created_at: number;
  readonly elapsed_ms?: number;
  readonly error?: string | null;
  readonly progress?: JobProgress;
}

export interface LogRecord {
  readonly key: string;
  readonly value: {
    readonly source_service: string;
    readonly destination_service: string;
    readonly message_type: string;
    readonly com_type: string;
    readonly payload: string;
  };
  readonly timestamp: number;
  readonly [extra: string]: unknown;
}

/** A non-2xx answer, with the server's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const apiKey = {
  get: (): string | null => localStorage.getItem(KEY),
  set: (k: string): void => localStorage.setItem(KEY, k),
  clear: (): void => localStorage.removeItem(KEY),
};

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json' };
  if (json) h['content-type'] = 'application/json';
  const k = apiKey.get();
  if (k) h.authorization = `Bearer ${k}`;
  return h;
}

async function fail(res: Response): Promise<never> {
  let code = 'http_error';
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: string; message?: string };
    code = body.error ?? code;
    message = body.message ?? message;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, code, message);
}

/** One JSON request; resolves with the decoded body or throws an ApiError. */
export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) return fail(res);
  return (await res.json()) as T;
}

/** A request with a raw body (CSV upload or CSV rows to predict). */
export async function send<T>(method: 'POST' | 'PUT', path: string, body: string, type: string): Promise<T> {
  const res = await fetch(path, { method, headers: { ...headers(false), 'content-type': type }, body });
  if (!res.ok) return fail(res);
  return (await res.json()) as T;
}

export const getCatalog = () => call<SeedCatalog>('GET', '/catalog');
export const submitTraining = (request: TrainRequest) => call<JobStatus>('POST', '/train', request);
export const cancelJob = (token: string) => call<JobStatus>('POST', `/train/${token}/cancel`);
export const jobStatus = (token: string) => call<JobStatus>('GET', `/train/${token}`);
export const listRecords = (store: 'sessions' | 'experiments') => call<RecordView[]>('GET', `/${store}`);
export const getRecord = (store: 'sessions' | 'experiments', token: string) =>
  call<RecordView>('GET', `/${store}/${token}`);
export const evaluate = (token: string) =>
  call<{ token: string; eval_data: MetricOutcome[] }>('POST', `/sessions/${token}/evaluate`);
export const saveSession = (token: string) => call<RecordView>('POST', `/sessions/${token}/save`);
export const adminLogs = (service?: string) =>
  call<LogRecord[]>('GET', `/admin/logs${service ? `?service=${encodeURIComponent(service)}` : ''}`);

export interface JobStream {
  readonly close: () => void;
}

/** Follows a training job's server-sent events until it ends (or `close`). */
export function followJob(
  token: string,
  on: { status: (s: JobStatus) => void; progress: (p: JobProgress) => void; error: (e: Error) => void },
): JobStream {
  const ctrl = new AbortController();
  const { accept: _json, ...auth } = headers(false);
  void fetchEventSource(`/train/${token}/events`, {
    headers: { ...auth, accept: 'text/event-stream' },
    signal: ctrl.signal,
    openWhenHidden: true,
    async onopen(res) {
      if (!res.ok) await fail(res);
    },
    onmessage(ev) {
      if (!ev.data) return;
      const data = JSON.parse(ev.data) as JobStatus & JobProgress;
      if (ev.event === 'status') on.status(data);
      else if (ev.event === 'progress') on.progress(data);
    },
    onclose() {
      ctrl.abort();
    },
    onerror(err) {
      on.error(err instanceof Error ? err : new Error(String(err)));
      throw err; // no automatic retry: the job page shows the error and a reload button
    },
  }).catch(() => undefined);
  return { close: () => ctrl.abort() };
}
