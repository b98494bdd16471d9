/**
 * Starts worker threads from a module that sits next to the caller, both when running compiled
 * JavaScript (dist/) and TypeScript sources (tests, benchmarks: loaded through tsx).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(callerUrl: string, basename: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${basename}${fromSource ? '.ts' : '.js'}`, callerUrl);
  const execArgv = fromSource ? [...(options.execArgv ?? []), '--import', 'tsx'] : options.execArgv;
  return new Worker(url, { ...options, execArgv });
}
