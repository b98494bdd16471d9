/**
 * Worker setup for tests: the built-ins plus `CrashModel`, whose fit ends its worker thread abruptly
 * (process.exit inside a worker stops only that thread), standing in for a crashed training.
 */
import { registerBuiltins } from '../../catalog/builtins.js';
import type { Registry } from '../../catalog/registry.js';
import type { ModelEntry } from '../../catalog/types.js';

export const CRASH_MODEL: ModelEntry = {
  name: 'CrashModel',
  task: 'classification',
  paramSpecs: [],
  learning: [{ loss: 'none', learningAlgorithm: 'none', hyperparams: [] }],
  create: () => ({}) as unknown as ReturnType<ModelEntry['create']>,
  fit: async () => {
    process.exit(3);
  },
  load: () => {
    throw new Error('CrashModel has no checkpoints');
  },
};

export default function setup(registry: Registry): Registry {
  registerBuiltins(registry);
  if (!registry.model(CRASH_MODEL.name, CRASH_MODEL.task)) registry.registerModel(CRASH_MODEL);
  return registry;
}
