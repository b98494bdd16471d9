/** `autolearn quickstart`: the whole tour in-process on Iris (what `npm start` runs). */
import type { CliCommand } from '../command.js';
import { self } from '../command.js';

export const quickstartCommand: CliCommand = {
  name: 'quickstart',
  register(program, ctx) {
    program
      .command('quickstart')
      .description(
        'the whole tour in-process on Iris: catalog, train, evaluate, save (what `npm start` runs)',
      )
      .action(async (...args) => {
        const cmd = self(args);
        const { quickstart } = await import('../quickstart.js');
        ctx.exitCode = await quickstart({
          dataDir: ctx.dataDir(cmd),
          out: (s) => ctx.out(s),
          stderr: ctx.io.stderr,
          env: ctx.io.env,
        });
      });
  },
};
