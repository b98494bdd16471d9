/**
 * Pagination of GET /admin/logs: records in time order (timestamp, then seq), `limit` per page
 * (default DEFAULT_LOG_PAGE, at most MAX_LOG_PAGE); when more remain, the answer carries an
 * `x-next-cursor` header whose value, passed back as `cursor`, gives the next page. A cursor names
 * the last record returned (`<timestamp>-<seq>`), so pages stay stable while records are appended.
 */
import type { StoredEvent } from '../eventsourcing/types.js';

export const DEFAULT_LOG_PAGE = 1000;
export const MAX_LOG_PAGE = 10_000;
export const CURSOR_PATTERN = '^[0-9]{1,16}-[0-9]{1,16}$';

export interface LogCursor {
  readonly timestamp: number;
  readonly seq: number;
}

export function parseCursor(cursor: string | undefined): LogCursor | null {
  if (!cursor) return null;
  const [t, s] = cursor.split('-');
  return { timestamp: Number(t), seq: Number(s) };
}

export function formatCursor(e: { timestamp: number; seq: number }): string {
  return `${e.timestamp}-${e.seq}`;
}

/** The page of `events` (time ordered) after `cursor`, and the cursor of the next page (null: none). */
export function logPage<P>(
  events: readonly StoredEvent<P>[],
  cursor: LogCursor | null,
  limit = DEFAULT_LOG_PAGE,
): { page: StoredEvent<P>[]; next: string | null } {
  const after = cursor
    ? events.filter(
        (e) => e.timestamp > cursor.timestamp || (e.timestamp === cursor.timestamp && e.seq > cursor.seq),
      )
    : events;
  const page = after.slice(0, limit);
  const last = page[page.length - 1];
  return { page, next: after.length > limit && last ? formatCursor(last) : null };
}

/** The documented response headers of a GET /admin/logs page (name -> schema). */
export const LOG_PAGE_HEADERS = {
  'x-next-cursor': {
    type: 'string',
    pattern: CURSOR_PATTERN,
    description: 'Set when more records remain: pass it as `cursor` for the next page',
  },
};
