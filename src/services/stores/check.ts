import { ParamError } from '../../core/errors.js';
import type { ExperimentRecord, RecordPatch, RecordStatus } from './types.js';

const STATUSES: readonly RecordStatus[] = ['trained', 'evaluated', 'saved'];

/** Checks a record before it is written (typed ParamError naming the field). */
export function checkRecord(r: ExperimentRecord): void {
  if (typeof r !== 'object' || r === null) throw new ParamError('record', r, 'an experiment record');
  if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 200) {
    throw new ParamError('id', r.id, 'a non-empty string of at most 200 characters');
  }
  if (!Number.isSafeInteger(r.created_at) || r.created_at < 0)
    throw new ParamError('created_at', r.created_at, 'ms since the epoch');
  if (!STATUSES.includes(r.status)) throw new ParamError('status', r.status, STATUSES.join(', '));
  if (typeof r.owner !== 'string' || r.owner.length === 0 || r.owner.length > 200)
    throw new ParamError('owner', r.owner, 'a user id (non-empty string of at most 200 characters)');
  if (typeof r.train_data !== 'object' || r.train_data === null)
    throw new ParamError('train_data', r.train_data, 'an object');
  checkEval(r.eval_data);
}

export function checkPatch(p: RecordPatch): void {
  if (p.eval_data !== undefined) checkEval(p.eval_data);
  if (p.status !== undefined && !STATUSES.includes(p.status))
    throw new ParamError('status', p.status, STATUSES.join(', '));
}

function checkEval(e: unknown): void {
  if (!Array.isArray(e)) throw new ParamError('eval_data', e, 'an array of {metric_name, metric_value}');
  for (const m of e) {
    if (typeof m?.metric_name !== 'string' || typeof m?.metric_value !== 'number') {
      throw new ParamError('eval_data', m, '{metric_name: string, metric_value: number}');
    }
  }
}
