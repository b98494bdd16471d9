/**
 * Child process: one ml.js model on one CSV pair, following the shared protocol.
 * `node --import tsx benchmarks/mljs/runner.ts --model M --train A.csv --test B.csv`
 */
import { childArgs, childMain, emit, loadPair, repeatsArg, runTrials } from '../lib/protocol.js';
import type { ModelName } from '../lib/schema.js';
import { mljsTrial } from './adapters.js';

await childMain(async () => {
  const a = childArgs(process.argv.slice(2));
  const model = a.model as ModelName;
  const data = loadPair(model, a.train!, a.test!);
  const make = await mljsTrial(model, data);
  if (!make) throw new Error(`ml.js has no equivalent of ${model}`);
  emit({ ev: 'loaded', n_train: data.train.rows, n_test: data.test.rows, d: data.train.d });
  await runTrials(data, make, repeatsArg(a));
});
