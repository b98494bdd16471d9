/**
 * Request bounds of the HTTP server, installed on the Fastify instance before any route:
 *
 * - JSON bodies: at most `bodyLimit` bytes (413), `maxBodyDepth` levels of nesting and
 *   `maxBodyElements` values (400), checked by one linear scan of the raw text BEFORE it is parsed,
 *   so no deep or huge value ever reaches the schema validator, the services or a worker.
 * - URLs longer than `maxUrlLength` characters: 414 (the HTTP parser itself answers 431 past 16 KiB
 *   of request line + headers).
 * - Schema validation without coercion of bodies (the OpenAPI document is the contract: a string is
 *   never read as a number, `[0.3]` never as 0.3, `true` never as 1); query and path parameters are
 *   text by nature and are read as numbers only where the document says `integer` / `number`,
 *   finite ones only. Unknown fields are rejected everywhere (body and query), naming the field.
 *   Validation stops at the first error, and the message lists at most `MAX_SCHEMA_ERRORS`.
 * - Every documented route also documents the bound statuses (400, 404, 413, 414, 415, 429, 431, 500,
 *   503).
 */
import type { Ajv as AjvType, ErrorObject } from 'ajv';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { importOptional } from '../core/optional-dependency.js';
import { errorSchema, type JsonSchema } from './schemas.js';

/** Default nesting depth of a JSON body (a training request needs 6). */
export const DEFAULT_MAX_BODY_DEPTH = 32;
/** Default count of values (scalars, objects, arrays) in a JSON body. */
export const DEFAULT_MAX_BODY_ELEMENTS = 20_000;
/** Default longest URL (path + query), in characters. */
export const DEFAULT_MAX_URL_LENGTH = 4096;
/** Schema errors named in one 400 message (the rest are counted). */
export const MAX_SCHEMA_ERRORS = 5;

export interface RequestBounds {
  readonly maxBodyDepth?: number;
  readonly maxBodyElements?: number;
  readonly maxUrlLength?: number;
}

/** A request broke one of the bounds above; `statusCode` is its HTTP status. */
export class RequestBoundError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBoundError';
  }
}

/**
 * Checks the nesting depth and the value count of JSON text without parsing it (strings skipped);
 * throws RequestBoundError. Linear time, constant stack.
 */
export function checkJsonBounds(text: string, maxDepth: number, maxElements: number): void {
  let depth = 0;
  let elements = 0;
  let inString = false;
  let sawValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      if (!sawValue) elements++;
      sawValue = true;
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) {
        throw new RequestBoundError(
          400,
          'body_too_deep',
          `the JSON body is nested more than ${maxDepth} levels deep (maxBodyDepth)`,
        );
      }
      elements++;
      sawValue = false;
    } else if (c === 125 || c === 93) {
      depth--;
      sawValue = true;
    } else if (c === 44 || c === 58) {
      sawValue = false;
    } else if (c > 32 && !sawValue) {
      elements++; // the first character of a number / true / false / null
      sawValue = true;
    }
    if (elements > maxElements) {
      throw new RequestBoundError(
        400,
        'body_too_large',
        `the JSON body has more than ${maxElements} values (maxBodyElements)`,
      );
    }
  }
}

/** One line per schema error (at most MAX_SCHEMA_ERRORS, then a count), naming unknown fields. */
export function formatSchemaErrors(errors: readonly ErrorObject[], where: string): string {
  const shown = errors.slice(0, MAX_SCHEMA_ERRORS).map((e) => {
    const at = `${where}${e.instancePath}`;
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties')
      return `${at} has an unknown field '${String(p.additionalProperty)}' (unknown fields are rejected)`;
    if (e.keyword === 'enum') return `${at} must be one of ${JSON.stringify(p.allowedValues)}`;
    return `${at} ${e.message ?? 'is invalid'}`;
  });
  const more = errors.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

/** A decimal number as text: what a query / path parameter documented as a number may be. */
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/**
 * A validator for query / path parameters (text by nature): a parameter the schema types as
 * `integer` / `number` is read as a number when it is a finite decimal (`Infinity`, `NaN`, `1e400`,
 * `0x10` stay text and fail), then the schema is checked without any other coercion.
 */
function textValidator(ajv: AjvType, schema: JsonSchema) {
  const validate = ajv.compile(schema);
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const numeric = Object.keys(props).filter(
    (k) => props[k]?.type === 'integer' || props[k]?.type === 'number',
  );
  const check = (data: unknown): boolean => {
    if (data && typeof data === 'object') {
      const o = data as Record<string, unknown>;
      for (const k of numeric) {
        const v = o[k];
        if (typeof v !== 'string' || !DECIMAL.test(v)) continue;
        const n = Number(v);
        if (Number.isFinite(n)) o[k] = n;
      }
    }
    const ok = validate(data);
    check.errors = validate.errors;
    return ok;
  };
  check.errors = null as typeof validate.errors;
  return check;
}

const COMMON_ERRORS = [400, 404, 413, 414, 415, 429, 431, 500, 503] as const;

/** Adds the bound statuses to a route's documented responses (the route's own ones win). */
export function withBoundResponses(
  response: Record<string, JsonSchema> | undefined,
): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const code of COMMON_ERRORS) out[String(code)] = errorSchema;
  return { ...out, ...(response ?? {}) };
}

/**
 * Installs the body parser, the validators, the error formatter, the URL bound and the documented
 * bound statuses. Call it on a fresh instance, before any route is added.
 */
export async function installRequestBounds(app: FastifyInstance, bounds: RequestBounds = {}): Promise<void> {
  const { Ajv } = await importOptional('ajv', 'request validation in the HTTP server', () => import('ajv'));
  const maxDepth = bounds.maxBodyDepth ?? DEFAULT_MAX_BODY_DEPTH;
  const maxElements = bounds.maxBodyElements ?? DEFAULT_MAX_BODY_ELEMENTS;
  const maxUrl = bounds.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH;

  const parseJson = app.getDefaultJsonParser('error', 'error');
  // JSON only: any other media type (text/plain included) is a 415
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    try {
      checkJsonBounds(text, maxDepth, maxElements);
    } catch (e) {
      done(e as Error, undefined);
      return;
    }
    parseJson(req, text, done);
  });

  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    strictNumbers: true,
    useDefaults: false,
    coerceTypes: false,
    removeAdditional: false,
  });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? ajv.compile(schema as object) : textValidator(ajv, schema as JsonSchema),
  );
  app.setSchemaErrorFormatter((errors, dataVar) => {
    const e = new Error(formatSchemaErrors(errors as ErrorObject[], dataVar));
    return e;
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (req.url.length > maxUrl) {
      throw new RequestBoundError(
        414,
        'uri_too_long',
        `the URL is ${req.url.length} characters long; at most ${maxUrl} (maxUrlLength)`,
      );
    }
  });

  app.addHook('onRoute', (r: RouteOptions) => {
    if ((r.config as { hidden?: boolean } | undefined)?.hidden) return;
    const schema = (r.schema ?? {}) as { response?: Record<string, JsonSchema> };
    r.schema = { ...schema, response: withBoundResponses(schema.response) };
  });
}
