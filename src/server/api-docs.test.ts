/**
 * The API documentation as @fastify/swagger generates it and @fastify/swagger-ui serves it: every
 * example in the document validates (Ajv) against its own schema, and the server accepts the
 * documented /train example; operations are named and grouped; hidden routes stay out; Swagger UI's
 * assets come from the installed package (no CDN); without @fastify/swagger-ui `/docs` says so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.js';
import { installOpenApi, registerApiDocs } from './api-docs.js';
import { type AutolearnServer, createServer, TRAIN_EXAMPLE } from './app.js';

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: (Media & { name: string; in: string })[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media>; headers?: Record<string, Media> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
}

let dir: string;
let server: AutolearnServer;
let base: string;
let doc: Doc;
const admin = () => ({ authorization: `Bearer ${server.adminToken}` });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-docs-'));
  server = await createServer({ dataDir: dir, poolSize: 1, logger: silentLogger, env: {} });
  base = await server.listen(0);
  doc = (await (await fetch(`${base}/openapi.json`)).json()) as Doc;
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

interface Example {
  where: string;
  schema: Json;
  value: unknown;
}

/** Every example of the document with the schema it illustrates: media types, parameters, headers, and schemas' own `examples`. */
function examplesOf(d: Doc): Example[] {
  const found: Example[] = [];
  const ofSchema = (where: string, s: unknown) => {
    if (!s || typeof s !== 'object') return;
    if (Array.isArray(s)) {
      s.forEach((x, i) => {
        ofSchema(`${where}[${i}]`, x);
      });
      return;
    }
    const o = s as Json;
    if (Array.isArray(o.examples)) {
      o.examples.forEach((value, i) => {
        found.push({ where: `${where}.examples[${i}]`, schema: o, value });
      });
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'examples') ofSchema(`${where}.${k}`, v);
  };
  const ofMedia = (where: string, m: Media) => {
    if (!m.schema) return;
    if ('example' in m) found.push({ where: `${where}.example`, schema: m.schema, value: m.example });
    for (const [name, e] of Object.entries(m.examples ?? {}))
      found.push({ where: `${where}.examples.${name}`, schema: m.schema, value: e.value });
    ofSchema(`${where}.schema`, m.schema);
  };
  for (const [path, ops] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const at = `${method} ${path}`;
      for (const p of op.parameters ?? []) ofMedia(`${at} parameter ${p.name}`, p);
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) ofMedia(`${at} body ${type}`, m);
      for (const [code, r] of Object.entries(op.responses)) {
        for (const [type, m] of Object.entries(r.content ?? {})) ofMedia(`${at} ${code} ${type}`, m);
        for (const [name, h] of Object.entries(r.headers ?? {})) ofMedia(`${at} ${code} header ${name}`, h);
      }
    }
  }
  return found;
}

const ajv = new Ajv({ strict: false, allErrors: true });

describe('OpenAPI document (@fastify/swagger)', () => {
  it('every example validates against its own schema', () => {
    const examples = examplesOf(doc);
    const where = examples.map((e) => e.where);
    // the ones the routes document today (a new example is checked as well, wherever it is)
    expect(where).toEqual(
      expect.arrayContaining([
        'post /train body application/json.example',
        'post /sessions/{token}/predict body application/json.example',
        'post /sessions/{token}/predict body text/csv.example',
        'get /experiments/{token} 200 application/json.example',
        'post /experiments/{token}/predict 200 application/json.example',
        'get /experiments/{token}/model 200 application/json.schema.examples[0]',
        'get /experiments/{token}/model 200 application/octet-stream.schema.examples[0]',
      ]),
    );
    for (const e of examples) {
      const ok = ajv.validate(e.schema, e.value);
      expect(ajv.errors ?? [], e.where).toEqual([]);
      expect(ok, e.where).toBe(true);
    }
  });

  it('the check can fail: a broken /train example does not validate', () => {
    const body = doc.paths['/train']!.post!.requestBody!.content['application/json']!;
    expect(body.example).toEqual(TRAIN_EXAMPLE);
    const broken = structuredClone(TRAIN_EXAMPLE);
    broken.train_data.dataset.split_test = 2;
    expect(ajv.validate(body.schema!, broken)).toBe(false);
  });

  it('the server accepts the documented /train example (what "Try it out" sends): 202', async () => {
    const example = doc.paths['/train']!.post!.requestBody!.content['application/json']!.example;
    const res = await fetch(`${base}/train`, {
      method: 'POST',
      headers: { ...admin(), 'content-type': 'application/json' },
      body: JSON.stringify(example),
    });
    expect(res.status).toBe(202);
    const { token } = (await res.json()) as { token: string };
    expect((await server.jobs.waitFor(token))?.state).toBe('done');
  });

  it('names every operation uniquely, groups it by its first path segment, and documents security', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ path, method, op })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(20);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ops.length);
    for (const { path, method, op } of ops) {
      expect(op.operationId, `${method} ${path}`).toMatch(new RegExp(`^${method}[A-Z]`));
      expect(op.tags, `${method} ${path}`).toEqual([path.split('/')[1]]);
      expect(op.security, `${method} ${path}`).toEqual(path === '/health' ? undefined : [{ apiKey: [] }]);
    }
    expect(doc.paths['/train']!.post!.operationId).toBe('postTrain');
    expect(doc.paths['/train/{token}/events']!.get!.operationId).toBe('getTrainTokenEvents');
    expect(Object.keys(doc.paths['/train/{token}/events']!.get!.responses['200']!.content!)).toEqual([
      'text/event-stream',
    ]);
  });

  it('leaves hidden routes out: the docs, the document itself, the console', () => {
    const paths = Object.keys(doc.paths);
    for (const hidden of ['/openapi.json', '/docs', '/docs/json', '/docs/static/{*}', '/', '/assets/{*}'])
      expect(paths).not.toContain(hidden);
    expect(paths.filter((p) => p.startsWith('/docs'))).toEqual([]);
  });
});

describe('Swagger UI (@fastify/swagger-ui)', () => {
  it('is served at /docs without a key, its assets from the installed package (no CDN)', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toContain('/docs/static/swagger-ui-bundle.js');
    expect(sources.filter((s) => /^(https?:)?\/\//.test(s))).toEqual([]);
    const bundle = await fetch(`${base}/docs/static/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    const pkg = dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json'));
    expect(
      Buffer.from(await bundle.arrayBuffer()).equals(readFileSync(join(pkg, 'static/swagger-ui-bundle.js'))),
    ).toBe(true);
    // the UI loads the same document as /openapi.json
    expect(await (await fetch(`${base}/docs/json`)).json()).toEqual(doc);
    // public, but behind the Host allow-list like every route
    for (const url of ['/docs', '/docs/static/swagger-ui-bundle.js', '/docs/json']) {
      const res = await server.app.inject({ method: 'GET', url, headers: { host: 'evil.example' } });
      expect(res.statusCode, url).toBe(421);
    }
  });

  it('without @fastify/swagger-ui, /docs says how to install it', async () => {
    const app = Fastify();
    await installOpenApi(app);
    const missing = Object.assign(new Error("Cannot find package '@fastify/swagger-ui' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await registerApiDocs(app, () => Promise.reject(missing));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm install @fastify/swagger-ui');
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).json()).toMatchObject({
      openapi: '3.1.0',
    });
    await app.close();
  });
});
