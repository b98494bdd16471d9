import type { Matrix } from '../../core/matrix.js';
import type { DecisionValues } from '../base.js';

/** The flat values of a decisionFunction result: (n,) as it is, a matrix row-major. */
export function decisionData(d: DecisionValues): Float64Array {
  return d instanceof Float64Array ? d : d.data;
}

/** A decisionFunction result as a matrix (n x 1 for the binary (n,) shape). */
export function decisionMatrix(d: DecisionValues): Matrix {
  return d instanceof Float64Array ? { rows: d.length, cols: 1, data: d } : d;
}
