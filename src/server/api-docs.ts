/**
 * Swagger UI at `/docs` for the document at `/openapi.json`, served from the `swagger-ui-dist`
 * package (no CDN: works offline). "Authorize" takes an API key; "Try it out" sends real requests
 * with the documented examples. Without swagger-ui-dist installed, `/docs` is a plain page that
 * lists every operation and its schemas. The routes are public and hidden from the document.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCS_HTML } from './openapi.js';

const SWAGGER_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>autolearn API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true,
  deepLinking: true, defaultModelsExpandDepth: 0, tryItOutEnabled: false });
</script></body></html>`;

/** The folder of swagger-ui-dist's files, or null when the package is not installed. */
export function swaggerUiDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return null;
  }
}

/** Only these files of swagger-ui-dist are served (a fixed list: nothing else of the folder leaks). */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

export async function registerApiDocs(
  app: FastifyInstance,
  dir: string | null = swaggerUiDir(),
): Promise<void> {
  const hidden = { config: { hidden: true } };
  if (!dir) {
    app.get('/docs', hidden, (_req, reply) => reply.type('text/html').send(DOCS_HTML));
    return;
  }
  const { readFile } = await import('node:fs/promises');
  const types: Record<string, string> = {
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    png: 'image/png',
  };
  const cache = new Map<string, Buffer>();
  app.get('/docs', hidden, (_req, reply) =>
    reply.type('text/html').header('cache-control', 'no-cache').send(SWAGGER_PAGE),
  );
  app.get(
    '/docs/assets/:file',
    hidden,
    async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
      const file = req.params.file;
      if (!ASSETS.has(file))
        return reply.status(404).send({ error: 'not_found', message: `no asset ${file}` });
      let body = cache.get(file);
      if (!body) {
        body = await readFile(`${dir}/${file}`);
        cache.set(file, body);
      }
      return reply
        .type(types[file.split('.').pop() ?? ''] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=86400')
        .send(body);
    },
  );
}
