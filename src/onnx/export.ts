/**
 * ONNX export of every built-in classifier, with its preprocessing (the Dataset's scaler), using the
 * ONNX-ML operators the way scikit-learn's converters (skl2onnx) use them:
 *   SVC                      -> SVMClassifier (libsvm's one-vs-one layout, Platt prob_a/prob_b)
 *   LinearSVC, Logistic...   -> LinearClassifier (+ Normalizer L1 for one-vs-rest probabilities)
 *   DecisionTree, RandomForest -> TreeEnsembleClassifier (leaf distributions, divided by nTrees)
 *   GaussianNB               -> standard math ops (joint log-likelihood, ArgMax, Softmax), in double
 *   scaler                   -> Scaler; probabilities also as ZipMap (seq(map)) when asked
 *
 * The graph takes `input` (float, N x nFeatures, raw features when a scaler is embedded) and answers
 * `label` (N; int64 for integer class labels, else string) and `probabilities` (float N x nClasses)
 * for models with probabilities; an SVC without probabilities answers `scores` (SVMClassifier's
 * pairwise decision values) instead. Built from the checkpoint alone (no private model state).
 */
import type { Label } from '../core/data.js';
import { type Checkpoint, parseCheckpoint } from '../models/base.js';
import { OnnxExportError } from './errors.js';
import { ElemType, type ElemTypeCode, GraphBuilder } from './graph.js';

/** The Dataset's fitted scaler: y = x * scale + offset per feature (src/datasets/scalers.ts). */
export interface ScalerState {
  readonly kind?: string;
  readonly scale: readonly number[];
  readonly offset: readonly number[];
  /** A MinMaxScaler that clips: not expressible as an affine map (export refuses it). */
  readonly clip?: boolean;
}

export interface OnnxExportOptions {
  /** Preprocessing applied to raw rows before the model (exported as an ONNX-ML Scaler). */
  readonly scaler?: ScalerState | null;
  /**
   * Imputation before the scaler: per input column, the fill of a missing (NaN) cell, NaN for none
   * (exported as Where(IsNaN(x), fill, x)).
   */
  readonly impute?: readonly number[] | null;
  /**
   * Element type of `input` (default 'double': numpy's and JavaScript's numbers). Trees and
   * GaussianNB then compute in double end to end (bit-identical splits); SVMClassifier and
   * LinearClassifier compute in float whatever the input.
   */
  readonly inputType?: 'float' | 'double';
  /** Also answer `output_probability` through ZipMap (a sequence of {label: probability} maps). */
  readonly zipMap?: boolean;
  /** Feature names, kept in the model's metadata (`feature_names`, comma-separated JSON). */
  readonly featureNames?: readonly string[];
  /** Producer version written in the model (default: unknown). */
  readonly producerVersion?: string;
  /** Extra metadata entries (e.g. the experiment id). */
  readonly metadata?: Record<string, string>;
}

/** The graph's value names. */
export const ONNX_NAMES = {
  input: 'input',
  label: 'label',
  probabilities: 'probabilities',
  scores: 'scores',
  zipMap: 'output_probability',
} as const;

export interface ClassLabels {
  readonly type: ElemTypeCode;
  readonly ints?: number[];
  readonly strings?: string[];
}

/** Integer labels export as int64, anything else (strings, non-integer numbers) as strings. */
export function classLabels(classes: readonly Label[]): ClassLabels {
  if (classes.every((c) => typeof c === 'number' && Number.isSafeInteger(c))) {
    return { type: ElemType.INT64, ints: classes as number[] };
  }
  return { type: ElemType.STRING, strings: classes.map(String) };
}

function labelAttrs(
  labels: ClassLabels,
  intsName = 'classlabels_ints',
): Record<string, { ints: number[] } | { strings: string[] }> {
  return labels.ints
    ? { [intsName]: { ints: labels.ints } }
    : { classlabels_strings: { strings: labels.strings! } };
}

/** What a model converter produced: the label and probabilities (or scores) value names. */
interface Heads {
  readonly label: string;
  readonly probabilities?: string;
  readonly scores?: string;
}

/** A converter gets the input value, its element type, and the scaler (to apply itself). */
interface ConvertInput {
  readonly x: string;
  readonly type: ElemTypeCode;
  readonly scaler: ScalerState | null;
  readonly model: string;
}

type Converter = (g: GraphBuilder, input: ConvertInput, ck: Checkpoint, labels: ClassLabels) => Heads;

/** Serialized ONNX ModelProto for a fitted model (or its checkpoint). */
export function toOnnx(
  model: { saveCheckpoint(): Checkpoint } | Checkpoint | string,
  options: OnnxExportOptions = {},
): Uint8Array {
  const ck =
    typeof model === 'object' && model !== null && 'saveCheckpoint' in model
      ? model.saveCheckpoint()
      : parseCheckpoint(model);
  const convert = CONVERTERS[ck.model];
  if (!convert) {
    throw new OnnxExportError(
      ck.model,
      `no ONNX converter; exportable: ${Object.keys(CONVERTERS).join(', ')}`,
    );
  }
  const d = ck.nFeatures;
  const g = new GraphBuilder(`autolearn_${ck.model}`);
  const type = options.inputType === 'float' ? ElemType.FLOAT : ElemType.DOUBLE;
  g.input(ONNX_NAMES.input, { tensor: type, shape: ['N', d] });
  const scaler = options.scaler ?? null;
  if (scaler?.clip)
    throw new OnnxExportError(ck.model, 'a MinMaxScaler with clip: true has no ONNX Scaler form');
  if (scaler && (scaler.scale.length !== d || scaler.offset.length !== d)) {
    throw new OnnxExportError(ck.model, `the scaler has ${scaler.scale.length} features, the model ${d}`);
  }
  const labels = classLabels(ck.classes);
  let x: string = ONNX_NAMES.input;
  if (options.impute) {
    if (options.impute.length !== d)
      throw new OnnxExportError(
        ck.model,
        `the imputer has ${options.impute.length} features, the model ${d}`,
      );
    const [nan] = g.node('IsNaN', [x], 1);
    x = g.node('Where', [nan!, g.constant('fill', type, [d], options.impute), x], 1)[0]!;
  }
  const heads = convert(g, { x, type, scaler, model: ck.model }, ck, labels);
  const K = ck.classes.length;
  g.node('Identity', [heads.label], [ONNX_NAMES.label]);
  g.output(ONNX_NAMES.label, { tensor: labels.type, shape: ['N'] });
  if (heads.probabilities) {
    g.node('Identity', [heads.probabilities], [ONNX_NAMES.probabilities]);
    g.output(ONNX_NAMES.probabilities, { tensor: ElemType.FLOAT, shape: ['N', K] });
    if (options.zipMap) {
      g.ml('ZipMap', [heads.probabilities], [ONNX_NAMES.zipMap], labelAttrs(labels, 'classlabels_int64s'));
      g.output(ONNX_NAMES.zipMap, { seqMapKey: labels.type });
    }
  }
  if (heads.scores) {
    g.node('Identity', [heads.scores], [ONNX_NAMES.scores]);
    g.output(ONNX_NAMES.scores, { tensor: ElemType.FLOAT, shape: ['N', 'S'] });
  }
  const metadata: Record<string, string> = {
    model: ck.model,
    classes: JSON.stringify(ck.classes),
    params: JSON.stringify(ck.params),
    ...(options.featureNames ? { feature_names: JSON.stringify(options.featureNames) } : {}),
    ...(options.metadata ?? {}),
  };
  return g.toBytes({
    producerVersion: options.producerVersion ?? '0',
    docString: `autolearn ${ck.model} (${K} classes, ${d} features)${options.impute ? ' with its imputer' : ''}${options.scaler ? ' with its scaler' : ''}`,
    metadata,
  });
}

/** Float pipelines (SVMClassifier, LinearClassifier): the ONNX-ML Scaler (float out) as skl2onnx. */
function floatInput(g: GraphBuilder, input: ConvertInput): string {
  const s = input.scaler;
  if (!s) return input.x;
  // ours: x * scale + offset; ONNX-ML Scaler: (x - offset') * scale' -> offset' = -offset / scale
  return g.ml('Scaler', [input.x], 1, {
    scale: { floats: s.scale },
    offset: { floats: s.scale.map((sc, j) => -(s.offset[j] as number) / sc) },
  })[0]!;
}

/**
 * Double pipelines (trees, GaussianNB): x * scale + offset with standard ops in double, the very
 * arithmetic of the Dataset's scaler, so that a row on a split threshold goes the same way.
 */
function doubleInput(g: GraphBuilder, input: ConvertInput): string {
  let x = input.x;
  if (input.type !== ElemType.DOUBLE) x = g.node('Cast', [x], 1, { to: { i: ElemType.DOUBLE } })[0]!;
  const s = input.scaler;
  if (!s) return x;
  const d = s.scale.length;
  const [m] = g.node('Mul', [x, g.constant('scale', ElemType.DOUBLE, [d], s.scale)], 1);
  return g.node('Add', [m!, g.constant('offset', ElemType.DOUBLE, [d], s.offset)], 1)[0]!;
}

/** label = classes[argmax(p, axis 1)] (first maximum, as our predict). */
function argmaxLabel(g: GraphBuilder, p: string, labels: ClassLabels): string {
  const [idx] = g.node('ArgMax', [p], 1, { axis: { i: 1 }, keepdims: { i: 0 } });
  return gatherLabel(g, idx!, labels);
}

/** The class label at each (int64) index. */
function gatherLabel(g: GraphBuilder, idx: string, labels: ClassLabels): string {
  const table = labels.ints
    ? g.constant('classes', ElemType.INT64, [labels.ints.length], labels.ints)
    : g.constant('classes', ElemType.STRING, [labels.strings!.length], labels.strings!);
  return g.node('Gather', [table, idx], 1, { axis: { i: 0 } })[0]!;
}

/** libsvm's two-class vote: the first class when dec > 0, else the second (N x 1 dec -> N labels). */
function signLabel(g: GraphBuilder, dec: string, labels: ClassLabels): string {
  const [pos] = g.node('Greater', [dec, g.constant('zero', ElemType.DOUBLE, [], [0])], 1);
  const [second] = g.node('Not', [pos!], 1);
  const [i64] = g.node('Cast', [second!], 1, { to: { i: ElemType.INT64 } });
  const [flat] = g.node('Reshape', [i64!, g.constant('flat', ElemType.INT64, [1], [-1])], 1);
  return gatherLabel(g, flat!, labels);
}

// ---- converters ----

interface SVCStateView {
  kernel: string;
  gamma: number;
  degree: number;
  coef0: number;
  supportVectors: number[];
  nSupport: number[];
  svCoef: number[];
  rho: number[];
  probA: number[] | null;
  probB: number[] | null;
}

const svc: Converter = (g, input, ck, labels) => {
  const s = ck.state as SVCStateView;
  const p = ck.params as { breakTies?: boolean; probability?: boolean };
  if (s.kernel === 'precomputed') {
    throw new OnnxExportError(
      'SVC',
      "kernel 'precomputed' takes a Gram matrix, not features: nothing to export",
    );
  }
  if (p.breakTies && ck.classes.length > 2 && !s.probA) {
    throw new OnnxExportError(
      'SVC',
      'breakTies (argmax of the ovr decision) has no SVMClassifier equivalent',
    );
  }
  const withProba = s.probA !== null && s.probB !== null;
  const binary = ck.classes.length === 2;
  if (withProba && binary) {
    // labels from the decision value as SVC.predict does (scikit-learn's rule), not the Platt argmax
    const dec = svcDecisionDouble(g, doubleInput(g, input), s);
    return {
      label: signLabel(g, dec, labels),
      probabilities: binaryPlatt(g, dec, s.probA![0]!, s.probB![0]!),
    };
  }
  const x = floatInput(g, input);
  // SVMClassifier scores a pair as sum(coef * K) + rho, libsvm as sum(coef * K) - rho: pass -rho.
  const [vote, z] = g.ml('SVMClassifier', [x], 2, {
    kernel_type: { s: s.kernel.toUpperCase() },
    kernel_params: { floats: [s.gamma, s.coef0, s.degree] },
    vectors_per_class: { ints: s.nSupport },
    support_vectors: { floats: s.supportVectors },
    coefficients: { floats: s.svCoef },
    rho: { floats: s.rho.map((r) => -r) },
    ...(withProba ? { prob_a: { floats: s.probA! }, prob_b: { floats: s.probB! } } : {}),
    ...labelAttrs(labels),
    post_transform: { s: 'NONE' },
  });
  // SVMClassifier's label is always the ovo vote: SVC.predict's label, probabilities or not.
  if (withProba) return { label: vote!, probabilities: z! };
  return { label: vote!, scores: z! };
};

/**
 * Two classes with probabilities. SVMClassifier would couple the single pairwise sigmoid with
 * libsvm's iterative multiclass solver (whose tolerance answers 0.5/0.5 near the boundary) where
 * libsvm takes the sigmoid itself, and it computes kernels in float (1e-4 off on a cubic kernel):
 * so the decision value is built in double from standard ops, dec = K(x, SV) . coef - rho.
 */
function svcDecisionDouble(g: GraphBuilder, x: string, s: SVCStateView): string {
  const nSV = s.nSupport.reduce((a, b) => a + b, 0);
  const d = s.supportVectors.length / Math.max(nSV, 1);
  const svT = new Float64Array(d * nSV);
  for (let i = 0; i < nSV; i++) for (let j = 0; j < d; j++) svT[j * nSV + i] = s.supportVectors[i * d + j]!;
  const dbl = (stem: string, dims: number[], v: ArrayLike<number>) =>
    g.constant(stem, ElemType.DOUBLE, dims, v);
  const [dot] = g.node('MatMul', [x, dbl('sv_t', [d, nSV], svT)], 1); // N x nSV
  let K: string;
  if (s.kernel === 'linear') K = dot!;
  else if (s.kernel === 'rbf') {
    // |x - sv|^2 = |x|^2 - 2 x.sv + |sv|^2
    const svNorm = new Float64Array(nSV);
    for (let i = 0; i < nSV; i++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += s.supportVectors[i * d + j]! ** 2;
      svNorm[i] = t;
    }
    const [x2] = g.node('Mul', [x, x], 1);
    const [xn] = g.node('ReduceSum', [x2!, g.constant('axes', ElemType.INT64, [1], [1])], 1, {
      keepdims: { i: 1 },
    });
    const [m2] = g.node('Mul', [dot!, dbl('minus_two', [], [-2])], 1);
    const [a] = g.node('Add', [m2!, xn!], 1);
    const [dist] = g.node('Add', [a!, dbl('sv_norm', [nSV], svNorm)], 1);
    const [e] = g.node('Mul', [dist!, dbl('minus_gamma', [], [-s.gamma])], 1);
    K = g.node('Exp', [e!], 1)[0]!;
  } else {
    const [gd] = g.node('Mul', [dot!, dbl('gamma', [], [s.gamma])], 1);
    const [t] = g.node('Add', [gd!, dbl('coef0', [], [s.coef0])], 1);
    K =
      s.kernel === 'poly'
        ? g.node('Pow', [t!, dbl('degree', [], [s.degree])], 1)[0]!
        : g.node('Tanh', [t!], 1)[0]!;
  }
  const [sum] = g.node('MatMul', [K, dbl('coef', [nSV, 1], s.svCoef.slice(0, nSV))], 1); // N x 1
  return g.node('Sub', [sum!, dbl('rho', [], [s.rho[0]!])], 1)[0]!;
}

/** libsvm's two-class probability: p0 = 1 / (1 + exp(dec A + B)) clipped to [1e-7, 1 - 1e-7], p1 = 1 - p0. */
function binaryPlatt(g: GraphBuilder, dec: string, A: number, B: number): string {
  const dbl = (stem: string, v: number) => g.constant(stem, ElemType.DOUBLE, [], [v]);
  const [fa] = g.node('Mul', [dec, dbl('minus_prob_a', -A)], 1);
  const [f] = g.node('Sub', [fa!, dbl('prob_b', B)], 1);
  const [p0] = g.node('Sigmoid', [f!], 1);
  const [c0] = g.node('Clip', [p0!, dbl('min_prob', 1e-7), dbl('max_prob', 1 - 1e-7)], 1);
  const [c1] = g.node('Sub', [dbl('one', 1), c0!], 1);
  const [p] = g.node('Concat', [c0!, c1!], 1, { axis: { i: 1 } });
  return g.node('Cast', [p!], 1, { to: { i: ElemType.FLOAT } })[0]!;
}

/** Shared by LogisticRegression and LinearSVC: one LinearClassifier, probabilities by post-transform. */
function linear(
  g: GraphBuilder,
  x: string,
  coef: readonly number[],
  intercept: readonly number[],
  labels: ClassLabels,
  transform: 'LOGISTIC' | 'SOFTMAX',
  normalize: boolean,
): Heads {
  const [label, z] = g.ml('LinearClassifier', [x], 2, {
    coefficients: { floats: coef },
    intercepts: { floats: intercept },
    multi_class: { i: 0 },
    ...labelAttrs(labels),
    post_transform: { s: transform },
  });
  if (!normalize) return { label: label!, probabilities: z! };
  const [p] = g.ml('Normalizer', [z!], 1, { norm: { s: 'L1' } });
  return { label: label!, probabilities: p! };
}

const logistic: Converter = (g, input, ck, labels) => {
  const x = floatInput(g, input);
  const s = ck.state as { mode: 'binary' | 'multinomial' | 'ovr'; coef: number[][]; intercept: number[] };
  if (s.mode === 'multinomial') return linear(g, x, s.coef.flat(), s.intercept, labels, 'SOFTMAX', false);
  return linear(g, x, s.coef.flat(), s.intercept, labels, 'LOGISTIC', s.mode === 'ovr');
};

const linearSvc: Converter = (g, input, ck, labels) => {
  const x = floatInput(g, input);
  const s = ck.state as { coef: number[]; intercept: number[] };
  // our predictProba: sigmoid of the score (2 classes), normalized sigmoids one-vs-rest (more)
  return linear(g, x, s.coef, s.intercept, labels, 'LOGISTIC', s.intercept.length > 1);
};

interface TreeStateView {
  nClasses: number;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

function trees(
  g: GraphBuilder,
  input: ConvertInput,
  list: readonly TreeStateView[],
  labels: ClassLabels,
  K: number,
): Heads {
  const n = {
    treeids: [] as number[],
    nodeids: [] as number[],
    featureids: [] as number[],
    values: [] as number[],
    modes: [] as string[],
    truenodeids: [] as number[],
    falsenodeids: [] as number[],
  };
  const c = {
    treeids: [] as number[],
    nodeids: [] as number[],
    ids: [] as number[],
    weights: [] as number[],
  };
  // trees compare Math.fround(x) <= threshold (scikit-learn's float32 convention): round the
  // (scaled) input to float32 and back, so the double thresholds see exactly the values ours see
  const [f32] = g.node('Cast', [doubleInput(g, input)], 1, { to: { i: ElemType.FLOAT } });
  const x = g.node('Cast', [f32!], 1, { to: { i: ElemType.DOUBLE } })[0]!;
  const w = 1 / list.length;
  list.forEach((t, ti) => {
    for (let i = 0; i < t.feature.length; i++) {
      const leaf = (t.left[i] as number) < 0;
      n.treeids.push(ti);
      n.nodeids.push(i);
      n.featureids.push(leaf ? 0 : (t.feature[i] as number));
      n.values.push(leaf ? 0 : (t.threshold[i] as number));
      n.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      n.truenodeids.push(leaf ? 0 : (t.left[i] as number));
      n.falsenodeids.push(leaf ? 0 : (t.right[i] as number));
      if (!leaf) continue;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += t.value[i * K + k] as number;
      for (let k = 0; k < K; k++) {
        c.treeids.push(ti);
        c.nodeids.push(i);
        c.ids.push(k);
        c.weights.push(sum > 0 ? ((t.value[i * K + k] as number) / sum) * w : 0);
      }
    }
  });
  const [label, p] = g.ml('TreeEnsembleClassifier', [x], 2, {
    nodes_treeids: { ints: n.treeids },
    nodes_nodeids: { ints: n.nodeids },
    nodes_featureids: { ints: n.featureids },
    nodes_values_as_tensor: { tensor: { type: ElemType.DOUBLE, values: n.values } },
    nodes_modes: { strings: n.modes },
    nodes_truenodeids: { ints: n.truenodeids },
    nodes_falsenodeids: { ints: n.falsenodeids },
    nodes_missing_value_tracks_true: { ints: n.treeids.map(() => 0) },
    class_treeids: { ints: c.treeids },
    class_nodeids: { ints: c.nodeids },
    class_ids: { ints: c.ids },
    class_weights_as_tensor: { tensor: { type: ElemType.DOUBLE, values: c.weights } },
    ...labelAttrs(labels, 'classlabels_int64s'),
    post_transform: { s: 'NONE' },
  });
  void label;
  // TreeEnsembleClassifier breaks two-class ties towards the second class, ours (and
  // scikit-learn's argmax) towards the first: the label is the first maximum of the probabilities.
  return { label: argmaxLabel(g, p!, labels), probabilities: p! };
}

const tree: Converter = (g, input, ck, labels) =>
  trees(g, input, [(ck.state as { tree: TreeStateView }).tree], labels, ck.classes.length);

const forest: Converter = (g, input, ck, labels) =>
  trees(g, input, (ck.state as { trees: TreeStateView[] }).trees, labels, ck.classes.length);

/**
 * GaussianNB as skl2onnx's converter builds it from standard ops: jll = logConst - sum_j
 * (x_j - theta_cj)^2 / (2 var_cj), label = argmax jll, probabilities = softmax(jll). Computed in
 * double (the joint log-likelihoods are large and close; float would lose the 1e-5 agreement).
 */
const gaussianNb: Converter = (g, input, ck, labels) => {
  const s = ck.state as { theta: number[]; var: number[]; classPrior: number[] };
  const K = ck.classes.length;
  const d = ck.nFeatures;
  const logConst = new Float64Array(K);
  const halfInv = new Float64Array(K * d);
  for (let c = 0; c < K; c++) {
    let t = 0;
    for (let j = 0; j < d; j++) {
      const v = s.var[c * d + j] as number;
      t += Math.log(2 * Math.PI) + Math.log(v);
      halfInv[c * d + j] = 0.5 / v;
    }
    logConst[c] = Math.log(s.classPrior[c] as number) - 0.5 * t;
  }
  const xd = doubleInput(g, input);
  const axes1 = g.constant('axes', ElemType.INT64, [1], [1]);
  const [xe] = g.node('Unsqueeze', [xd, axes1], 1); // N x 1 x d
  const theta = g.constant('theta', ElemType.DOUBLE, [K, d], s.theta);
  const [diff] = g.node('Sub', [xe!, theta], 1); // N x K x d
  const [sq] = g.node('Mul', [diff!, diff!], 1);
  const [wsq] = g.node('Mul', [sq!, g.constant('half_inv_var', ElemType.DOUBLE, [K, d], halfInv)], 1);
  const axes2 = g.constant('axes', ElemType.INT64, [1], [2]);
  const [sum] = g.node('ReduceSum', [wsq!, axes2], 1, { keepdims: { i: 0 } }); // N x K
  const [jll] = g.node('Sub', [g.constant('log_const', ElemType.DOUBLE, [K], logConst), sum!], 1);
  const [pd] = g.node('Softmax', [jll!], 1, { axis: { i: 1 } });
  const [p] = g.node('Cast', [pd!], 1, { to: { i: ElemType.FLOAT } });
  return { label: argmaxLabel(g, jll!, labels), probabilities: p! };
};

const CONVERTERS: Record<string, Converter> = {
  SVC: svc,
  LinearSVC: linearSvc,
  LogisticRegression: logistic,
  DecisionTreeClassifier: tree,
  RandomForestClassifier: forest,
  GaussianNB: gaussianNb,
};

/** Model names `toOnnx` converts. */
export const ONNX_EXPORTABLE: readonly string[] = Object.keys(CONVERTERS);
