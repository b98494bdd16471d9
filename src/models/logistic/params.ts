/**
 * LogisticRegression hyper-parameters (the constraint table the catalog publishes) and the learning
 * hyper-parameters of each loss + algorithm pair (seed `learning_hyperparams`).
 */
import type { ParamSpec } from '../../core/params.js';
import { type ClassWeight, classWeightSpec } from '../class-weight.js';

export type LogisticSolver =
  | 'lbfgs'
  | 'liblinear'
  | 'newton-cg'
  | 'newton-cholesky'
  | 'sag'
  | 'saga'
  | 'sgd'
  | 'momentum'
  | 'adam';
export type LogisticPenalty = 'l1' | 'l2' | 'elasticnet' | 'none' | null;
export type LogisticClassWeight = ClassWeight;

export interface LogisticParams {
  readonly penalty: LogisticPenalty;
  readonly dual: boolean;
  readonly C: number;
  readonly fitIntercept: boolean;
  readonly interceptScaling: number;
  readonly classWeight: LogisticClassWeight;
  readonly multiClass: 'auto' | 'multinomial' | 'ovr';
  readonly solver: LogisticSolver;
  readonly tol: number;
  readonly maxIter: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly warmStart: boolean;
  readonly l1Ratio: number | null;
}

export const LOGISTIC_SOLVERS: readonly LogisticSolver[] = [
  'lbfgs',
  'liblinear',
  'newton-cg',
  'newton-cholesky',
  'sag',
  'saga',
  'sgd',
  'momentum',
  'adam',
];

/** The solvers that follow scikit-learn's exact algorithms (the others are autolearn's mini-batch optimizers). */
export const SKLEARN_SOLVERS: readonly LogisticSolver[] = [
  'lbfgs',
  'liblinear',
  'newton-cg',
  'newton-cholesky',
  'sag',
  'saga',
];

const maxIter: ParamSpec = {
  name: 'maxIter',
  type: 'int',
  default: 100,
  min: 1,
  description:
    'Maximum iterations (lbfgs, newton-cg, newton-cholesky, liblinear) or epochs over the training set (sag, saga, sgd, momentum, adam).',
};
const tol: ParamSpec = {
  name: 'tol',
  type: 'float',
  default: 1e-4,
  min: 0,
  description:
    'Stopping tolerance (scikit-learn): lbfgs / newton-cg stop when the largest gradient entry is <= tol (newton-cholesky: also the Newton decrement); sag / saga when an epoch changes no weight by more than tol x the largest weight; liblinear by its relative gradient rules; sgd/momentum/adam after 5 epochs whose mean loss improved by less than tol.',
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
  description:
    "Seed of the sample draws (sag, saga), of liblinear's dual coordinate order, and of the mini-batch shuffling (sgd, momentum, adam) (scikit-learn's random_state).",
};

export const LOGISTIC_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'penalty',
    type: 'string',
    default: 'l2',
    options: ['l2', 'l1', 'elasticnet', 'none'],
    nullable: true,
    description:
      "'l2' adds 0.5/C ||W||^2 to the objective, 'l1' (liblinear, saga) 1/C ||W||_1, 'elasticnet' (saga) 1/C (l1Ratio ||W||_1 + 0.5 (1 - l1Ratio) ||W||^2); 'none' / null fits without a penalty (not with liblinear). Intercepts are not penalized, except by liblinear (see interceptScaling).",
  },
  {
    name: 'dual',
    type: 'bool',
    default: false,
    description: "Solve the dual problem (liblinear with penalty 'l2' only), as scikit-learn.",
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
  {
    name: 'interceptScaling',
    type: 'float',
    default: 1,
    min: 0,
    minExclusive: true,
    description:
      'liblinear only: the intercept is the weight of a synthetic feature of this value, penalized like the others (a larger value weakens the penalty on the intercept).',
  },
  classWeightSpec("Per-class sample weights: null (all 1), 'balanced' (n / (k * count)) or {label: weight}."),
  {
    name: 'multiClass',
    type: 'string',
    default: 'auto',
    options: ['auto', 'multinomial', 'ovr'],
    description:
      "'multinomial': one softmax over all classes (not liblinear / newton-cholesky); 'ovr': one binary model per class; 'auto': 'ovr' for liblinear, newton-cholesky and 2 classes, multinomial otherwise (scikit-learn's rule).",
  },
  {
    name: 'solver',
    type: 'string',
    default: 'lbfgs',
    options: [...LOGISTIC_SOLVERS],
    description:
      "Optimizer: scikit-learn's lbfgs (default), liblinear, newton-cg, newton-cholesky, sag, saga (penalties: l1 with liblinear/saga, elasticnet with saga only), or autolearn's mini-batch sgd, momentum or adam (l2 / none).",
  },
  tol,
  maxIter,
  learningRate,
  batchSize,
  seed,
  {
    name: 'warmStart',
    type: 'bool',
    default: false,
    description:
      'Start a refit from the previous coefficients (every solver but liblinear, as scikit-learn; ignored when the shape changed).',
  },
  {
    name: 'l1Ratio',
    type: 'float',
    default: null,
    nullable: true,
    min: 0,
    max: 1,
    description: "Elastic-net mixing (penalty 'elasticnet' only): 0 = pure l2, 1 = pure l1.",
  },
];

/** Learning hyper-parameters accepted by fit(dataset, trainingParams) for each algorithm. */
export function learningSpecs(algorithm: LogisticSolver): readonly ParamSpec[] {
  if (algorithm === 'sag' || algorithm === 'saga' || algorithm === 'liblinear') return [maxIter, tol, seed];
  return (SKLEARN_SOLVERS as readonly string[]).includes(algorithm)
    ? [maxIter, tol]
    : [maxIter, tol, learningRate, batchSize, seed];
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
