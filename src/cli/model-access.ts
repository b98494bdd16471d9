/**
 * What the `predict`, `export` and `experiments ID` commands ask of the platform: over HTTP
 * (`--server URL`) or in-process on the data dir, recording the client's side like every exchange.
 * A record id may name a saved experiment or a session record: experiments are tried first.
 */
import { join } from 'node:path';
import { NotFoundError } from '../core/errors.js';
import { createEngine, type Engine } from '../server/engine.js';
import type {
  ExperimentDetail,
  Prediction,
  RecordDetail,
  RecordPlace,
} from '../services/experiment-service.js';
import { createLogger, fileSink } from '../services/logger.js';
import type { CardedCheckpoint } from '../services/model-card.js';
import { HttpStatusError } from './errors.js';

export interface ModelAccess {
  /** `rows`: `{ rows }` / an array (JSON) or CSV text. */
  predict(token: string, rows: unknown): Promise<Prediction>;
  experiment(token: string): Promise<ExperimentDetail>;
  session(token: string): Promise<RecordDetail>;
  checkpoint(token: string): Promise<CardedCheckpoint>;
  onnx(token: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface AccessOptions {
  readonly server?: string;
  /** Sent as `Authorization: Bearer <apiKey>` to the server. */
  readonly apiKey?: string;
  readonly dataDir: string;
  readonly env?: Record<string, string | undefined>;
}

export async function openModelAccess(o: AccessOptions): Promise<ModelAccess> {
  if (o.server) return new HttpModelAccess(o.server, o.apiKey);
  const logger = createLogger({ sinks: [fileSink(join(o.dataDir, 'autolearn.log'))] });
  return new InProcessModelAccess(await createEngine({ dataDir: o.dataDir, env: o.env, logger }));
}

/** Opens the platform's models for one command, runs `fn`, and always closes them. */
export async function withModelAccess<T>(
  o: AccessOptions,
  fn: (access: ModelAccess) => Promise<T>,
): Promise<T> {
  const access = await openModelAccess(o);
  try {
    return await fn(access);
  } finally {
    await access.close();
  }
}

/** Tries the permanent store, then the session store (a session id not yet saved). */
async function eitherPlace<T>(fn: (from: RecordPlace) => Promise<T>): Promise<T> {
  try {
    return await fn('experiment');
  } catch (e) {
    if (e instanceof NotFoundError || (e instanceof HttpStatusError && e.status === 404))
      return fn('session');
    throw e;
  }
}

class InProcessModelAccess implements ModelAccess {
  constructor(private readonly engine: Engine) {}
  private get service() {
    return this.engine.platform.service;
  }
  predict(token: string, rows: unknown) {
    return eitherPlace((from) =>
      this.engine.client.exchange(from === 'session' ? 'predict' : 'predictExperiment', () =>
        this.service.predict(token, rows, { from }),
      ),
    );
  }
  experiment(token: string) {
    return this.engine.client.exchange('experiment', () => this.service.getExperiment(token));
  }
  session(token: string) {
    return this.engine.client.exchange('session', () => this.service.getSession(token));
  }
  checkpoint(token: string) {
    return eitherPlace((from) =>
      this.engine.client.exchange('experiment', () => this.service.getModel(token, from)),
    );
  }
  onnx(token: string) {
    return eitherPlace((from) =>
      this.engine.client.exchange('experiment', () => this.service.exportOnnx(token, from)),
    );
  }
  close() {
    return this.engine.close();
  }
}

class HttpModelAccess implements ModelAccess {
  private readonly base: string;
  constructor(
    base: string,
    private readonly apiKey?: string,
  ) {
    this.base = base.replace(/\/+$/, '');
  }
  predict(token: string, rows: unknown) {
    const t = encodeURIComponent(token);
    const body =
      typeof rows === 'string'
        ? { type: 'text/csv', text: rows }
        : { type: 'application/json', text: JSON.stringify(rows) };
    return eitherPlace(async (from) => {
      const path = from === 'experiment' ? `/experiments/${t}/predict` : `/sessions/${t}/predict`;
      return JSON.parse(await this.text('POST', path, body)) as Prediction;
    });
  }
  async experiment(token: string) {
    return JSON.parse(
      await this.text('GET', `/experiments/${encodeURIComponent(token)}`),
    ) as ExperimentDetail;
  }
  async session(token: string) {
    return JSON.parse(await this.text('GET', `/sessions/${encodeURIComponent(token)}`)) as RecordDetail;
  }
  async checkpoint(token: string) {
    return JSON.parse(
      await this.text('GET', `/experiments/${encodeURIComponent(token)}/model`),
    ) as CardedCheckpoint;
  }
  async onnx(token: string) {
    const res = await this.fetch('GET', `/experiments/${encodeURIComponent(token)}/model?format=onnx`);
    return new Uint8Array(await res.arrayBuffer());
  }
  async close() {}

  private async text(method: string, path: string, body?: { type: string; text: string }): Promise<string> {
    return (await this.fetch(method, path, body)).text();
  }

  private async fetch(
    method: string,
    path: string,
    body?: { type: string; text: string },
  ): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
          ...(body ? { 'content-type': body.type } : {}),
        },
        body: body?.text,
      });
    } catch (e) {
      throw new HttpStatusError(
        0,
        'unreachable',
        `cannot reach the server at ${this.base}: ${(e as Error).message}`,
      );
    }
    if (!res.ok) {
      const text = await res.text();
      let j: { error?: string; message?: string } = {};
      try {
        j = JSON.parse(text);
      } catch {
        j = { message: text };
      }
      throw new HttpStatusError(res.status, j.error ?? 'error', j.message ?? res.statusText);
    }
    return res;
  }
}
