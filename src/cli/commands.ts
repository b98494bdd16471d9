/**
 * Every command of the `autolearn` binary, in the order `--help` lists them. Adding a command: write
 * src/cli/commands/NAME.ts exporting a `CliCommand` (see command.ts) and add it to this list; a
 * command with `group: 'admin'` lands under `autolearn admin`.
 */
import type { CliCommand, CliGroup } from './command.js';
import { adminLogsCommand } from './commands/admin-logs.js';
import { adminUsersCommand } from './commands/admin-users.js';
import { catalogCommand } from './commands/catalog.js';
import { completionCommand } from './commands/completion.js';
import { exportCommand, predictCommand } from './commands/model.js';
import { quickstartCommand } from './commands/quickstart.js';
import {
  cancelCommand,
  evaluateCommand,
  experimentsCommand,
  jobCommand,
  saveCommand,
  sessionsCommand,
} from './commands/records.js';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';

export const GROUPS: readonly CliGroup[] = [
  { name: 'admin', description: 'administration: the behavioural log, users and API keys (admin role)' },
];

export const COMMANDS: readonly CliCommand[] = [
  quickstartCommand,
  catalogCommand,
  trainCommand,
  jobCommand,
  cancelCommand,
  evaluateCommand,
  sessionsCommand,
  saveCommand,
  experimentsCommand,
  predictCommand,
  exportCommand,
  adminLogsCommand,
  adminUsersCommand,
  serveCommand,
  completionCommand,
];
