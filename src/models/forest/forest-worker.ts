/**
 * Forest worker thread: receives the shared job once (workerData; the binned matrix lives in a
 * SharedArrayBuffer), then grows the trees it is asked for and transfers their arrays back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ForestJob, growForestTree } from './forest-tree.js';

const job = workerData as ForestJob;

parentPort?.on('message', (msg: { tree: number }) => {
  try {
    const a = growForestTree(job, msg.tree).toArrays();
    parentPort?.postMessage({ tree: msg.tree, arrays: a }, [
      a.feature.buffer,
      a.threshold.buffer,
      a.left.buffer,
      a.right.buffer,
      a.value.buffer,
      a.impurity.buffer,
      a.nSamples.buffer,
    ] as ArrayBuffer[]);
  } catch (e) {
    parentPort?.postMessage({ tree: msg.tree, error: e instanceof Error ? e.message : String(e) });
  }
});
