/* SVC: kernel support vector classification by libsvm's SMO (see svc.ts). */
export { type ClassWeight, resolveClassWeight } from '../class-weight.js';
export type { KernelName, KernelSpec } from './kernel.js';
export { multiclassProbability, sigmoidPredict, sigmoidTrain } from './platt.js';
export { type QMatrix, SvcQ } from './q-matrix.js';
export { type SmoOptions, type SmoResult, solveSmo } from './smo.js';
export { resolveGamma, SVC, SVC_PARAM_SPECS, type SVCParams, type SVCState } from './svc.js';
