/**
 * Generates values a ParamSpec must reject, from the spec itself: wrong types, non-integers for
 * ints, values just past each bound (and exactly on an exclusive bound), NaN / Infinity, strings
 * outside the options, null where not nullable.
 */
import { checkParam, type ParamSpec } from '../../core/params.js';

const BOGUS = 'definitely-not-a-valid-option';

export function invalidValues(spec: ParamSpec): unknown[] {
  const out: unknown[] = [];
  if (!spec.nullable) out.push(null);
  switch (spec.type) {
    case 'int':
    case 'float': {
      out.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, BOGUS, true, [1]);
      if (spec.min !== undefined) {
        out.push(spec.minExclusive ? spec.min : spec.type === 'int' ? spec.min - 1 : spec.min - 0.5);
        out.push(spec.min - 1000);
      }
      if (spec.max !== undefined) {
        out.push(spec.maxExclusive ? spec.max : spec.type === 'int' ? spec.max + 1 : spec.max + 0.5);
        out.push(spec.max + 1000);
      }
      if (spec.type === 'int') {
        const base = spec.min !== undefined ? Math.floor(spec.min) + 1 : 1;
        out.push(base + 0.5);
      }
      break;
    }
    case 'bool':
      out.push('true', 1, 0);
      break;
    case 'string':
      out.push(42, true);
      if (spec.options?.length) out.push(BOGUS, String(spec.options[0]).toUpperCase() + '_');
      break;
    case 'object':
      out.push(42, BOGUS, true, [1, 2]);
      break;
  }
  // Keep only values the contract itself rejects (e.g. a string option accepted by a numeric spec).
  return out.filter((v) => checkParam(spec, v) !== null);
}

/** A readable form of a value for test names (NaN, Infinity, strings quoted). */
export function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}
