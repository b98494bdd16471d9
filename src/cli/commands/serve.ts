/**
 * `autolearn serve`: the bundled HTTP server. With `--bus amqp://...` (or AUTOLEARN_BUS) run.ts hands
 * the whole command line to the scale-out role runner before this parser sees it; the options are
 * listed here so that `serve --help` documents them.
 */
import { ROLES, type Role } from '../../server/roles.js';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import { integer, oneOf, port } from '../options.js';

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
      .option('--bus <url>', 'scale-out: run one role (api|session|training|evaluation) around RabbitMQ')
      .option('--store <url>', 'scale-out: postgres:// experiment store')
      .option('--events <url>', 'scale-out: postgres:// or nats:// event store')
      .action(async (...rest) => {
        const cmd = self(rest);
        const f = cmd.opts<{ port: number; host: string; role: Role; graceMs: number }>();
        const { serve } = await import('../serve.js');
        ctx.exitCode = await serve({
          dataDir: ctx.dataDir(cmd),
          role: f.role,
          port: f.port,
          host: f.host,
          graceMs: f.graceMs,
          adminToken: ctx.globals(cmd).adminToken,
          env: ctx.io.env,
          log: (s) => ctx.note(s),
        });
      });
  },
};
