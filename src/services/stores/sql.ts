/**
 * SQL shared by the SQLite and PostgreSQL repositories: the row layout, row -> record, insert
 * values, and the list / patch statements (parameter placeholders given by the dialect).
 */
import { type ExperimentRecord, indexFields, type RecordFilter, type RecordPatch } from './types.js';

/** A stored row (`created_at` is a BIGINT string from pg, a number from SQLite). */
export interface RecordRow {
  id: string;
  created_at: string | number;
  status: string;
  train_data: string;
  eval_data: string;
  owner: string;
}

/** The columns of both tables, in insert order (see `recordValues`). */
export const RECORD_COLUMNS =
  'id, created_at, status, dataset_name, model_name, train_data, eval_data, owner';

/** The owner given to records stored before accounts existed (the bootstrap admin's id). */
export const DEFAULT_OWNER = 'admin';

/** Placeholder of the i-th (1-based) statement parameter: `?` (SQLite) or `$i` (pg). */
export type Placeholder = (i: number) => string;

export function toRecord(r: RecordRow): ExperimentRecord {
  return {
    id: r.id,
    created_at: Number(r.created_at),
    status: r.status as ExperimentRecord['status'],
    train_data: JSON.parse(r.train_data),
    eval_data: JSON.parse(r.eval_data),
    owner: r.owner,
  };
}

/** The values of RECORD_COLUMNS for `record`. */
export function recordValues(record: ExperimentRecord): (string | number | null)[] {
  const f = indexFields(record);
  return [
    record.id,
    record.created_at,
    record.status,
    f.dataset,
    f.model,
    JSON.stringify(record.train_data),
    JSON.stringify(record.eval_data),
    record.owner,
  ];
}

/** `SELECT * FROM table` filtered, ordered by (created_at, id) and limited as `filter` says. */
export function listQuery(
  table: string,
  filter: RecordFilter,
  ph: Placeholder,
): { sql: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (column: string, op: string, v: string | number): void => {
    args.push(v);
    where.push(`${column} ${op} ${ph(args.length)}`);
  };
  if (filter.dataset !== undefined) add('dataset_name', '=', filter.dataset);
  if (filter.model !== undefined) add('model_name', '=', filter.model);
  if (filter.from !== undefined) add('created_at', '>=', filter.from);
  if (filter.to !== undefined) add('created_at', '<=', filter.to);
  if (filter.status !== undefined) add('status', '=', filter.status);
  if (filter.owner !== undefined) add('owner', '=', filter.owner);
  const sql = `SELECT * FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id${
    filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ''
  }`;
  return { sql, args };
}

/** The `SET` assignments of a patch and their parameters (empty when the patch changes nothing). */
export function patchSets(patch: RecordPatch, ph: Placeholder): { sets: string[]; args: string[] } {
  const sets: string[] = [];
  const args: string[] = [];
  if (patch.eval_data !== undefined) {
    args.push(JSON.stringify(patch.eval_data));
    sets.push(`eval_data = ${ph(args.length)}`);
  }
  if (patch.status !== undefined) {
    args.push(patch.status);
    sets.push(`status = ${ph(args.length)}`);
  }
  return { sets, args };
}
