/**
 * Estimators as plain, structured-cloneable specs (class name + params, recursively for Pipelines
 * and ColumnTransformers), so worker threads can rebuild each candidate; and the local clone /
 * set-params helpers model selection uses.
 */
import { ParamError } from '../core/errors.js';
import { type ParamSpec, resolveParams } from '../core/params.js';
import { MODEL_CLASSES } from '../models/load-checkpoint.js';
import { ColumnTransformer } from '../preprocessing/column-transformer.js';
import { isTransformer, type Transformer } from '../preprocessing/data.js';
import { cloneStep, Pipeline, type PipelineStep, setStepParams } from '../preprocessing/pipeline.js';
import { transformerFromParams } from '../preprocessing/registry.js';

export type EstimatorSpec =
  | { readonly kind: 'model'; readonly type: string; readonly params: Record<string, unknown> }
  | { readonly kind: 'step'; readonly type: string; readonly params: Record<string, unknown> }
  | { readonly kind: 'pipeline'; readonly steps: readonly (readonly [string, EstimatorSpec])[] }
  | {
      readonly kind: 'columns';
      readonly entries: readonly (readonly [
        string,
        EstimatorSpec | 'passthrough' | 'drop',
        readonly (number | string)[],
      ])[];
      readonly remainder: 'drop' | 'passthrough';
      readonly featureNames: readonly string[] | null;
    };

const STEP_TYPES = new Set([
  'StandardScaler',
  'MinMaxScaler',
  'OneHotEncoder',
  'SimpleImputer',
  'ColumnSelector',
]);

/** The spec of an estimator, or null when it (or a step of it) is not a built-in class. */
export function specOf(est: object): EstimatorSpec | null {
  if (est instanceof Pipeline) {
    const steps: [string, EstimatorSpec][] = [];
    for (const [n, s] of est.steps) {
      const sp = specOf(s);
      if (!sp) return null;
      steps.push([n, sp]);
    }
    return { kind: 'pipeline', steps };
  }
  if (est instanceof ColumnTransformer) {
    const entries: [string, EstimatorSpec | 'passthrough' | 'drop', (number | string)[]][] = [];
    for (const [n, t, c] of est.transformers) {
      const sp = typeof t === 'string' ? t : specOf(t);
      if (!sp) return null;
      entries.push([n, sp, [...c]]);
    }
    return { kind: 'columns', entries, remainder: est.remainder, featureNames: est.featureNames };
  }
  const name = (est as { name?: unknown }).name;
  if (typeof name !== 'string') return null;
  if (isTransformer(est) && STEP_TYPES.has(name) && est.constructor.name === name) {
    return { kind: 'step', type: name, params: { ...est.getParams() } };
  }
  const Ctor = (MODEL_CLASSES as Record<string, unknown>)[name];
  if (Ctor && est.constructor === Ctor) {
    return {
      kind: 'model',
      type: name,
      params: { ...((est as { getParams(): object }).getParams() as Record<string, unknown>) },
    };
  }
  return null;
}

/** A new unfitted estimator from its spec. */
export function fromSpec(spec: EstimatorSpec): object {
  switch (spec.kind) {
    case 'model': {
      const Ctor = (MODEL_CLASSES as Record<string, new (p: object) => object>)[spec.type];
      if (!Ctor) throw new ParamError('estimator', spec.type, 'a built-in model', 'model selection');
      return new Ctor(spec.params);
    }
    case 'step':
      return transformerFromParams(spec.type, spec.params);
    case 'pipeline':
      return new Pipeline(spec.steps.map(([n, s]) => [n, fromSpec(s) as PipelineStep] as const));
    case 'columns':
      return new ColumnTransformer(
        spec.entries.map(
          ([n, s, c]) =>
            [n, typeof s === 'string' ? s : (fromSpec(s) as Transformer), c as number[]] as const,
        ),
        { remainder: spec.remainder, featureNames: spec.featureNames ?? undefined },
      );
  }
}

/**
 * Throws the ParamError a fit would throw for a bad or unknown parameter, without fitting: models
 * are checked against their ParamSpec table, Pipelines and ColumnTransformers step by step
 * (preprocessing steps already check in setParams).
 */
export function validateParams(est: object): void {
  if (est instanceof Pipeline) {
    for (const [, s] of est.steps) validateParams(s);
    return;
  }
  if (est instanceof ColumnTransformer) {
    for (const [, t] of est.transformers) if (typeof t !== 'string') validateParams(t);
    return;
  }
  const m = est as { paramSpecs?: readonly ParamSpec[]; getParams?: () => object; name?: string };
  if (Array.isArray(m.paramSpecs) && typeof m.getParams === 'function') {
    resolveParams(m.paramSpecs, m.getParams() as Record<string, unknown>, m.name ?? 'estimator');
  }
}

/** An unfitted copy of `est` with `params` set (scikit-learn's clone + set_params). */
export function cloneWith<T extends object>(est: T, params: Record<string, unknown>): T {
  const copy = cloneStep(est);
  if (Object.keys(params).length) setStepParams(copy, params);
  return copy;
}
