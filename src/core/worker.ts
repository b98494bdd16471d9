/**
 * Starts worker threads from a module that sits next to the caller, both when running compiled
 * JavaScript (dist/) and TypeScript sources (tests, benchmarks: loaded through tsx).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(callerUrl: string, basename: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${basename}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(url, options);
  // Node 20 loads a worker's entry module before `--import` hooks given in execArgv run (the .ts
  // entry then fails with ERR_UNKNOWN_FILE_EXTENSION), so register tsx first, then import the entry.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
