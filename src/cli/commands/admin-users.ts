/** `autolearn admin users create NAME [--admin] | list | revoke NAME`: accounts and API keys (users.ts). */
import type { CliCommand } from '../command.js';
import { self } from '../command.js';

export const adminUsersCommand: CliCommand = {
  name: 'users',
  group: 'admin',
  register(admin, ctx) {
    admin
      .command('users')
      .argument('<action>', 'create, list or revoke')
      .argument('[name]', 'the user (create, revoke)')
      .description('users and their API keys (a new key is printed once; only its hash is stored)')
      .option('--admin', 'create: give the new user the admin role')
      .action(async (action: string, name: string | undefined, ...rest) => {
        const cmd = self(rest);
        const g = ctx.globals(cmd);
        const { usersCommand } = await import('../users.js');
        ctx.exitCode = await usersCommand({
          args: name === undefined ? [action] : [action, name],
          admin: Boolean(cmd.opts<{ admin?: boolean }>().admin),
          server: g.server,
          apiKey: g.server ? ctx.apiKey(cmd) : undefined,
          dataDir: ctx.dataDir(cmd),
          json: Boolean(g.json),
          out: (line) => ctx.out(line),
        });
      });
  },
};
