/** `autolearn completion bash|zsh`: prints a shell completion script (read-only). */
import { Argument } from 'commander';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { readCatalog } from './catalog.js';

export const completionCommand: CliCommand = {
  name: 'completion',
  register(program, ctx) {
    program
      .command('completion')
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
      .description('print a shell completion script: eval "$(autolearn completion bash)"')
      .action(async (shell: Shell, ...rest) => {
        const cmd = self(rest);
        const c = await readCatalog(ctx, cmd);
        const names = [
          ...new Set([...c.models.map((m) => m.model_name), ...c.data_lake.map((d) => d.dataset_name)]),
        ];
        let root = cmd;
        while (root.parent) root = root.parent;
        ctx.out(completionScript(root, shell, names));
      });
  },
};
