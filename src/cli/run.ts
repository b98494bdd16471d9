/**
 * The `autolearn` command line: parses argv (program.ts), runs the command against a server
 * (`--server URL`) or the platform in this process, and returns the exit code (0 ok, 2 bad input,
 * 1 any other failure). Errors go to stderr as `error: ...`, or with `--json` as one JSON object
 * `{"error": {"code", "message", "exit_code", ...}}`. Only src/cli touches the console.
 */
import { CommanderError } from 'commander';
import { AutolearnError } from '../core/errors.js';
import { CliContext, type CliIo } from './context.js';
import { exitCode, HttpStatusError, UsageError } from './errors.js';
import { buildProgram } from './program.js';

export type { CliIo } from './context.js';

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // Scale-out: `autolearn serve --bus amqp://...` (or AUTOLEARN_BUS) runs one role of the distributed
  // deployment (api | session | training | evaluation) around RabbitMQ instead of the bundled server.
  if (
    argv[0] === 'serve' &&
    !argv.includes('--help') &&
    !argv.includes('-h') &&
    (argv.some((a) => a === '--bus' || a.startsWith('--bus=')) || io.env.AUTOLEARN_BUS)
  ) {
    const { runRoleMain } = await import('../scale/run-role.js');
    return runRoleMain(argv.slice(1), {
      out: (l) => io.stdout.write(`${l}\n`),
      err: (m) => io.stderr.write(`${m}\n`),
      env: io.env,
    });
  }
  const json = argv.includes('--json');
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      if (e.code === 'commander.help') return 2; // a group without its sub-command: help on stderr
      return report(new UsageError(commanderMessage(e)), json, io);
    }
    return report(e, json, io);
  } finally {
    await ctx.close();
  }
}

/** commander's message without its `error: ` prefix, with its suggestion and a pointer to help. */
function commanderMessage(e: CommanderError): string {
  const m = e.message.replace(/^error: /, '').replace(/\n\(Did you mean (.+)\?\)/, " (did you mean '$1'?)");
  return e.code === 'commander.unknownCommand' ? `${m}; see: autolearn --help` : m;
}

function report(e: unknown, json: boolean, io: CliIo): number {
  const code = exitCode(e);
  const message = e instanceof Error ? e.message : String(e);
  if (json) {
    const suggestions = [...message.matchAll(/did you mean ([^?]+)\?/g)].flatMap((m) =>
      [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!),
    );
    const body: Record<string, unknown> = {
      code: e instanceof AutolearnError ? e.code : 'E_INTERNAL',
      message,
      exit_code: code,
      ...(suggestions.length ? { suggestions } : {}),
      ...(e instanceof HttpStatusError
        ? { status: e.status, error: e.error, ...(e.violations ? { violations: e.violations } : {}) }
        : {}),
    };
    io.stderr.write(`${JSON.stringify({ error: body })}\n`);
  } else {
    io.stderr.write(`error: ${message}\n`);
  }
  return code;
}
