/**
 * `autolearn serve`: the bundled HTTP server. With `--bus amqp://...` (or AUTOLEARN_BUS) run.ts hands
 * the whole command line to the scale-out role runner before this parser sees it; the options are
 * listed here so that `serve --help` documents them.
 */
import { ROLES, type Role } from '../../server/roles.js';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import { integer, oneOf, port } from '../options.js';

/** A comma-separated list option. */
function list(v: string): string[] {
  return v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export const serveCommand: CliCommand = {
  name: 'serve',
  register(program, ctx) {
    program
      .command('serve')
      .description(
        'the HTTP server (OpenAPI at /openapi.json, docs at /docs); or one scale-out role with --bus',
      )
      .option('--port <n>', 'TCP port, 0..65535 (0: any free port)', port, 8080)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option(
        '--role <role>',
        `which services this process runs: ${ROLES.join('|')}`,
        oneOf('--role', ROLES),
        'all',
      )
      .option('--grace-ms <ms>', 'on SIGTERM, how long in-flight jobs may finish', integer(0), 10_000)
      .option('--request-log', 'log every request as a JSON line on stdout (pino)')
      .option(
        '--allowed-hosts <names>',
        'Host header names accepted besides loopback (comma-separated; * for any)',
        list,
      )
      .option('--cors-origins <origins>', 'browser origins allowed to call the API (comma-separated)', list)
      .option('--job-timeout-ms <ms>', 'wall-time limit of one job (0: none; default 30 min)', integer(0))
      .option('--job-memory-mb <mb>', 'heap limit of one job (default 2048)', integer(16))
      .option('--upload-limit <bytes>', 'largest CSV upload (default 20 MiB)', integer(1))
      .option('--bus <url>', 'scale-out: run one role (api|session|training|evaluation) around RabbitMQ')
      .option('--store <url>', 'scale-out: postgres:// experiment store')
      .option('--events <url>', 'scale-out: postgres:// or nats:// event store')
      .action(async (...rest) => {
        const cmd = self(rest);
        const f = cmd.opts<{
          port: number;
          host: string;
          role: Role;
          graceMs: number;
          requestLog?: boolean;
          allowedHosts?: string[];
          corsOrigins?: string[];
          jobTimeoutMs?: number;
          jobMemoryMb?: number;
          uploadLimit?: number;
        }>();
        const { serve } = await import('../serve.js');
        ctx.exitCode = await serve({
          dataDir: ctx.dataDir(cmd),
          role: f.role,
          port: f.port,
          host: f.host,
          graceMs: f.graceMs,
          adminToken: ctx.globals(cmd).adminToken,
          requestLog: f.requestLog,
          allowedHosts: f.allowedHosts,
          corsOrigins: f.corsOrigins,
          jobTimeoutMs: f.jobTimeoutMs,
          jobMemoryMb: f.jobMemoryMb,
          uploadLimit: f.uploadLimit,
          env: ctx.io.env,
          log: (s) => ctx.note(s),
        });
      });
  },
};
