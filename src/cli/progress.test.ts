import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../server/job-manager.js';
import { ProgressBar } from './progress.js';

const status = (state: JobStatus['state']): JobStatus => ({
  token: 't',
  kind: 'train',
  state,
  created_at: Date.now(),
  updated_at: Date.now(),
  error: null,
  elapsed_ms: 0,
});

describe('ProgressBar', () => {
  it('draws on a TTY and clears its line when stopped', () => {
    const out: string[] = [];
    const bar = new ProgressBar({ isTTY: true, write: (s: string) => out.push(s) }, 10);
    bar.update(status('queued'));
    bar.update(status('running'));
    bar.stop();
    const CLEAR = '\r\u001b[2K';
    expect(out[0]!.startsWith(CLEAR)).toBe(true);
    expect(out[0]!.slice(CLEAR.length)).toMatch(/^\[ {10}\] queued \d+\.\d s$/);
    expect(out[1]!.slice(CLEAR.length)).toMatch(/^\[ *====\s*\] running \d+\.\d s$/);
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing when the stream is not a TTY (pipes, files, --json scripts)', () => {
    const out: string[] = [];
    const bar = new ProgressBar({ isTTY: false, write: (s: string) => out.push(s) });
    bar.update(status('running'));
    bar.stop();
    expect(out).toEqual([]);
  });

  it('draws a determinate bar with the percentage once the fit reports progress', () => {
    const out: string[] = [];
    const bar = new ProgressBar({ isTTY: true, write: (s: string) => out.push(s) }, 10);
    bar.update(status('running'));
    bar.progress({ fraction: 0.42 });
    const CLEAR = '\r\u001b[2K';
    expect(out.at(-1)!.slice(CLEAR.length)).toMatch(/^\[==== {6}\] {2}42% running \d+\.\d s$/);
    // a late, smaller report never moves the bar back
    bar.progress({ fraction: 0.3 });
    expect(out.at(-1)!.slice(CLEAR.length)).toMatch(/^\[==== {6}\] {2}42% /);
    bar.update({ ...status('done'), progress: { fraction: 1 } });
    expect(out.at(-1)!.slice(CLEAR.length)).toMatch(/^\[={10}\] 100% done /);
    bar.stop();
  });

  it('stays silent off a TTY even with progress reports', () => {
    const out: string[] = [];
    const bar = new ProgressBar({ isTTY: false, write: (s: string) => out.push(s) });
    bar.progress({ fraction: 0.5 });
    bar.stop();
    expect(out).toEqual([]);
  });
});
