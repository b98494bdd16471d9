/**
 * Worker thread of the cross-entropy pool: holds a row range of shared X / y / weights per session
 * and answers evaluations of the fused cpu kernel on it.
 */
import { parentPort } from 'node:worker_threads';
import { type CeProblem, crossEntropySum } from '../core/kernels/reference/linear-loss.js';

interface LoadMsg {
  type: 'load';
  session: number;
  X: SharedArrayBuffer;
  y: SharedArrayBuffer;
  sw: SharedArrayBuffer | null;
  n: number;
  d: number;
  k: number;
  fitIntercept: boolean;
  start: number;
  end: number;
}
interface EvalMsg {
  type: 'eval';
  session: number;
  seq: number;
  w: Float64Array;
  grad: boolean;
}
interface DropMsg {
  type: 'drop';
  session: number;
}

const MAX_SESSIONS = 4;
const sessions = new Map<number, CeProblem>();

parentPort?.on('message', (msg: LoadMsg | EvalMsg | DropMsg) => {
  if (msg.type === 'load') {
    const { d, start, end } = msg;
    sessions.set(msg.session, {
      X: new Float64Array(msg.X, start * d * 8, (end - start) * d),
      n: end - start,
      d,
      y: new Int32Array(msg.y, start * 4, end - start),
      k: msg.k,
      fitIntercept: msg.fitIntercept,
      sampleWeight: msg.sw ? new Float64Array(msg.sw, start * 8, end - start) : undefined,
    });
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as number);
  } else if (msg.type === 'drop') {
    sessions.delete(msg.session);
  } else {
    const p = sessions.get(msg.session);
    if (!p) {
      parentPort?.postMessage({ seq: msg.seq, error: `unknown session ${msg.session}` });
      return;
    }
    const grad = msg.grad ? new Float64Array(msg.w.length) : null;
    const value = crossEntropySum(p, msg.w, grad);
    parentPort?.postMessage({ seq: msg.seq, value, grad }, grad ? [grad.buffer] : []);
  }
});
parentPort?.postMessage({ ready: true });
