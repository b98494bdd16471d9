import type { LoggedRecord } from '../../eventsourcing/behavioural.js';

/** One behavioural record as `aggregate: SOURCE > DESTINATION type payload`. */
export function flowLine(r: LoggedRecord): string {
  const v = r.value;
  return `${r.aggregate}: ${v.source_service} > ${v.destination_service} ${v.message_type} ${v.payload}`;
}

/** The seed's payload sequences of each exchange, in time order. */
export const FLOWS = {
  catalog: [
    'catalog: CLIENT > CATALOG receive training_catalog_req',
    'catalog: CATALOG > CLIENT send training_catalog',
  ],
  trainAccepted: [
    'training: CLIENT > TRAINING receive training_req',
    'training: TRAINING > CATALOG send training_catalog_req',
    'catalog: TRAINING > CATALOG receive training_catalog_req',
    'catalog: CATALOG > TRAINING send training_catalog',
    'training: CATALOG > TRAINING receive training_catalog',
    'training: TRAINING > CLIENT send req_accepted',
    'training: TRAINING > SESSION send train_data_record',
    'sessionRecord: TRAINING > SESSION send train_data_record',
    'session: TRAINING > SESSION receive train_data_record',
  ],
  trainRejected: [
    'training: CLIENT > TRAINING receive training_req',
    'training: TRAINING > CATALOG send training_catalog_req',
    'catalog: TRAINING > CATALOG receive training_catalog_req',
    'catalog: CATALOG > TRAINING send training_catalog',
    'training: CATALOG > TRAINING receive training_catalog',
    'training: TRAINING > CLIENT send bad_request',
  ],
  viewSessions: [
    'session: CLIENT > SESSION receive view_sessions',
    'session: SESSION > CLIENT send sess_summary',
  ],
  evaluateAccepted: [
    'evaluation: CLIENT > EVALUATION receive evaluation_req',
    'evaluation: EVALUATION > SESSION send query_record',
    'session: EVALUATION > SESSION receive query_record',
    'session: SESSION > EVALUATION send eval_dto',
    'evaluation: SESSION > EVALUATION receive eval_dto',
    'evaluation: EVALUATION > CLIENT send req_accepted',
    'evaluation: EVALUATION > SESSION send update_session',
    'sessionUpdate: EVALUATION > SESSION send update_session',
    'session: EVALUATION > SESSION receive update_session',
  ],
  evaluateMissing: [
    'evaluation: CLIENT > EVALUATION receive evaluation_req',
    'evaluation: EVALUATION > SESSION send query_record',
    'session: EVALUATION > SESSION receive query_record',
    'session: SESSION > EVALUATION send sess_not_exists',
    'evaluation: SESSION > EVALUATION receive sess_not_exists',
    'evaluation: EVALUATION > CLIENT send req_rejected',
  ],
  evaluateBadToken: [
    'evaluation: CLIENT > EVALUATION receive evaluation_req',
    'evaluation: EVALUATION > CLIENT send req_rejected',
  ],
  save: [
    'session: CLIENT > SESSION receive save_session',
    'session: SESSION > CLIENT send req_accepted',
    'session: SESSION > STORAGE send archive_data',
    'storageRecord: SESSION > STORAGE send archive_data',
    'storage: SESSION > STORAGE receive archive_data',
  ],
  saveRejected: [
    'session: CLIENT > SESSION receive save_session',
    'session: SESSION > CLIENT send req_rejected',
  ],
  viewExperiments: [
    'storage: CLIENT > STORAGE receive view_experiments',
    'storage: STORAGE > CLIENT send storage_summary',
  ],
} as const;
