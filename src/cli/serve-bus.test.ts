import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

function io(env: Record<string, string | undefined> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return {
    io: { stdin: new PassThrough(), stdout, stderr, env, cwd: process.cwd() },
    out: () => out,
    err: () => err,
  };
}

describe('autolearn serve --bus (scale-out roles)', () => {
  it('delegates to the role runner: a bad role is a usage error (exit 2) naming the roles', async () => {
    const t = io();
    const code = await run(
      ['serve', '--bus', 'amqp://guest:guest@127.0.0.1:5672', '--role', 'nonsense'],
      t.io,
    );
    expect(code).toBe(2);
    expect(t.err()).toMatch(/--role must be one of api, session, training, evaluation/);
  });

  it('AUTOLEARN_BUS in the environment selects the role runner too', async () => {
    const t = io({ AUTOLEARN_BUS: 'amqp://guest:guest@127.0.0.1:5672', AUTOLEARN_ROLE: 'bogus' });
    expect(await run(['serve'], t.io)).toBe(2);
    expect(t.err()).toMatch(/--role must be one of/);
  });

  it('without a bus, serve stays the bundled HTTP server (its own role names)', async () => {
    const t = io();
    expect(await run(['serve', '--role', 'nonsense'], t.io)).toBe(2);
    expect(t.err()).toMatch(/--role must be one of all, catalog/);
  });
});
