/**
 * Worker setup for tests: the built-ins plus `HogModel`, whose fit keeps allocating memory it holds
 * on to (a runaway fit on a huge dataset, in miniature): the pool's heap limit must stop it.
 */
import { registerBuiltins } from '../../catalog/builtins.js';
import type { Registry } from '../../catalog/registry.js';
import type { ModelEntry } from '../../catalog/types.js';

export const HOG_MODEL: ModelEntry = {
  name: 'HogModel',
  task: 'classification',
  paramSpecs: [],
  learning: [{ loss: 'none', learningAlgorithm: 'none', hyperparams: [] }],
  create: () => ({}) as unknown as ReturnType<ModelEntry['create']>,
  fit: async () => {
    const held: number[][] = [];
    for (;;) {
      held.push(Array.from({ length: 1 << 16 }, (_, i) => i + held.length));
      if (held.length % 64 === 0) await new Promise((r) => setImmediate(r));
    }
  },
  load: () => {
    throw new Error('HogModel has no checkpoints');
  },
};

export default function setup(registry: Registry): Registry {
  registerBuiltins(registry);
  if (!registry.model(HOG_MODEL.name, HOG_MODEL.task)) registry.registerModel(HOG_MODEL);
  return registry;
}
