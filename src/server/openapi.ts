/** OpenAPI 3 document built from the Fastify routes' own schemas, and a small static docs page. */
import type { RouteOptions } from 'fastify';
import type { JsonSchema } from './schemas.js';

export interface RouteDoc {
  readonly method: string;
  readonly url: string;
  readonly summary?: string;
  readonly schema?: {
    body?: JsonSchema;
    querystring?: JsonSchema;
    params?: JsonSchema;
    response?: Record<string, JsonSchema>;
    headers?: JsonSchema;
  };
  readonly security?: boolean;
  /** Stable operation name (default: method + path words, e.g. postSessionsTokenEvaluate). */
  readonly operationId?: string;
  /** Groups in Swagger UI (default: the path's first segment, e.g. 'sessions'). */
  readonly tags?: readonly string[];
  /** A valid request body, shown and sent by Swagger UI's "Try it out". */
  readonly bodyExample?: unknown;
  /** Response headers per status: name -> {description, schema}. */
  readonly headers?: Record<string, Record<string, { description: string; schema: JsonSchema }>>;
}

export function routeDoc(r: RouteOptions): RouteDoc | null {
  const cfg = (r.config ?? {}) as {
    summary?: string;
    admin?: boolean;
    auth?: boolean;
    hidden?: boolean;
    responseHeaders?: RouteDoc['headers'];
    operationId?: string;
    tags?: readonly string[];
    bodyExample?: unknown;
  };
  if (cfg.hidden) return null;
  const methods = Array.isArray(r.method) ? r.method : [r.method];
  const method = methods.find((m) => m !== 'HEAD');
  if (!method) return null;
  return {
    method: method.toLowerCase(),
    url: r.url,
    summary: cfg.summary,
    schema: r.schema as RouteDoc['schema'],
    security: cfg.auth || cfg.admin,
    headers: cfg.responseHeaders,
    operationId: cfg.operationId,
    tags: cfg.tags,
    bodyExample: cfg.bodyExample,
  };
}

const params = (where: 'path' | 'query', s: JsonSchema | undefined) => {
  if (!s) return [];
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const req = (s.required ?? []) as string[];
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || req.includes(name),
    schema,
  }));
};

/** `post /sessions/:token/evaluate` -> `postSessionsTokenEvaluate` (unique per method and path). */
function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((w) => w !== '')
    .map((w) =>
      w
        .replace(/^:/, '')
        .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
    );
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/**
 * The OpenAPI 3.1 document of a set of routes (their JSON schemas become the request and response
 * schemas); the server publishes its own at `/openapi.json`.
 *
 * @example
 * ```ts
 * import { buildOpenApi } from 'autolearn/server';
 *
 * const doc = buildOpenApi([], { title: 'my API', version: '1.0.0' });
 * console.log(JSON.stringify(doc).slice(0, 60));
 * ```
 */
export function buildOpenApi(routes: readonly RouteDoc[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [code, schema] of Object.entries(r.schema?.response ?? {})) {
      if (schema.content) {
        // a Fastify content-type map: { content: { 'media/type': { schema } } } is OpenAPI's own shape
        responses[code] = {
          description: code.startsWith('2') ? 'success' : 'error',
          content: schema.content,
        };
        continue;
      }
      responses[code] = {
        description: code.startsWith('2') ? 'success' : 'error',
        ...(r.headers?.[code] ? { headers: r.headers[code] } : {}),
        content: {
          [code === '200' && r.url.endsWith('/events') ? 'text/event-stream' : 'application/json']: {
            schema,
          },
        },
      };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'success' };
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId ?? operationIdOf(r.method, r.url),
      tags: [...(r.tags ?? [r.url.split('/')[1] || 'server'])],
      summary: r.summary,
      parameters: [...params('path', r.schema?.params), ...params('query', r.schema?.querystring)],
      ...(r.schema?.body
        ? {
            requestBody: {
              required: true,
              content: r.schema.body.content ?? {
                'application/json': {
                  schema: r.schema.body,
                  ...(r.bodyExample === undefined ? {} : { example: r.bodyExample }),
                },
              },
            },
          }
        : {}),
      responses,
      ...(r.security ? { security: [{ apiKey: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`autolearn admin users create NAME`) or the admin key file',
        },
      },
    },
  };
}

/** A self-contained page (no CDN) listing every operation of /openapi.json with its schemas. */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>autolearn API</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}
.op{border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.6em 1em}.m{font-weight:bold;text-transform:uppercase;
display:inline-block;width:4.5em}pre{background:#f6f8fa;padding:.6em;overflow:auto;font-size:12px}</style></head>
<body><h1>autolearn API</h1><p>Rendered from <a href="/openapi.json">/openapi.json</a>.</p><div id="ops"></div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const root=document.getElementById('ops');
  document.querySelector('h1').textContent=doc.info.title+' '+doc.info.version;
  for(const [path,ops] of Object.entries(doc.paths)){for(const [m,op] of Object.entries(ops)){
    const d=document.createElement('div');d.className='op';
    const h=document.createElement('div');h.innerHTML='<span class="m"></span> <code></code> <span></span>';
    h.children[0].textContent=m;h.children[1].textContent=path;h.children[2].textContent=op.summary||'';
    d.appendChild(h);
    const add=(t,o)=>{if(!o)return;const det=document.createElement('details');const s=document.createElement('summary');
      s.textContent=t;const p=document.createElement('pre');p.textContent=JSON.stringify(o,null,2);det.append(s,p);d.appendChild(det);};
    if(op.parameters&&op.parameters.length)add('parameters',op.parameters);
    if(op.requestBody)add('request body',op.requestBody.content['application/json'].schema);
    add('responses',op.responses);root.appendChild(d);}}
});
</script></body></html>
`;
