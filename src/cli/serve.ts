/** `autolearn serve`: the HTTP server until SIGTERM / SIGINT, then a graceful stop. */
import { join } from 'node:path';
import { ADMIN_TOKEN_ENV, ADMIN_TOKEN_FILE } from '../server/admin-token.js';
import { createServer, type Role } from '../server/app.js';

export interface ServeOptions {
  readonly dataDir: string;
  readonly role: Role;
  readonly port: number;
  readonly host: string;
  readonly graceMs: number;
  readonly adminToken?: string;
  /** Request log: one pino JSON line per request on stdout (Fastify's own logger). */
  readonly requestLog?: boolean;
  readonly allowedHosts?: readonly string[];
  readonly corsOrigins?: readonly string[];
  readonly jobTimeoutMs?: number;
  readonly jobMemoryMb?: number;
  readonly uploadLimit?: number;
  readonly env: Record<string, string | undefined>;
  readonly log: (line: string) => void;
}

export async function serve(o: ServeOptions): Promise<number> {
  const server = await createServer({
    dataDir: o.dataDir,
    role: o.role,
    adminToken: o.adminToken,
    requestLog: o.requestLog,
    allowedHosts: o.allowedHosts,
    corsOrigins: o.corsOrigins,
    jobTimeoutMs: o.jobTimeoutMs,
    jobMemoryMb: o.jobMemoryMb,
    uploadLimit: o.uploadLimit,
    env: o.env,
  });
  const url = await server.listen(o.port, o.host);
  const tokenFrom = o.adminToken
    ? '--admin-token'
    : o.env[ADMIN_TOKEN_ENV]
      ? ADMIN_TOKEN_ENV
      : join(o.dataDir, ADMIN_TOKEN_FILE);
  o.log(`autolearn server listening on ${url} (role ${o.role}, data dir ${o.dataDir})`);
  o.log(
    `admin key: ${tokenFrom}; web console: ${url}/, API document: ${url}/openapi.json, docs: ${url}/docs`,
  );
  return await new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      o.log(`${signal}: stopping (in-flight jobs get ${o.graceMs} ms to finish, then are cancelled)`);
      server.close(o.graceMs).then(
        () => {
          o.log('stopped');
          resolve(0);
        },
        (e: unknown) => {
          o.log(`error while stopping: ${(e as Error).message}`);
          resolve(1);
        },
      );
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}
