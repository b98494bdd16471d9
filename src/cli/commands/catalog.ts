/**
 * `autolearn catalog [NAME]`: datasets, models, learning algorithms and metrics; with a model or
 * dataset name, that entry in full. Read-only: without `--server` the catalog is built from the
 * built-in registry in memory, so nothing is written to disk.
 */

import type { Command } from 'commander';
import type { SeedCatalog } from '../../catalog/types.js';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { formatCatalog, formatDatasetDetail, formatModelDetail } from '../format.js';
import { didYouMean } from '../suggest.js';

/** The catalog without touching the data dir: from the server, or built in memory. */
export async function readCatalog(ctx: CliContext, cmd: Command): Promise<SeedCatalog> {
  if (ctx.globals(cmd).server) return (await ctx.open(cmd)).catalog();
  const [{ buildCatalog }, { builtinRegistry }] = await Promise.all([
    import('../../catalog/render.js'),
    import('../../services/builtin-registry.js'),
  ]);
  return buildCatalog(builtinRegistry());
}

export const catalogCommand: CliCommand = {
  name: 'catalog',
  register(program, ctx) {
    program
      .command('catalog')
      .argument('[name]', 'a model or dataset: show its parameters / columns in full')
      .description('datasets, models, learning algorithms and metrics (read-only)')
      .addHelpText(
        'after',
        '\nexamples:\n  autolearn catalog\n  autolearn catalog SVC\n  autolearn catalog iris --json',
      )
      .action(async (name: string | undefined, ...rest) => {
        const cmd = self(rest);
        const c = await readCatalog(ctx, cmd);
        if (!name) {
          ctx.print(cmd, c, () => formatCatalog(c));
          return;
        }
        const models = c.models.filter((m) => m.model_name === name);
        const dataset = c.data_lake.find((d) => d.dataset_name === name);
        if (models.length) {
          const learning = c.learning.filter((l) => l.model_reference.model_name === name);
          ctx.print(cmd, { models, learning }, () => formatModelDetail(c, name));
        } else if (dataset) {
          ctx.print(cmd, dataset, () => formatDatasetDetail(dataset));
        } else {
          const names = [...c.models.map((m) => m.model_name), ...c.data_lake.map((d) => d.dataset_name)];
          throw new UsageError(
            `the catalog has no model or dataset '${name}'${didYouMean(name, names)}; it has: ${names.join(', ')}`,
          );
        }
      });
  },
};
