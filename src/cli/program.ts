/**
 * The `autolearn` command line on commander: the global options, the groups and every command of
 * commands.ts, with per-command help, `--version` and commander's "did you mean" for unknown
 * commands and options. Errors are not printed here: commander throws (exitOverride) and run.ts
 * reports.
 */
import { Command, Option } from 'commander';
import { COMMANDS, GROUPS } from './commands.js';
import type { CliContext } from './context.js';
import { packageVersion } from './version.js';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('autolearn');
  program
    .description('autolearn: train, evaluate and keep classic ML experiments')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'help for a command: autolearn COMMAND --help')
    .addOption(new Option('--server <url>', 'talk to an autolearn server (default: run in this process)'))
    .addOption(
      new Option('--data-dir <dir>', 'data dir of the in-process platform').default(
        undefined,
        './.autolearn',
      ),
    )
    .option('--json', 'machine-readable output (errors too, as a JSON object on stderr)')
    .option(
      '--api-key <key>',
      "API key for a server (default: $AUTOLEARN_API_KEY, else the data dir's admin key)",
    )
    .option('--admin-token <token>', 'the bootstrap admin key (default: $AUTOLEARN_ADMIN_TOKEN)')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: () => undefined, // run.ts prints every error (text or --json)
    })
    .addHelpText(
      'after',
      `
getting started:
  autolearn quickstart                          the whole tour on Iris
  autolearn catalog SVC                         a model's hyper-parameters
  autolearn train --dataset iris --model SVC    train (add --json for machine-readable output)
  autolearn serve --port 8080                   the HTTP server
  eval "$(autolearn completion bash)"           shell completion`,
    );
  const groups = new Map<string, Command>();
  for (const g of GROUPS) {
    groups.set(g.name, new Command(g.name).description(g.description).copyInheritedSettings(program));
  }
  for (const c of COMMANDS) {
    const parent = c.group ? groups.get(c.group) : program;
    if (!parent) throw new Error(`command '${c.name}' names an unknown group '${c.group}'`);
    c.register(parent, ctx);
  }
  for (const g of groups.values()) program.addCommand(g); // groups go after the commands in --help
  return program;
}
