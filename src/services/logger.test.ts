import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, fileSink, formatLogLine } from './logger.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-log-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('error log line', () => {
  it("formats the seed's line with zero-padded date and time", () => {
    const d = new Date(Date.UTC(2024, 0, 5, 3, 4, 9));
    expect(formatLogLine(d, 'TASK', 'training.train', 'boom', true)).toBe(
      '| DATE: 05/01/2024 | TIME: 03:04:09 | [ TASK @ training.train ] boom',
    );
    const local = new Date(2023, 10, 30, 23, 59, 58);
    expect(formatLogLine(local, 'REST', 'f', 'x')).toBe(
      '| DATE: 30/11/2023 | TIME: 23:59:58 | [ REST @ f ] x',
    );
    expect(formatLogLine(d, 'EVENT', 'g', 'two\nlines', true)).toBe(
      '| DATE: 05/01/2024 | TIME: 03:04:09 | [ EVENT @ g ] two | lines',
    );
  });

  it('writes every line to every sink, also to a file; a failing sink does not stop the others', () => {
    const file = join(tmp, 'sub', 'autolearn.log');
    const captured: string[] = [];
    const logger = createLogger({
      sinks: [
        () => {
          throw new Error('disk full');
        },
        (l) => captured.push(l),
        fileSink(file),
      ],
      clock: () => new Date(Date.UTC(2025, 11, 31, 12, 0, 0)),
      utc: true,
    });
    logger.error('TASK', 'evaluation.evaluate', 'first');
    logger.error('REST', 'session.save', 'second');
    expect(captured).toEqual([
      '| DATE: 31/12/2025 | TIME: 12:00:00 | [ TASK @ evaluation.evaluate ] first',
      '| DATE: 31/12/2025 | TIME: 12:00:00 | [ REST @ session.save ] second',
    ]);
    expect(readFileSync(file, 'utf8')).toBe(`${captured.join('\n')}\n`);
  });
});
