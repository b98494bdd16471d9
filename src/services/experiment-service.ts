/**
 * The experiment platform without a server (Remote Facade in-process): catalog, train, evaluate,
 * sessions, save, experiments. Every step writes the behavioural records of the seed's tables 3.1-3.5
 * and talks to the Session/Storage services through the message bus queues.
 */

import { RequestValidationError } from '../catalog/errors.js';
import type { Registry } from '../catalog/registry.js';
import { buildCatalog } from '../catalog/render.js';
import type { SeedCatalog, TrainRequest, ValidTrainRequest } from '../catalog/types.js';
import { validateTrainRequest } from '../catalog/validate.js';
import { NotFoundError } from '../core/errors.js';
import { type LoggedRecord, readBehaviouralLog } from '../eventsourcing/behavioural.js';
import type { EventStore } from '../eventsourcing/types.js';
import type { MessageBus } from './bus.js';
import { InvalidTokenError } from './errors.js';
import type { Logger } from './logger.js';
import { BehaviourRecorder } from './recorder.js';
import type { JobRunner } from './runner.js';
import {
  type SessionRecordMessage,
  type SessionUpdateMessage,
  type StorageRecordMessage,
  startQueueWorkers,
} from './session-service.js';
import type { ExperimentRecord, ExperimentRepository, MetricOutcome, RecordFilter } from './stores/types.js';
import type { SessionTokens } from './tokens.js';
import { type RecordDetail, type RecordView, toView } from './views.js';

export type { RecordDetail, RecordView };

export interface TrainOutcome {
  /** Encrypted session id: pass it to evaluate / getSession / save. */
  token: string;
  created_at: number;
  request: ValidTrainRequest;
}

/** Optional hooks of `train` (used by the HTTP server to answer 202 before the fit ends). */
export interface TrainHooks {
  /** Called once the request is accepted, before the fit starts, with the record's token. */
  onAccepted?(token: string, createdAt: number): void;
}

export interface ExperimentServiceDeps {
  readonly registry: Registry;
  readonly repository: ExperimentRepository;
  readonly events: EventStore;
  readonly bus: MessageBus;
  readonly tokens: SessionTokens;
  readonly logger: Logger;
  readonly runner: JobRunner;
  readonly clock?: () => number;
}

/**
 * The platform's facade: catalog, train (validated, run by the job runner, recorded in the session
 * store), evaluate, sessions, save to the permanent store and experiments, every exchange recorded as
 * a behavioural event. `createPlatform` builds one with its stores, bus and runner.
 */
export class ExperimentService {
  readonly recorder: BehaviourRecorder;
  private readonly clock: () => number;
  private lastId = 0;
  private stopWorkers: (() => Promise<void>) | null = null;

  private constructor(readonly deps: ExperimentServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.recorder = new BehaviourRecorder(deps.events, this.clock);
  }

  /** Builds the facade and subscribes the Session / Storage queue workers on its bus. */
  static async start(deps: ExperimentServiceDeps): Promise<ExperimentService> {
    const s = new ExperimentService(deps);
    s.stopWorkers = await startQueueWorkers({
      bus: deps.bus,
      repository: deps.repository,
      recorder: s.recorder,
      logger: deps.logger,
    });
    return s;
  }

  // ---- Catalog service ----

  /** The client downloads the catalog (table 3.1). */
  async catalog(): Promise<SeedCatalog> {
    return this.serveCatalog('CLIENT');
  }

  private async serveCatalog(to: 'CLIENT' | 'TRAINING'): Promise<SeedCatalog> {
    const r = this.recorder;
    await r.receive('catalog', to, 'training_catalog_req');
    try {
      const cat = buildCatalog(this.deps.registry);
      await r.send('catalog', to, 'training_catalog');
      return cat;
    } catch (e) {
      this.deps.logger.error('REST', 'catalog.getCatalog', (e as Error).message);
      await r.send('catalog', to, 'unable_to_find_catalog');
      throw e;
    }
  }

  // ---- Training service (table 3.2) ----

  async train(request: unknown, hooks: TrainHooks = {}): Promise<TrainOutcome> {
    const r = this.recorder;
    const id = this.nextId();
    await r.receive('training', 'CLIENT', 'training_req');
    await r.send('training', 'CATALOG', 'training_catalog_req');
    let catalog: SeedCatalog;
    try {
      catalog = await this.serveCatalog('TRAINING');
    } catch (e) {
      await r.receive('training', 'CATALOG', 'unable_to_find_catalog');
      await r.send('training', 'CLIENT', 'internal_server_error');
      throw e;
    }
    await r.receive('training', 'CATALOG', 'training_catalog');
    let valid: ValidTrainRequest;
    try {
      valid = validateTrainRequest(request, catalog);
    } catch (e) {
      if (e instanceof RequestValidationError) await r.send('training', 'CLIENT', 'bad_request');
      throw e;
    }
    await r.send('training', 'CLIENT', 'req_accepted');
    hooks.onAccepted?.(this.deps.tokens.encrypt(String(id)), id);
    let checkpoint: string;
    try {
      ({ checkpoint } = await this.deps.runner.train({
        kind: 'train',
        dataset: valid.dataset,
        model: valid.model,
        learning: valid.learning,
      }));
    } catch (e) {
      this.deps.logger.error('TASK', 'training.train', (e as Error).message);
      await r.send('training', 'CLIENT', 'internal_server_error');
      throw e;
    }
    const record: ExperimentRecord = {
      id: String(id),
      created_at: id,
      status: 'trained',
      train_data: { request: request as TrainRequest, checkpoint },
      eval_data: [],
    };
    await r.send('training', 'SESSION', 'train_data_record');
    await r.queue('sessionRecord', 'TRAINING', 'SESSION', 'train_data_record');
    await this.deliver('training', 'training.train', () =>
      this.deps.bus.publish<SessionRecordMessage>('sessionRecord', { record }),
    );
    return { token: this.deps.tokens.encrypt(record.id), created_at: id, request: valid };
  }

  // ---- Evaluation service (table 3.3) ----

  async evaluate(token: string): Promise<{ token: string; eval_data: MetricOutcome[] }> {
    const r = this.recorder;
    await r.receive('evaluation', 'CLIENT', 'evaluation_req');
    let id: string;
    try {
      id = this.deps.tokens.decrypt(token);
    } catch (e) {
      await r.send('evaluation', 'CLIENT', 'req_rejected');
      throw e;
    }
    await r.send('evaluation', 'SESSION', 'query_record');
    const record = await this.queryRecord(id);
    if (!record) {
      await r.receive('evaluation', 'SESSION', 'sess_not_exists');
      await r.send('evaluation', 'CLIENT', 'req_rejected');
      throw new NotFoundError('session record', token);
    }
    await r.receive('evaluation', 'SESSION', 'eval_dto');
    await r.send('evaluation', 'CLIENT', 'req_accepted');
    const ds = record.train_data.request.train_data.dataset;
    const m = record.train_data.request.train_data.model;
    let eval_data: MetricOutcome[];
    try {
      ({ eval_data } = await this.deps.runner.evaluate({
        kind: 'evaluate',
        dataset: {
          name: ds.dataset_name,
          task: ds.dataset_task,
          splitTest: ds.split_test,
          splitSeed: ds.split_seed ?? 0,
        },
        model: { name: m.model_name, task: m.model_task },
        checkpoint: record.train_data.checkpoint,
      }));
    } catch (e) {
      this.deps.logger.error('TASK', 'evaluation.evaluate', (e as Error).message);
      await r.send('evaluation', 'CLIENT', 'internal_server_error');
      throw e;
    }
    await r.send('evaluation', 'SESSION', 'update_session');
    await r.queue('sessionUpdate', 'EVALUATION', 'SESSION', 'update_session');
    await this.deliver('evaluation', 'evaluation.evaluate', () =>
      this.deps.bus.publish<SessionUpdateMessage>('sessionUpdate', { id, eval_data }),
    );
    return { token, eval_data };
  }

  /** Session side of the evaluation's query (table 3.4): eval_dto or sess_not_exists. */
  private async queryRecord(id: string): Promise<ExperimentRecord | null> {
    const r = this.recorder;
    await r.receive('session', 'EVALUATION', 'query_record');
    let record: ExperimentRecord | null;
    try {
      record = await this.deps.repository.session.get(id);
    } catch (e) {
      this.deps.logger.error('REST', 'session.queryRecord', (e as Error).message);
      await r.send('session', 'EVALUATION', 'internal_server_error');
      await r.receive('evaluation', 'SESSION', 'internal_server_error');
      await r.send('evaluation', 'CLIENT', 'internal_server_error');
      throw e;
    }
    await r.send('session', 'EVALUATION', record ? 'eval_dto' : 'sess_not_exists');
    return record;
  }

  // ---- Session service (table 3.4) ----

  async listSessions(filter: RecordFilter = {}): Promise<RecordView[]> {
    return this.fetch('session', 'view_sessions', 'sess_summary', 'session.listSessions', async () =>
      (await this.deps.repository.session.list(filter)).map((x) => this.view(x)),
    );
  }

  async getSession(token: string): Promise<RecordDetail> {
    const r = this.recorder;
    await r.receive('session', 'CLIENT', 'view_sessions');
    const id = await this.decryptFor('session', token);
    let record: ExperimentRecord | null;
    try {
      record = await this.deps.repository.session.get(id);
    } catch (e) {
      this.deps.logger.error('REST', 'session.getSession', (e as Error).message);
      await r.send('session', 'CLIENT', 'unable_to_fetch_data');
      throw e;
    }
    if (!record) {
      await r.send('session', 'CLIENT', 'sess_not_exists');
      throw new NotFoundError('session record', token);
    }
    await r.send('session', 'CLIENT', 'sess_summary');
    return { ...this.view(record, token), checkpoint: record.train_data.checkpoint };
  }

  /** Confirms a session record: Session accepts, then asks Storage to archive it (the atomic move). */
  async save(token: string): Promise<RecordView> {
    const r = this.recorder;
    await r.receive('session', 'CLIENT', 'save_session');
    const id = await this.decryptFor('session', token);
    let record: ExperimentRecord | null;
    try {
      record = await this.deps.repository.session.get(id);
    } catch (e) {
      this.deps.logger.error('REST', 'session.save', (e as Error).message);
      await r.send('session', 'CLIENT', 'internal_server_error');
      throw e;
    }
    if (!record) {
      await r.send('session', 'CLIENT', 'req_rejected');
      throw new NotFoundError('session record', token);
    }
    await r.send('session', 'CLIENT', 'req_accepted');
    await r.send('session', 'STORAGE', 'archive_data');
    await r.queue('storageRecord', 'SESSION', 'STORAGE', 'archive_data');
    await this.deliver('session', 'session.save', () =>
      this.deps.bus.publish<StorageRecordMessage>('storageRecord', { id }),
    );
    const saved = await this.deps.repository.permanent.get(id);
    return this.view(saved ?? { ...record, status: 'saved' }, token);
  }

  // ---- Storage service (table 3.5) ----

  async listExperiments(filter: RecordFilter = {}): Promise<RecordView[]> {
    return this.fetch('storage', 'view_experiments', 'storage_summary', 'storage.listExperiments', async () =>
      (await this.deps.repository.permanent.list(filter)).map((x) => this.view(x)),
    );
  }

  // ---- Admin ----

  /** Behavioural log of one aggregate, or of the whole system in time order. */
  log(aggregate?: string): Promise<LoggedRecord[]> {
    return readBehaviouralLog(this.deps.events, aggregate);
  }

  async close(): Promise<void> {
    if (this.stopWorkers) await this.stopWorkers();
    this.stopWorkers = null;
  }

  // ---- helpers ----

  private async fetch<T>(
    aggregate: 'session' | 'storage',
    req: 'view_sessions' | 'view_experiments',
    ok: 'sess_summary' | 'storage_summary',
    fn: string,
    body: () => Promise<T>,
  ): Promise<T> {
    const r = this.recorder;
    await r.receive(aggregate, 'CLIENT', req);
    try {
      const out = await body();
      await r.send(aggregate, 'CLIENT', ok);
      return out;
    } catch (e) {
      this.deps.logger.error('REST', fn, (e as Error).message);
      await r.send(aggregate, 'CLIENT', 'unable_to_fetch_data');
      throw e;
    }
  }

  /** Publishes on a queue; a failure (store down, duplicate id) answers internal_server_error. */
  private async deliver(
    aggregate: 'training' | 'evaluation' | 'session',
    fn: string,
    publish: () => Promise<void>,
  ) {
    try {
      await publish();
    } catch (e) {
      this.deps.logger.error('EVENT', fn, (e as Error).message);
      await this.recorder.send(aggregate, 'CLIENT', 'internal_server_error');
      throw e;
    }
  }

  private async decryptFor(aggregate: 'session', token: string): Promise<string> {
    try {
      return this.deps.tokens.decrypt(token);
    } catch (e) {
      if (e instanceof InvalidTokenError) await this.recorder.send(aggregate, 'CLIENT', 'req_rejected');
      throw e;
    }
  }

  private view(r: ExperimentRecord, token = this.deps.tokens.encrypt(r.id)): RecordView {
    return toView(r, token);
  }

  /** The training request's timestamp (ms), bumped when two requests share a millisecond. */
  private nextId(): number {
    const now = this.clock();
    this.lastId = now > this.lastId ? now : this.lastId + 1;
    return this.lastId;
  }
}
