import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';

/** A fresh Registry holding the built-in models, datasets and metrics. */
export function builtinRegistry(): Registry {
  return registerBuiltins(new Registry());
}
