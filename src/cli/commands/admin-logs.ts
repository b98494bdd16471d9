/** `autolearn admin logs`: the behavioural log (admin token from --admin-token or the environment). */
import { LOG_SERVICES } from '../../server/schemas.js';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import { formatLog } from '../format.js';
import { oneOf, time } from '../options.js';

export const adminLogsCommand: CliCommand = {
  name: 'logs',
  group: 'admin',
  register(admin, ctx) {
    admin
      .command('logs')
      .description('the behavioural log: every exchange between the services, in order')
      .option(
        '--service <name>',
        `only this service (${LOG_SERVICES.join(', ')})`,
        oneOf('--service', LOG_SERVICES),
      )
      .option('--from <time>', 'at or after (ms since the epoch or an ISO date)', time)
      .option('--to <time>', 'before (ms since the epoch or an ISO date)', time)
      .action(async (...rest) => {
        const cmd = self(rest);
        const f = cmd.opts<{ service?: string; from?: number; to?: number }>();
        const logs = await (await ctx.open(cmd)).logs({ service: f.service, from: f.from, to: f.to });
        ctx.print(cmd, logs, () => formatLog(logs));
      });
  },
};
