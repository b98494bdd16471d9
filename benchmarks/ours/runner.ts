/**
 * Child process: one of our models on one CSV pair and one device, following the shared protocol
 * (a process per run isolates peak RSS and crashes).
 * `node --import tsx benchmarks/ours/runner.ts --model M --device cpu --train A.csv --test B.csv`
 */
import { getBackend } from '../../src/core/devices.js';
import type { Matrix } from '../../src/core/matrix.js';
import { childArgs, childMain, emit, loadPair, repeatsArg, runTrials } from '../lib/protocol.js';
import type { ModelName } from '../lib/schema.js';
import { convergenceNote, loadOurModel, ourParams } from './models.js';

await childMain(async () => {
  const a = childArgs(process.argv.slice(2));
  const model = a.model as ModelName;
  const device = a.device ?? 'cpu';
  const Ctor = await loadOurModel(model);
  const params = ourParams(model, Ctor);
  const data = loadPair(model, a.train!, a.test!);
  const Xtr: Matrix = { rows: data.train.rows, cols: data.train.d, data: data.train.X };
  const Xte: Matrix = { rows: data.test.rows, cols: data.test.d, data: data.test.X };
  // Load the device's backend (tfjs, wasm binary, GPU adapter) before the timed fits.
  await getBackend(device);
  // Likewise start the library's worker-thread pool (RandomForest nJobs > 1 reuses it across fits
  // in a process): starting a thread from TypeScript sources (tsx) costs ~1 s, which is tsx
  // start-up, not library work. A small untimed fit on the first training rows does it.
  if (typeof params.nJobs === 'number' && params.nJobs > 1) {
    const n = Math.min(data.train.rows, 1000);
    const warm = new Ctor({ ...params, nEstimators: params.nJobs });
    warm.setUp({}, device);
    const Xw: Matrix = { rows: n, cols: data.train.d, data: data.train.X.subarray(0, n * data.train.d) };
    await warm.fit(Xw, Array.from(data.train.y).slice(0, n)).catch(() => undefined);
  }
  emit({ ev: 'loaded', n_train: data.train.rows, n_test: data.test.rows, d: data.train.d });
  await runTrials(
    data,
    () => {
      const m = new Ctor(params);
      m.setUp({}, device);
      return {
        fit: async () => {
          await m.fit(Xtr, data.train.y);
        },
        predict: async () => (await m.predict(Xte)) as number[],
        note: () => convergenceNote(m),
      };
    },
    repeatsArg(a),
  );
});
