/**
 * What the job worker threads share: the registry built by a setup module (its default export,
 * `registerBuiltins` or `setup`, called with a fresh Registry) and the serializable form of an error.
 */
import { Registry } from '../catalog/registry.js';

type SetupFn = (registry: Registry) => unknown;

/** Imports `setup` (a module URL or path) and returns the registry its setup function fills. */
export async function registryFromSetup(setup: string): Promise<Registry> {
  const mod = (await import(setup)) as Record<string, unknown>;
  const fn = (mod.default ?? mod.registerBuiltins ?? mod.setup) as SetupFn | undefined;
  if (typeof fn !== 'function')
    throw new Error(`worker setup module ${setup} exports no registry setup function`);
  const registry = new Registry();
  await fn(registry);
  return registry;
}

/** An error as posted back to the main thread (`code` E_INTERNAL when the error has none). */
export interface WorkerError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

export function workerError(e: unknown): WorkerError {
  const err = e as Error & { code?: string };
  return {
    name: err?.name ?? 'Error',
    code: err?.code ?? 'E_INTERNAL',
    message: String(err?.message ?? e),
  };
}
