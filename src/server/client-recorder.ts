/**
 * The client's side of every client <-> service exchange, as behavioural records of the `client`
 * aggregate: `CLIENT send <request>` then `CLIENT receive <answer>` (sync, REST). The in-process CLI
 * writes them itself; behind the HTTP server the server writes them for the exchange it relays.
 */
import { RequestValidationError } from '../catalog/errors.js';
import { NotFoundError } from '../core/errors.js';
import type { BehaviouralPayload, PayloadName, ServiceName } from '../eventsourcing/behavioural.js';
import type { EventStore } from '../eventsourcing/types.js';
import { InvalidTokenError } from '../services/errors.js';
import { PredictInputError } from '../services/predict.js';

export const CLIENT_AGGREGATE = 'client';

export type ClientOp =
  | 'catalog'
  | 'train'
  | 'evaluate'
  | 'sessions'
  | 'session'
  | 'save'
  | 'experiments'
  | 'experiment'
  | 'predict'
  | 'predictExperiment';

interface OpSpec {
  readonly to: ServiceName;
  readonly request: PayloadName;
  readonly ok: PayloadName;
  readonly notFound: PayloadName;
}

const OPS: Readonly<Record<ClientOp, OpSpec>> = {
  catalog: {
    to: 'CATALOG',
    request: 'training_catalog_req',
    ok: 'training_catalog',
    notFound: 'unable_to_find_catalog',
  },
  train: { to: 'TRAINING', request: 'training_req', ok: 'req_accepted', notFound: 'req_rejected' },
  evaluate: { to: 'EVALUATION', request: 'evaluation_req', ok: 'req_accepted', notFound: 'req_rejected' },
  sessions: { to: 'SESSION', request: 'view_sessions', ok: 'sess_summary', notFound: 'unable_to_fetch_data' },
  session: { to: 'SESSION', request: 'view_sessions', ok: 'sess_summary', notFound: 'sess_not_exists' },
  save: { to: 'SESSION', request: 'save_session', ok: 'req_accepted', notFound: 'req_rejected' },
  experiments: {
    to: 'STORAGE',
    request: 'view_experiments',
    ok: 'storage_summary',
    notFound: 'unable_to_fetch_data',
  },
  experiment: {
    to: 'STORAGE',
    request: 'view_experiments',
    ok: 'storage_summary',
    notFound: 'sess_not_exists',
  },
  predict: { to: 'SESSION', request: 'predict_req', ok: 'prediction', notFound: 'sess_not_exists' },
  predictExperiment: { to: 'STORAGE', request: 'predict_req', ok: 'prediction', notFound: 'sess_not_exists' },
};

/** The answer payload the client receives when `op` fails with `e`. */
export function failurePayload(op: ClientOp, e: unknown): PayloadName {
  if (e instanceof RequestValidationError || e instanceof PredictInputError) return 'bad_request';
  if (e instanceof InvalidTokenError) return 'req_rejected';
  if (e instanceof NotFoundError) return OPS[op].notFound;
  return 'internal_server_error';
}

/**
 * Records the client's side of every exchange with the platform (request sent, answer or failure
 * received) as behavioural events of the `client` aggregate.
 */
export class ClientRecorder {
  constructor(
    private readonly events: EventStore,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records the request, runs `fn`, records the answer (or the failure's payload) and rethrows. */
  async exchange<T>(op: ClientOp, fn: () => Promise<T>): Promise<T> {
    const spec = OPS[op];
    await this.write('send', spec.to, spec.request);
    let out: T;
    try {
      out = await fn();
    } catch (e) {
      await this.write('receive', spec.to, failurePayload(op, e));
      throw e;
    }
    await this.write('receive', spec.to, spec.ok);
    return out;
  }

  /** A request the gateway rejected before any service saw it (e.g. schema validation). */
  async rejected(op: ClientOp, payload: PayloadName = 'bad_request'): Promise<void> {
    const spec = OPS[op];
    await this.write('send', spec.to, spec.request);
    await this.write('receive', spec.to, payload);
  }

  private async write(type: 'send' | 'receive', peer: ServiceName, payload: PayloadName): Promise<void> {
    const p: BehaviouralPayload = {
      key: peer,
      value: {
        source_service: type === 'send' ? 'CLIENT' : peer,
        destination_service: type === 'send' ? peer : 'CLIENT',
        message_type: type,
        com_type: 'sync',
        payload,
      },
    };
    await this.events.append({ entityId: CLIENT_AGGREGATE, timestamp: this.clock(), payload: p });
  }
}
