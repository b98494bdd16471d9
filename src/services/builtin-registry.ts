import { registerBuiltins } from '../catalog/builtins.js';
import { globalRegistry, type Registry } from '../catalog/registry.js';

/**
 * The process-wide registry with the built-in models, datasets and metrics added (models registered
 * there by the application appear in the catalog too; to train them, also give the platform a
 * `workerSetup` module that registers them inside the worker threads).
 */
export function builtinRegistry(): Registry {
  return registerBuiltins(globalRegistry);
}
