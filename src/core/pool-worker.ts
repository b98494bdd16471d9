/** Entry of the pool's threads (see pool.ts): imports the task's module and runs its function. */
import type { PoolTask } from './pool.js';

// From TypeScript sources (tests, benchmarks) the task modules are .ts: register tsx's ESM hooks
// in this thread once (the CommonJS hook that loaded this file does not cover dynamic import()).
let hooks: Promise<unknown> | null = null;
function sourceHooks(): Promise<unknown> {
  hooks ??= import('tsx/esm/api').then((tsx) => tsx.register());
  return hooks;
}

export default async function run(task: PoolTask): Promise<unknown> {
  if (task.module.endsWith('.ts')) await sourceHooks();
  const mod = (await import(task.module)) as Record<string, unknown>;
  const fn = mod[task.fn];
  if (typeof fn !== 'function') throw new Error(`${task.module} exports no function ${task.fn}`);
  return await (fn as (arg: unknown) => unknown)(task.arg);
}

/** The no-op task of pool.ts's warmUp. */
export function ping(): null {
  return null;
}
