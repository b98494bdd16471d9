/**
 * What the CLI asks of the platform, behind one interface (Remote Proxy): `HttpApi` talks to a server
 * (`--server URL`), `InProcessApi` runs the platform in this process on the data dir and records the
 * client's side of every exchange itself.
 */

import { join } from 'node:path';
import type { SeedCatalog } from '../catalog/types.js';
import { type BehaviouralPayload, type LoggedRecord, toLoggedRecord } from '../eventsourcing/behavioural.js';
import { createEngine, type Engine } from '../server/engine.js';
import type { JobStatus, ProgressEvent } from '../server/job-manager.js';
import { TERMINAL_STATES } from '../server/job-store.js';
import type { RecordDetail, RecordView } from '../services/experiment-service.js';
import { createLogger, fileSink } from '../services/logger.js';
import type { MetricOutcome, RecordFilter } from '../services/stores/types.js';
import { HttpStatusError } from './errors.js';

export interface LogQuery {
  readonly service?: string;
  readonly from?: number;
  readonly to?: number;
}

export interface EvalOutcome {
  token: string;
  eval_data: MetricOutcome[];
}

export interface Api {
  catalog(): Promise<SeedCatalog>;
  /**
   * Submits a training request; `onStatus` sees every state change, `onProgress` the fit's progress
   * reports; resolves with the final status.
   */
  train(
    request: unknown,
    onStatus?: (s: JobStatus) => void,
    onProgress?: (p: ProgressEvent) => void,
  ): Promise<JobStatus>;
  job(token: string): Promise<JobStatus>;
  cancel(token: string): Promise<JobStatus>;
  evaluate(token: string): Promise<EvalOutcome>;
  sessions(filter?: RecordFilter): Promise<RecordView[]>;
  session(token: string): Promise<RecordDetail>;
  save(token: string): Promise<RecordView>;
  experiments(filter?: RecordFilter): Promise<RecordView[]>;
  logs(query?: LogQuery): Promise<LoggedRecord[]>;
  close(): Promise<void>;
}

const isOver = (s: JobStatus) => (TERMINAL_STATES as readonly string[]).includes(s.state);

export class InProcessApi implements Api {
  private constructor(readonly engine: Engine) {}

  static async open(dataDir: string, env?: Record<string, string | undefined>): Promise<InProcessApi> {
    // errors reach the user through the CLI's own message; the seed's log line goes to the file
    const logger = createLogger({ sinks: [fileSink(join(dataDir, 'autolearn.log'))] });
    return new InProcessApi(await createEngine({ dataDir, env, logger }));
  }

  private get service() {
    return this.engine.platform.service;
  }

  catalog() {
    return this.engine.client.exchange('catalog', () => this.service.catalog());
  }

  async train(
    request: unknown,
    onStatus?: (s: JobStatus) => void,
    onProgress?: (p: ProgressEvent) => void,
  ): Promise<JobStatus> {
    const { jobs } = this.engine;
    const first = await this.engine.client.exchange('train', () => jobs.submit(request));
    onStatus?.(first);
    const off = onStatus ? jobs.subscribe(first.token, onStatus) : () => undefined;
    const offProgress = onProgress ? jobs.subscribeProgress(first.token, onProgress) : () => undefined;
    try {
      return (await jobs.waitFor(first.token))!;
    } finally {
      off();
      offProgress();
    }
  }

  async job(token: string): Promise<JobStatus> {
    this.engine.platform.tokens.decrypt(token);
    const s = this.engine.jobs.status(token);
    if (!s) throw new HttpStatusError(404, 'not_found', 'no training job with this session id');
    return s;
  }

  async cancel(token: string): Promise<JobStatus> {
    await this.job(token);
    this.engine.jobs.cancel(token);
    return (await this.engine.jobs.waitFor(token))!;
  }

  evaluate(token: string) {
    return this.engine.client.exchange('evaluate', () => this.service.evaluate(token));
  }
  sessions(filter: RecordFilter = {}) {
    return this.engine.client.exchange('sessions', () => this.service.listSessions(filter));
  }
  session(token: string) {
    return this.engine.client.exchange('session', () => this.service.getSession(token));
  }
  save(token: string) {
    return this.engine.client.exchange('save', () => this.service.save(token));
  }
  experiments(filter: RecordFilter = {}) {
    return this.engine.client.exchange('experiments', () => this.service.listExperiments(filter));
  }
  async logs(q: LogQuery = {}): Promise<LoggedRecord[]> {
    const events = await this.engine.platform.events.readAll<BehaviouralPayload>({
      from: q.from,
      to: q.to,
      ...(q.service ? { entityIds: [q.service] } : {}),
    });
    return events.map(toLoggedRecord);
  }
  close() {
    return this.engine.close();
  }
}

export class HttpApi implements Api {
  private readonly base: string;
  /** `apiKey` goes with every request as `Authorization: Bearer <apiKey>`. */
  constructor(
    base: string,
    private readonly apiKey?: string,
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  catalog() {
    return this.call<SeedCatalog>('GET', '/catalog');
  }

  async train(
    request: unknown,
    onStatus?: (s: JobStatus) => void,
    onProgress?: (p: ProgressEvent) => void,
  ): Promise<JobStatus> {
    const first = await this.call<JobStatus>('POST', '/train', request);
    onStatus?.(first);
    if (isOver(first)) return first;
    const last = await this.follow(first.token, onStatus, onProgress);
    return last ?? this.job(first.token);
  }

  job(token: string) {
    return this.call<JobStatus>('GET', `/train/${encodeURIComponent(token)}`);
  }
  cancel(token: string) {
    return this.call<JobStatus>('POST', `/train/${encodeURIComponent(token)}/cancel`);
  }
  evaluate(token: string) {
    return this.call<EvalOutcome>('POST', `/sessions/${encodeURIComponent(token)}/evaluate`);
  }
  sessions(filter: RecordFilter = {}) {
    return this.call<RecordView[]>('GET', `/sessions${query(filter)}`);
  }
  session(token: string) {
    return this.call<RecordDetail>('GET', `/sessions/${encodeURIComponent(token)}`);
  }
  save(token: string) {
    return this.call<RecordView>('POST', `/sessions/${encodeURIComponent(token)}/save`);
  }
  experiments(filter: RecordFilter = {}) {
    return this.call<RecordView[]>('GET', `/experiments${query(filter)}`);
  }
  logs(q: LogQuery = {}) {
    return this.call<LoggedRecord[]>('GET', `/admin/logs${query(q)}`);
  }
  async close() {}

  /** Reads the job's server-sent events (status and progress) until it ends; returns the last status. */
  private async follow(
    token: string,
    onStatus?: (s: JobStatus) => void,
    onProgress?: (p: ProgressEvent) => void,
  ): Promise<JobStatus | null> {
    const res = await fetch(`${this.base}/train/${encodeURIComponent(token)}/events`, {
      headers: { accept: 'text/event-stream', ...this.auth() },
    });
    if (!res.ok || !res.body) return null;
    const decoder = new TextDecoder();
    let buf = '';
    let last: JobStatus | null = null;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const lines = block.split('\n');
        const type =
          lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim() ?? 'message';
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (data && type === 'progress') onProgress?.(JSON.parse(data) as ProgressEvent);
        else if (data && type !== 'progress') {
          last = JSON.parse(data) as JobStatus;
          onStatus?.(last);
        }
        i = buf.indexOf('\n\n');
      }
    }
    return last;
  }

  private auth(): Record<string, string> {
    return this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = this.auth();
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new HttpStatusError(
        0,
        'unreachable',
        `cannot reach the server at ${this.base}: ${(e as Error).message}`,
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { error: 'bad_response', message: text };
    }
    if (!res.ok) {
      const j = (json ?? {}) as { error?: string; message?: string; violations?: unknown[] };
      throw new HttpStatusError(res.status, j.error ?? 'error', j.message ?? res.statusText, j.violations);
    }
    return json as T;
  }
}

function query(q: object): string {
  const entries = Object.entries(q).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length
    ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`
    : '';
}
