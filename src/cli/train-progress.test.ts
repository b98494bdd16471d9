/**
 * `autolearn train` on a TTY: the progress bar becomes determinate (a percentage) from the fit's
 * progress reports, in-process and against a server (SSE); `--json` output stays the job status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AutolearnServer, createServer } from '../server/app.js';
import { silentLogger } from '../services/logger.js';
import { type CliIo, run } from './run.js';

let dir: string;
let server: AutolearnServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-cli-progress-'));
  server = await createServer({ dataDir: join(dir, 'server'), poolSize: 2, logger: silentLogger, env: {} });
  base = await server.listen(0);
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

function io(tty: boolean): { io: CliIo; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        f(String(chunk));
        cb();
      },
    });
  const stderr = Object.assign(
    sink((s) => {
      err += s;
    }),
    { isTTY: tty },
  );
  return {
    io: {
      stdin: new PassThrough(),
      stdout: sink((s) => {
        out += s;
      }),
      stderr,
      env: {},
      cwd: dir,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const args = [
  'train',
  '--dataset',
  'iris',
  '--model',
  'RandomForestClassifier',
  '--param',
  'nEstimators=3000',
  '--param',
  'nJobs=1',
];

/** Percentages drawn by the bar (the determinate form `[====    ]  42% running`). */
function percentages(stderr: string): number[] {
  return [...stderr.matchAll(/\] +(\d+)% running/g)].map((m) => Number(m[1]));
}

describe('autolearn train progress bar', () => {
  it('in-process: a determinate bar with a percentage between 0 and 100 on a TTY', async () => {
    const t = io(true);
    const code = await run([...args, '--data-dir', join(dir, 'local')], t.io);
    expect(code, t.stderr()).toBe(0);
    const pct = percentages(t.stderr());
    expect(pct.some((p) => p > 0 && p < 100)).toBe(true);
    for (let i = 1; i < pct.length; i++) expect(pct[i]).toBeGreaterThanOrEqual(pct[i - 1]!);
    expect(t.stdout()).toMatch(/done/);
  });

  it('--server: the bar follows the SSE progress events', async () => {
    const t = io(true);
    const code = await run([...args, '--server', base, '--data-dir', join(dir, 'server')], t.io);
    expect(code, t.stderr()).toBe(0);
    expect(percentages(t.stderr()).some((p) => p > 0 && p < 100)).toBe(true);
  });

  it('--json without a TTY: no bar, stdout is the job status without a progress field', async () => {
    const t = io(false);
    const code = await run([...args, '--server', base, '--data-dir', join(dir, 'server'), '--json'], t.io);
    expect(code, t.stderr()).toBe(0);
    expect(t.stderr()).toBe('');
    const s = JSON.parse(t.stdout());
    expect(s.state).toBe('done');
    expect(Object.keys(s).sort()).toEqual(
      ['created_at', 'elapsed_ms', 'error', 'kind', 'state', 'token', 'updated_at'].sort(),
    );
  });
});
