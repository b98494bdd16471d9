/** Worker setup module for tests: registers only the test model and dataset. */
import type { Registry } from '../../catalog/registry.js';
import { registerTiny } from '../../catalog/test-utils/tiny.js';

export default function setup(registry: Registry): Registry {
  return registerTiny(registry);
}
