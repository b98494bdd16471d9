/**
 * Child process: one ml.js model on one binary pair, following the shared protocol.
 * `node --import tsx benchmarks/mljs/runner.ts --model M --train PREFIX --test PREFIX`
 */
import { childArgs, childMain, emitLoaded, loadPair, runTrials, trialArgs } from '../lib/protocol.js';
import type { ModelName } from '../lib/schema.js';
import { mljsTrial } from './adapters.js';

await childMain(async () => {
  const a = childArgs(process.argv.slice(2));
  const model = a.model as ModelName;
  const data = loadPair(model, a.train!, a.test!);
  const make = await mljsTrial(model, data);
  if (!make) throw new Error(`ml.js has no equivalent of ${model}`);
  emitLoaded(data);
  await runTrials(data, make, trialArgs(a));
});
