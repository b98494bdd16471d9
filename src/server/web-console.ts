/**
 * Serves the web console (the Vite-built single-page app in dist/web) at `/`: `GET /` answers the
 * page, `GET /assets/*` its hashed, immutable bundles. The console holds no secret, so these routes
 * need no sign-in; every API call it makes carries the user's API key. Hidden from the OpenAPI
 * document (they are not part of the API).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importOptional } from '../core/optional-dependency.js';

/** Where the built console lives: next to the compiled server (dist/web), or dist/web from the sources. */
export function consoleDir(): string | null {
  for (const rel of ['../web/', '../../dist/web/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return null;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>autolearn</title></head>
<body><main><h1>autolearn</h1><p>The web console is not built. Run <code>npm run build</code>, then restart the
server. The API is available: see <a href="/docs">/docs</a>.</p></main></body></html>`;

export async function registerWebConsole(
  app: FastifyInstance,
  dir: string | null = consoleDir(),
): Promise<void> {
  const hidden = { config: { hidden: true } };
  if (!dir) {
    app.get('/', hidden, (_req, reply) => reply.type('text/html').send(NOT_BUILT));
    return;
  }
  const { default: fastifyStatic } = await importOptional(
    '@fastify/static',
    'the web console',
    () => import('@fastify/static'),
  );
  await app.register(fastifyStatic, { root: dir, serve: false });
  app.get('/', hidden, (_req, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 }),
  );
  app.get('/assets/*', hidden, (req: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) =>
    reply.sendFile(`assets/${req.params['*']}`, { maxAge: 31_536_000_000, immutable: true }),
  );
}
