/**
 * A second process for the data-dir lock tests: `open DIR` tries to open the job store and prints
 * the outcome as JSON; `hold DIR` opens it, leaves one job running, prints `ready` and waits to be
 * killed.
 */
import { JobStore } from '../job-store.js';

const [mode, dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: lock-child open|hold DIR');
try {
  const store = await JobStore.open(dir);
  if (mode === 'hold') {
    store.insert({
      token: 'child-job',
      kind: 'train',
      state: 'running',
      created_at: 1,
      updated_at: 1,
      error: null,
    });
    process.stdout.write('ready\n');
    setInterval(() => {}, 1000);
  } else {
    process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
    store.close();
  }
} catch (e) {
  const err = e as { name: string; pid?: number; message: string; code?: string };
  process.stdout.write(
    `${JSON.stringify({ ok: false, name: err.name, code: err.code, pid: err.pid, message: err.message })}\n`,
  );
  process.exitCode = 3;
}
