import { describe, expect, it } from 'vitest';
import { availableDevices, getBackend } from '../devices.js';
import { conformanceCases, runCase } from './conformance-cases.js';

// the host devices (cpu, wasm-simd) hold Float64Array tensors, not tfjs ones
const tfjsDevices = availableDevices().filter((d) => d.available && d.precision === 'float32');

describe.each(tfjsDevices.map((d) => [d.name] as const))('tfjs device %s', (name) => {
  it('leaks no tfjs tensor: every op result and intermediate is freed once the caller disposes', async () => {
    const b = await getBackend(name);
    const tf = (await import('@tensorflow/tfjs-core')) as typeof import('@tensorflow/tfjs-core') & {
      default?: typeof import('@tensorflow/tfjs-core');
    };
    const engine = tf.default ?? tf;
    const before = engine.memory().numTensors;
    // runCase disposes its inputs and outputs; any intermediate a kernel forgot would remain.
    for (const c of conformanceCases()) await runCase(b, c);
    expect(engine.memory().numTensors).toBe(before);
    const x = b.fromArray([1, 2, 3, 4], [2, 2]);
    expect(engine.memory().numTensors).toBe(before + 1);
    b.dispose(x);
    b.dispose(x); // disposing twice is harmless
    expect(engine.memory().numTensors).toBe(before);
  });
});
