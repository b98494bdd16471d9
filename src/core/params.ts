/**
 * ParamSpec: the declarative constraint table of every hyper-parameter. Models validate their params
 * against it at fit; the catalog publishes the very same table (rendered in the seed's schema).
 */
import { ParamError } from './errors.js';

export type ParamType = 'int' | 'float' | 'bool' | 'string' | 'object';
export type ParamOption = string | number | boolean | null;

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly default: unknown;
  readonly description: string;
  /** Lower bound (numbers). */
  readonly min?: number;
  /** Upper bound (numbers). */
  readonly max?: number;
  /** Bounds are exclusive when set. */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  /**
   * Allowed values. For type 'string' the value must be one of these. For numeric types these are
   * extra non-numeric values also accepted (e.g. gamma: 'scale' | 'auto' | float > 0).
   */
  readonly options?: readonly ParamOption[];
  /** `null` is accepted (e.g. maxDepth: null means unlimited). */
  readonly nullable?: boolean;
  /**
   * Type 'object' only: most entries the map may have (default MAX_OBJECT_ENTRIES). An object param
   * is always a FLAT map of key -> finite number (e.g. class label -> weight); `min` / `max` then
   * bound every entry's value.
   */
  readonly maxEntries?: number;
}

/** Default bound on the entries of an object param (a class-weight or prior map: one per class). */
export const MAX_OBJECT_ENTRIES = 1000;
/** Longest key of an object param's map. */
export const MAX_OBJECT_KEY_LENGTH = 256;

/** The seed's ParamSpec JSON shape: `{param_name, param_type, default, range_l, range_u, options[]}`. */
export interface SeedParamSpec {
  param_name: string;
  param_type: string;
  default: unknown;
  range_l: number | null;
  range_u: number | null;
  options: ParamOption[];
  description: string;
}

/**
 * A ParamSpec as the catalog's `param_spec` JSON (`param_name`, `param_type`, `default`, `range_l`,
 * `range_u`, `options`).
 */
export function toSeedParamSpec(s: ParamSpec): SeedParamSpec {
  return {
    param_name: s.name,
    param_type: s.type,
    default: s.default ?? null,
    range_l: s.min ?? null,
    range_u: s.max ?? null,
    options: [...(s.options ?? []), ...(s.nullable ? [null] : [])],
    description: s.description,
  };
}

/** Human-readable statement of what a spec allows, used in error messages. */
export function describeAllowed(s: ParamSpec): string {
  const parts: string[] = [];
  if (s.type === 'int' || s.type === 'float') {
    const lo = s.min === undefined ? '' : `${s.min} ${s.minExclusive ? '<' : '<='} `;
    const hi = s.max === undefined ? '' : ` ${s.maxExclusive ? '<' : '<='} ${s.max}`;
    parts.push(
      `${s.type === 'int' ? 'an integer' : 'a finite number'}${lo || hi ? ` with ${lo}x${hi}` : ''}`,
    );
  } else if (s.type === 'bool') parts.push('true or false');
  else if (s.type === 'object') {
    const lo = s.min === undefined ? '' : ` ${s.minExclusive ? '>' : '>='} ${s.min}`;
    const hi = s.max === undefined ? '' : ` ${s.maxExclusive ? '<' : '<='} ${s.max}`;
    parts.push(
      `a flat object of at most ${s.maxEntries ?? MAX_OBJECT_ENTRIES} entries {key: finite number${lo}${lo && hi ? ',' : ''}${hi}} (keys up to ${MAX_OBJECT_KEY_LENGTH} characters)`,
    );
  }
  if (s.options?.length) parts.push(`one of ${s.options.map((o) => JSON.stringify(o)).join(', ')}`);
  if (s.nullable) parts.push('null');
  return parts.join(', or ');
}

/**
 * Returns null when the value satisfies the spec, otherwise the allowed-values text.
 *
 * @example
 * ```ts
 * import { checkParam, type ParamSpec } from 'autolearn';
 *
 * const C: ParamSpec = { name: 'C', type: 'float', default: 1, min: 0, minExclusive: true, description: 'penalty' };
 * console.log(checkParam(C, 2), checkParam(C, -1)); // null 'a finite number with 0 < x'
 * ```
 */
export function checkParam(s: ParamSpec, value: unknown): string | null {
  if (value === null) return s.nullable ? null : describeAllowed(s);
  if (s.options?.includes(value as ParamOption)) return null;
  switch (s.type) {
    case 'bool':
      return typeof value === 'boolean' ? null : describeAllowed(s);
    case 'string':
      return typeof value === 'string' && !s.options?.length ? null : describeAllowed(s);
    case 'object':
      return checkFlatMap(s, value) ? null : describeAllowed(s);
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return describeAllowed(s);
      if (s.type === 'int' && !Number.isInteger(value)) return describeAllowed(s);
      return inBounds(s, value) ? null : describeAllowed(s);
    }
  }
}

function inBounds(s: ParamSpec, value: number): boolean {
  if (s.min !== undefined && (s.minExclusive ? value <= s.min : value < s.min)) return false;
  if (s.max !== undefined && (s.maxExclusive ? value >= s.max : value > s.max)) return false;
  return true;
}

/**
 * An object param's structure: a plain (non-array) object with at most `maxEntries` own keys, each
 * key short, each value a finite number within the spec's bounds. Never recurses, so a value nested
 * thousands of levels deep is rejected at its first level, in constant stack.
 */
function checkFlatMap(s: ParamSpec, value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const max = s.maxEntries ?? MAX_OBJECT_ENTRIES;
  let n = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (++n > max || key.length > MAX_OBJECT_KEY_LENGTH) return false;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !inBounds(s, v)) return false;
  }
  return true;
}

/**
 * Fills defaults and validates every given param; unknown names and bad values throw a ParamError
 * naming the parameter, the value and what is allowed.
 *
 * @example
 * ```ts
 * import { type ParamSpec, resolveParams } from 'autolearn';
 *
 * const specs: ParamSpec[] = [
 *   { name: 'depth', type: 'int', default: 3, min: 1, description: 'tree depth' },
 *   { name: 'mode', type: 'string', default: 'fast', options: ['fast', 'exact'], description: 'how' },
 * ];
 * const p = resolveParams<{ depth: number; mode: string }>(specs, { depth: 5 }, 'MyModel');
 * console.log(p); // { depth: 5, mode: 'fast' }
 * ```
 */
export function resolveParams<P>(specs: readonly ParamSpec[], given: object, owner: string): P {
  const out: Record<string, unknown> = {};
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key) && (given as Record<string, unknown>)[key] !== undefined) {
      throw new ParamError(
        key,
        (given as Record<string, unknown>)[key],
        `one of the known parameters ${[...known].join(', ')}`,
        owner,
      );
    }
  }
  for (const s of specs) {
    const raw = (given as Record<string, unknown>)[s.name];
    const value = raw === undefined ? s.default : raw;
    const bad = checkParam(s, value);
    if (bad !== null) throw new ParamError(s.name, value, bad, owner);
    out[s.name] = value;
  }
  return out as P;
}
