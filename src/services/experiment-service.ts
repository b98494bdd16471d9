/**
 * The experiment platform without a server (Remote Facade in-process): catalog, train, evaluate,
 * sessions, save, experiments. Every step writes the behavioural records of the seed's tables 3.1-3.5
 * and talks to the Session/Storage services through the message bus queues.
 */

import { LRUCache } from 'lru-cache';
import { RequestValidationError } from '../catalog/errors.js';
import type { Registry } from '../catalog/registry.js';
import { buildCatalog } from '../catalog/render.js';
import type { SeedCatalog, TrainRequest, ValidTrainRequest } from '../catalog/types.js';
import { validateTrainRequest } from '../catalog/validate.js';
import { NotFoundError } from '../core/errors.js';
import { type LoggedRecord, readBehaviouralLog } from '../eventsourcing/behavioural.js';
import type { EventStore } from '../eventsourcing/types.js';
import { Scaler } from '../preprocessing/scaler.js';
import { type Actor, canSee, LOCAL_ADMIN } from './accounts/types.js';
import type { MessageBus } from './bus.js';
import { ConflictError, ImmutableRecordError, InvalidTokenError } from './errors.js';
import type { DatasetRef } from './jobs.js';
import type { Logger } from './logger.js';
import { type CardedCheckpoint, type FitTiming, withTiming } from './model-card.js';
import {
  type ModelInputs,
  modelInputs,
  type PredictJob,
  type PredictResult,
  type PredictRows,
  predictJobRows,
  runPredictJob,
} from './predict.js';
import { RecordLocks } from './record-locks.js';
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
import {
  type ExperimentDetail,
  type RecordDetail,
  type RecordView,
  toExperimentDetail,
  toView,
} from './views.js';

export type { ExperimentDetail, RecordDetail, RecordView };

/** Where a record is looked up: the session store or the permanent store (saved experiments). */
export type RecordPlace = 'session' | 'experiment';

/** The answer of `predict`. */
export interface Prediction extends PredictResult {
  token: string;
  model: string;
  feature_names: string[];
  n: number;
}

interface StoredModel {
  readonly checkpoint: string;
  readonly inputs: ModelInputs;
  readonly model: string;
  /** Checked on every cache hit: the cache never lets another user's model through. */
  readonly owner: string;
}

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
  /** Serialises evaluate / save of one record within this process (in call order). */
  private readonly locks = new RecordLocks();

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

  /** A job's dataset reference, with the file it lives in when it is an uploaded dataset. */
  private withSource(ref: DatasetRef): DatasetRef {
    const source = this.deps.registry.dataset(ref.name, ref.task)?.source;
    return source ? { ...ref, source } : ref;
  }

  // ---- Training service (table 3.2) ----

  /** Trains for `actor` (default: the local admin), who owns the record. */
  async train(request: unknown, hooks: TrainHooks = {}, actor: Actor = LOCAL_ADMIN): Promise<TrainOutcome> {
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
    let timing: FitTiming | undefined;
    try {
      ({ checkpoint, timing } = await this.deps.runner.train({
        kind: 'train',
        dataset: this.withSource(valid.dataset),
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
      owner: actor.id,
      train_data: { request: request as TrainRequest, checkpoint: withTiming(checkpoint, timing) },
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

  /** Evaluates a session record of `actor` (another user's record is not found, like a missing one). */
  async evaluate(
    token: string,
    actor: Actor = LOCAL_ADMIN,
  ): Promise<{ token: string; eval_data: MetricOutcome[] }> {
    return this.locks.run(this.peekId(token), (waited) => this.evaluateLocked(token, actor, waited));
  }

  private async evaluateLocked(
    token: string,
    actor: Actor,
    waited: boolean,
  ): Promise<{ token: string; eval_data: MetricOutcome[] }> {
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
    const record = await this.queryRecord(id, actor);
    if (!record) {
      await r.receive('evaluation', 'SESSION', 'sess_not_exists');
      await r.send('evaluation', 'CLIENT', 'req_rejected');
      // saved by the request this one waited for: a conflict, not an unknown record
      if (waited && visible(await this.deps.repository.permanent.get(id), actor)) throw savedMeanwhile(id);
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
        dataset: this.withSource({
          name: ds.dataset_name,
          task: ds.dataset_task,
          splitTest: ds.split_test,
          splitSeed: ds.split_seed ?? 0,
        }),
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
    try {
      await this.deliver('evaluation', 'evaluation.evaluate', () =>
        this.deps.bus.publish<SessionUpdateMessage>('sessionUpdate', { id, eval_data }),
      );
    } catch (e) {
      // another process saved the record meanwhile: the conditional update found it in the
      // permanent store; the metrics were not added and the client is told so (409)
      if (e instanceof ImmutableRecordError) throw savedMeanwhile(id);
      throw e;
    }
    return { token, eval_data };
  }

  /** Session side of the evaluation's query (table 3.4): eval_dto or sess_not_exists. */
  private async queryRecord(id: string, actor: Actor): Promise<ExperimentRecord | null> {
    const r = this.recorder;
    await r.receive('session', 'EVALUATION', 'query_record');
    let record: ExperimentRecord | null;
    try {
      record = visible(await this.deps.repository.session.get(id), actor);
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

  /** The session records `actor` may see: its own, or all for an admin. */
  async listSessions(filter: RecordFilter = {}, actor: Actor = LOCAL_ADMIN): Promise<RecordView[]> {
    return this.fetch('session', 'view_sessions', 'sess_summary', 'session.listSessions', async () =>
      (await this.deps.repository.session.list(scoped(filter, actor))).map((x) => this.view(x)),
    );
  }

  async getSession(token: string, actor: Actor = LOCAL_ADMIN): Promise<RecordDetail> {
    const r = this.recorder;
    await r.receive('session', 'CLIENT', 'view_sessions');
    const id = await this.decryptFor('session', token);
    let record: ExperimentRecord | null;
    try {
      record = visible(await this.deps.repository.session.get(id), actor);
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
  async save(token: string, actor: Actor = LOCAL_ADMIN): Promise<RecordView> {
    return this.locks.run(this.peekId(token), () => this.saveLocked(token, actor));
  }

  private async saveLocked(token: string, actor: Actor): Promise<RecordView> {
    const r = this.recorder;
    await r.receive('session', 'CLIENT', 'save_session');
    const id = await this.decryptFor('session', token);
    let record: ExperimentRecord | null;
    try {
      record = visible(await this.deps.repository.session.get(id), actor);
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

  /** The saved experiments `actor` may see: its own, or all for an admin. */
  async listExperiments(filter: RecordFilter = {}, actor: Actor = LOCAL_ADMIN): Promise<RecordView[]> {
    return this.fetch('storage', 'view_experiments', 'storage_summary', 'storage.listExperiments', async () =>
      (await this.deps.repository.permanent.list(scoped(filter, actor))).map((x) => this.view(x)),
    );
  }

  /**
   * Records a model trained outside the Training service (the CLI's `train --csv`, whose dataset is
   * a user file no worker can load) as a session record, with its evaluation, through the same
   * Training -> Session queue and behavioural records as any training.
   */
  async recordTrained(input: {
    valid: ValidTrainRequest;
    checkpoint: string;
    timing?: FitTiming;
    eval_data: MetricOutcome[];
    /** Who owns the record (default: the local admin). */
    actor?: Actor;
  }): Promise<TrainOutcome> {
    const r = this.recorder;
    const id = this.nextId();
    await r.receive('training', 'CLIENT', 'training_req');
    await r.send('training', 'CLIENT', 'req_accepted');
    const record: ExperimentRecord = {
      id: String(id),
      created_at: id,
      status: input.eval_data.length > 0 ? 'evaluated' : 'trained',
      owner: (input.actor ?? LOCAL_ADMIN).id,
      train_data: { request: input.valid.request, checkpoint: withTiming(input.checkpoint, input.timing) },
      eval_data: input.eval_data,
    };
    await r.send('training', 'SESSION', 'train_data_record');
    await r.queue('sessionRecord', 'TRAINING', 'SESSION', 'train_data_record');
    await this.deliver('training', 'training.recordTrained', () =>
      this.deps.bus.publish<SessionRecordMessage>('sessionRecord', { record }),
    );
    return { token: this.deps.tokens.encrypt(record.id), created_at: id, request: input.valid };
  }

  /** One saved experiment: the record, its model summary and model card (table 3.5's view). */
  async getExperiment(token: string, actor: Actor = LOCAL_ADMIN): Promise<ExperimentDetail> {
    const r = this.recorder;
    await r.receive('storage', 'CLIENT', 'view_experiments');
    const record = await this.findRecord('storage', token, 'experiment', actor);
    await r.send('storage', 'CLIENT', 'storage_summary');
    return toExperimentDetail(record, token);
  }

  /** The stored model checkpoint (versioned JSON, with its card and preprocessing). */
  async getModel(
    token: string,
    from: RecordPlace = 'experiment',
    actor: Actor = LOCAL_ADMIN,
  ): Promise<CardedCheckpoint> {
    const aggregate = from === 'experiment' ? 'storage' : 'session';
    const r = this.recorder;
    await r.receive(aggregate, 'CLIENT', from === 'experiment' ? 'view_experiments' : 'view_sessions');
    const record = await this.findRecord(aggregate, token, from, actor);
    await r.send(aggregate, 'CLIENT', from === 'experiment' ? 'storage_summary' : 'sess_summary');
    return JSON.parse(record.train_data.checkpoint) as CardedCheckpoint;
  }

  /** The stored model as ONNX (ONNX-ML operators, the Dataset's scaler embedded). */
  async exportOnnx(
    token: string,
    from: RecordPlace = 'experiment',
    actor: Actor = LOCAL_ADMIN,
  ): Promise<Uint8Array> {
    const ck = await this.getModel(token, from, actor);
    const { toOnnx } = await import('../onnx/export.js'); // protobufjs loads on the first export only
    const pre = ck.preprocessing;
    // an upload's imputation exports (Where(IsNaN)); its one-hot encoding is refused by name
    const steps = pre?.steps
      ? (await import('../onnx/input-steps.js')).inputStepsForOnnx(ck.model, pre.steps)
      : null;
    return toOnnx(ck, {
      scaler: steps ? steps.scaler : pre?.scaler ? Scaler.fromJSON(pre.scaler).affine() : null,
      impute: steps?.impute ?? null,
      featureNames: ck.preprocessing?.feature_names,
      zipMap: true,
      producerVersion: ck.card?.library.version,
      metadata: { experiment: token },
    });
  }

  /**
   * Predicts rows (objects of named features, arrays, `{ rows }` or CSV text) with the model of a
   * session record or a saved experiment. Bad rows -> PredictInputError (before any work). The
   * prediction runs on the runner's worker threads when it has `predict`, else in-process; models
   * are parsed once per thread (LRU).
   */
  async predict(
    token: string,
    rows: PredictRows,
    options: { from?: RecordPlace; actor?: Actor } = {},
  ): Promise<Prediction> {
    const from = options.from ?? 'session';
    const actor = options.actor ?? LOCAL_ADMIN;
    const aggregate = from === 'experiment' ? 'storage' : 'session';
    const r = this.recorder;
    await r.receive(aggregate, 'CLIENT', 'predict_req');
    const { id, stored } = await this.storedModel(aggregate, token, from, actor);
    let job: PredictJob;
    try {
      job = {
        kind: 'predict',
        key: id,
        checkpoint: stored.checkpoint,
        ...predictJobRows(rows, stored.inputs),
      };
    } catch (e) {
      await r.send(aggregate, 'CLIENT', 'bad_request');
      throw e;
    }
    let result: PredictResult;
    try {
      result = this.deps.runner.predict ? await this.deps.runner.predict(job) : await runPredictJob(job);
    } catch (e) {
      this.deps.logger.error('TASK', `${aggregate}.predict`, (e as Error).message);
      await r.send(aggregate, 'CLIENT', 'internal_server_error');
      throw e;
    }
    await r.send(aggregate, 'CLIENT', 'prediction');
    return {
      token,
      model: stored.model,
      feature_names: [...stored.inputs.featureNames],
      n: job.rows,
      ...result,
    };
  }

  private readonly models = new LRUCache<string, StoredModel>({ max: 64 });

  /** The record's checkpoint and inputs; experiments (immutable) come from the LRU after the first read. */
  private async storedModel(
    aggregate: 'session' | 'storage',
    token: string,
    from: RecordPlace,
    actor: Actor,
  ): Promise<{ id: string; stored: StoredModel }> {
    if (from === 'experiment') {
      const id = await this.decryptOr(aggregate, token);
      const hit = this.models.get(id);
      if (hit && canSee(actor, hit.owner)) return { id, stored: hit };
    }
    const record = await this.findRecord(aggregate, token, from, actor);
    const ck = JSON.parse(record.train_data.checkpoint) as CardedCheckpoint;
    const stored: StoredModel = {
      checkpoint: record.train_data.checkpoint,
      inputs: modelInputs(ck),
      model: ck.model,
      owner: record.owner,
    };
    if (from === 'experiment') this.models.set(record.id, stored);
    return { id: record.id, stored };
  }

  private async decryptOr(aggregate: 'session' | 'storage', token: string): Promise<string> {
    try {
      return this.deps.tokens.decrypt(token);
    } catch (e) {
      await this.recorder.send(aggregate, 'CLIENT', 'req_rejected');
      throw e;
    }
  }

  /** Decrypts and reads a record of one store; records req_rejected / sess_not_exists / unable_to_fetch_data. */
  private async findRecord(
    aggregate: 'session' | 'storage',
    token: string,
    from: RecordPlace,
    actor: Actor,
  ): Promise<ExperimentRecord> {
    const id = await this.decryptOr(aggregate, token);
    let record: ExperimentRecord | null;
    try {
      record = visible(
        from === 'experiment'
          ? await this.deps.repository.permanent.get(id)
          : await this.deps.repository.session.get(id),
        actor,
      );
    } catch (e) {
      this.deps.logger.error('REST', `${aggregate}.findRecord`, (e as Error).message);
      await this.recorder.send(aggregate, 'CLIENT', 'unable_to_fetch_data');
      throw e;
    }
    if (!record) {
      await this.recorder.send(aggregate, 'CLIENT', 'sess_not_exists');
      throw new NotFoundError(from === 'experiment' ? 'experiment' : 'session record', token);
    }
    return record;
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

  /** The record id of a token, or null when it does not decrypt (the caller reports that). */
  private peekId(token: string): string | null {
    try {
      return this.deps.tokens.decrypt(token);
    } catch {
      return null;
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

/** The record when `actor` may see it, else null (answered as not found: existence is not leaked). */
function visible(record: ExperimentRecord | null, actor: Actor): ExperimentRecord | null {
  return record && canSee(actor, record.owner) ? record : null;
}

/** A list filter restricted to the actor's own records unless it is an admin. */
function scoped(filter: RecordFilter, actor: Actor): RecordFilter {
  return actor.role === 'admin' ? filter : { ...filter, owner: actor.id };
}

function savedMeanwhile(id: string): ConflictError {
  return new ConflictError(
    id,
    'was saved to the permanent store by a concurrent request before this evaluation could be added; permanent records are immutable, so evaluate before saving',
  );
}
