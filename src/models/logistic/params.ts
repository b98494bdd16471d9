/**
 * LogisticRegression hyper-parameters (the constraint table the catalog publishes) and the learning
 * hyper-parameters of each loss + algorithm pair (seed `learning_hyperparams`).
 */
import type { ParamSpec } from '../../core/params.js';
import { type ClassWeight, classWeightSpec } from '../class-weight.js';

export type LogisticSolver = 'lbfgs' | 'sgd' | 'momentum' | 'adam';
export type LogisticClassWeight = ClassWeight;

export interface LogisticParams {
  readonly penalty: 'l2' | 'none';
  readonly C: number;
  readonly fitIntercept: boolean;
  readonly classWeight: LogisticClassWeight;
  readonly multiClass: 'auto' | 'multinomial' | 'ovr';
  readonly solver: LogisticSolver;
  readonly tol: number;
  readonly maxIter: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
}

export const LOGISTIC_SOLVERS: readonly LogisticSolver[] = ['lbfgs', 'sgd', 'momentum', 'adam'];

const maxIter: ParamSpec = {
  name: 'maxIter',
  type: 'int',
  default: 100,
  min: 1,
  description: 'Maximum iterations (lbfgs) or epochs over the training set (sgd, momentum, adam).',
};
const tol: ParamSpec = {
  name: 'tol',
  type: 'float',
  default: 1e-4,
  min: 0,
  description:
    'Stopping tolerance: lbfgs stops when the largest gradient entry is <= tol (scikit-learn); sgd/momentum/adam stop after 5 epochs whose mean loss improved by less than tol.',
};
const learningRate: ParamSpec = {
  name: 'learningRate',
  type: 'float',
  default: 0.01,
  min: 0,
  minExclusive: true,
  description: 'Step size of sgd, momentum and adam (ignored by lbfgs).',
};
const batchSize: ParamSpec = {
  name: 'batchSize',
  type: 'int',
  default: 32,
  min: 1,
  description: 'Mini-batch size of sgd, momentum and adam (ignored by lbfgs).',
};
const seed: ParamSpec = {
  name: 'seed',
  type: 'int',
  default: 0,
  min: 0,
  description: 'Seed of the mini-batch shuffling (sgd, momentum, adam).',
};

export const LOGISTIC_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'penalty',
    type: 'string',
    default: 'l2',
    options: ['l2', 'none'],
    description:
      "'l2' adds 0.5/C * ||W||^2 to the objective (intercepts are not penalized); 'none' fits without it.",
  },
  {
    name: 'C',
    type: 'float',
    default: 1.0,
    min: 0,
    minExclusive: true,
    description: 'Inverse regularization strength (smaller = stronger L2 penalty), as scikit-learn.',
  },
  { name: 'fitIntercept', type: 'bool', default: true, description: 'Learn one intercept per output.' },
  classWeightSpec("Per-class sample weights: null (all 1), 'balanced' (n / (k * count)) or {label: weight}."),
  {
    name: 'multiClass',
    type: 'string',
    default: 'auto',
    options: ['auto', 'multinomial', 'ovr'],
    description:
      "'multinomial': one softmax over all classes; 'ovr': one binary model per class; 'auto': a single sigmoid model for 2 classes, multinomial otherwise (scikit-learn's rule).",
  },
  {
    name: 'solver',
    type: 'string',
    default: 'lbfgs',
    options: [...LOGISTIC_SOLVERS],
    description: 'Optimizer: lbfgs (full batch, default), or mini-batch sgd, momentum or adam.',
  },
  tol,
  maxIter,
  learningRate,
  batchSize,
  seed,
];

/** Learning hyper-parameters accepted by fit(dataset, trainingParams) for each algorithm. */
export function learningSpecs(algorithm: LogisticSolver): readonly ParamSpec[] {
  return algorithm === 'lbfgs' ? [maxIter, tol] : [maxIter, tol, learningRate, batchSize, seed];
}

/** The seed's loss + learning algorithm pairs for LogisticRegression, with their hyper-parameters. */
export const LOGISTIC_LEARNING: readonly {
  readonly loss: string;
  readonly learningAlgorithm: LogisticSolver;
  readonly hyperparams: readonly ParamSpec[];
}[] = LOGISTIC_SOLVERS.map((a) => ({
  loss: 'cross_entropy',
  learningAlgorithm: a,
  hyperparams: learningSpecs(a),
}));
