/**
 * Child process: one of our models on one binary pair, one device and one threads column,
 * following the shared protocol (a fresh process per run: its first fit is the cold one, and peak
 * RSS and crashes stay per run).
 *
 *   node --expose-gc --import tsx benchmarks/ours/runner.ts --model M --device cpu --threads 1 \
 *     --train PREFIX --test PREFIX [--repeats 3] [--warm-budget 20] [--lib-root DIR --lib-ext ts|js]
 *
 * With `--lib-root dist --lib-ext js` the parent runs a transpiled copy of this file without tsx,
 * so the cold fit (worker threads included) is what a user's compiled script sees.
 */
import { availableParallelism } from 'node:os';
import {
  childArgs,
  childMain,
  emitLoaded,
  loadPair,
  runTrials,
  stateBytes,
  threadsArg,
  trialArgs,
} from '../lib/protocol.js';
import type { ModelName } from '../lib/schema.js';
import { convergenceNote, importLib, type LibRoot, loadOurModel, ourParams, SOURCE_ROOT } from './models.js';

await childMain(async () => {
  const a = childArgs(process.argv.slice(2));
  const model = a.model as ModelName;
  const device = a.device ?? 'cpu';
  const threads = threadsArg(a);
  const root: LibRoot = a['lib-root']
    ? { dir: a['lib-root'], ext: a['lib-ext'] === 'js' ? 'js' : 'ts' }
    : SOURCE_ROOT;
  const Ctor = await loadOurModel(model, root);
  const params = ourParams(model, Ctor, threads, availableParallelism());
  if (threads === '1') {
    // One thread for the implicit pools too (LogisticRegression's cross-entropy rows).
    const worker = await importLib(root, 'core/worker');
    (worker.setThreadCap as (n: number) => void)(1);
  }
  // Load the device's backend (tfjs, wasm binary, GPU adapter) before the data and the timed fits.
  const devices = await importLib(root, 'core/devices');
  await (devices.getBackend as (d: string) => Promise<unknown>)(device);
  const data = loadPair(model, a.train!, a.test!);
  const { train } = data;
  const Xtr = { rows: train.rows, cols: train.d, data: train.X };
  emitLoaded(data);
  await runTrials(
    data,
    () => {
      const m = new Ctor(params);
      m.setUp({}, device);
      return {
        fit: async () => {
          await m.fit(Xtr, train.y);
        },
        predict: async (test) =>
          (await m.predict({ rows: test.rows, cols: test.d, data: test.X })) as number[],
        note: () => convergenceNote(m),
        modelBytes: () => stateBytes(m.saveCheckpoint()),
      };
    },
    trialArgs(a),
  );
});
