/**
 * The seed's error log line, `| DATE: DD/MM/YYYY | TIME: HH:MM:SS | [ FLOW @ FUNCTION ] message`,
 * written to every sink (stderr and a file by default). Sinks are injectable so tests capture lines;
 * library code logs only through a Logger.
 */
import { appendFileSync } from 'node:fs';
import { ensurePrivateFile } from '../eventsourcing/private-files.js';

export type LogSink = (line: string) => void;

export interface Logger {
  /** One error line: `flow` is the worker type (REST, EVENT, TASK, ...), `fn` the function. */
  error(flow: string, fn: string, message: string): void;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats one line; `utc` picks UTC fields instead of local time. */
export function formatLogLine(date: Date, flow: string, fn: string, message: string, utc = false): string {
  const d = utc ? date.getUTCDate() : date.getDate();
  const mo = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const y = utc ? date.getUTCFullYear() : date.getFullYear();
  const h = utc ? date.getUTCHours() : date.getHours();
  const mi = utc ? date.getUTCMinutes() : date.getMinutes();
  const s = utc ? date.getUTCSeconds() : date.getSeconds();
  const oneLine = message.replace(/\r?\n/g, ' | ');
  return `| DATE: ${pad(d)}/${pad(mo)}/${y} | TIME: ${pad(h)}:${pad(mi)}:${pad(s)} | [ ${flow} @ ${fn} ] ${oneLine}`;
}

/**
 * A log sink writing each line to stderr.
 */
export function stderrSink(): LogSink {
  return (line) => {
    process.stderr.write(`${line}\n`);
  };
}

/** Appends lines to `file` (mode 0600; a missing folder is created 0700 on first write). */
export function fileSink(file: string): LogSink {
  let ready = false;
  return (line) => {
    if (!ready) {
      ensurePrivateFile(file, { privateParent: false });
      ready = true;
    }
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
  };
}

export interface LoggerOptions {
  readonly sinks: readonly LogSink[];
  readonly clock?: () => Date;
  readonly utc?: boolean;
}

/**
 * The platform's error logger: one line per error in AutoLearn's format (`| DATE: ... | TIME: ... |
 * [ FLOW @ FUNCTION ] message`) written to every sink (stderr, a file, your own).
 *
 * @example
 * ```ts
 * import { createLogger, stderrSink } from 'autolearn/services';
 *
 * const logger = createLogger({ sinks: [stderrSink()], utc: true });
 * logger.error('REST', 'train', 'dataset not found');
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const clock = options.clock ?? (() => new Date());
  return {
    error(flow, fn, message) {
      const line = formatLogLine(clock(), flow, fn, message, options.utc);
      for (const sink of options.sinks) {
        try {
          sink(line);
        } catch {
          // A failing sink (full disk, closed stream) must not break the caller or the other sinks.
        }
      }
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { error() {} };
