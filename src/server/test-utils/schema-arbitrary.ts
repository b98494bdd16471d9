/**
 * fast-check arbitraries generated from the JSON Schemas of an OpenAPI document: values that
 * satisfy a schema (enums, types, bounds, required / optional properties, patterns), the same with
 * one mutation (a field dropped, replaced by any JSON value, or an unknown field added), and junk.
 * Small by construction (short strings and arrays), so that a fuzz run stays fast.
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

const SPECIAL_TEXT = ['', 'Infinity', '-Infinity', 'NaN', '1e400', '-1', '0', '0x10', '1.5', 'null', 'true'];

/** Values satisfying `schema` (as far as these keywords go: enum, type, bounds, properties, items, pattern). */
export function valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 1 });
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [String(schema.type)]
      : [];
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((t) => ofType(t, schema, depth)));
}

function ofType(type: string, s: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': {
      if (typeof s.pattern === 'string') {
        const max = Math.min(Number(s.maxLength ?? 64), 64);
        return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= max && x.length >= 1);
      }
      return fc.string({ maxLength: Math.min(Number(s.maxLength ?? 16), 16) });
    }
    case 'integer': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000;
      const max = typeof s.maximum === 'number' ? Math.min(s.maximum, min + 1e6) : min + 2000;
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'number': {
      const lo = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
      const hi = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
      return fc
        .double({ min: lo ?? -1e6, max: hi ?? 1e6, noNaN: true, noDefaultInfinity: true })
        .filter(
          (x) =>
            (s.exclusiveMinimum === undefined || x > (s.exclusiveMinimum as number)) &&
            (s.exclusiveMaximum === undefined || x < (s.exclusiveMaximum as number)),
        );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(s.items as Schema | undefined, depth + 1), {
        maxLength: Math.min(Number(s.maxItems ?? 3), 3),
      });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const names = Object.keys(props);
      if (names.length === 0) {
        return fc.dictionary(
          fc.string({ maxLength: 8 }),
          valid(s.additionalProperties as Schema, depth + 1),
          {
            maxKeys: 3,
          },
        );
      }
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const n of names) record[n] = valid(props[n], depth + 1);
      return fc.record(record, {
        requiredKeys: ((s.required ?? []) as string[]).filter((r) => names.includes(r)),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A copy of `value` with one mutation at a random place. */
export function mutate(value: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat(), fc.constantFrom('drop', 'replace', 'extra'), fc.jsonValue({ maxDepth: 2 }))
    .map(([pick, how, junk]) => {
      const copy = structuredClone(value);
      const containers: Record<string, unknown>[] = [];
      const walk = (v: unknown) => {
        if (v && typeof v === 'object') {
          containers.push(v as Record<string, unknown>);
          for (const x of Object.values(v)) walk(x);
        }
      };
      walk(copy);
      if (containers.length === 0) return junk;
      const c = containers[pick % containers.length] as Record<string, unknown>;
      const keys = Object.keys(c);
      const k = keys.length ? (keys[pick % keys.length] as string) : 'x';
      if (how === 'drop') delete c[k];
      else if (how === 'replace') c[k] = junk;
      else c[`unknown_${pick % 7}`] = junk;
      return copy;
    });
}

/** Valid values mostly, mutated ones often, plain junk sometimes. */
export function fuzzValue(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const ok = valid(schema);
  return fc.oneof(
    { weight: 4, arbitrary: ok },
    { weight: 4, arbitrary: ok.chain(mutate) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Text for a query / path parameter: a valid value as text, a special number-ish text, or junk. */
export function fuzzText(schema: Schema | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: valid(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
    { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
  );
}
