/** `autolearn predict ID ...` and `autolearn export ID ...`: use a trained model (see predict.ts, export.ts). */
import { resolve } from 'node:path';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const predictCommand: CliCommand = {
  name: 'predict',
  register(program, ctx) {
    program
      .command('predict')
      .argument('<id>', 'a saved experiment (or a session record)')
      .description('predict rows with a trained model: a CSV of label + p_<class> (to --out or stdout)')
      .option('--csv <file>', 'rows to predict, a CSV with a header of feature names')
      .option('--row <values>', 'one row, name=value,... or v1,v2,... (repeatable)', collect)
      .option('--out <file>', 'write the CSV here instead of stdout')
      .addHelpText(
        'after',
        `
examples:
  autolearn predict $ID --csv rows.csv --out predictions.csv
  autolearn predict $ID --row sepal_length=5.9,sepal_width=3,petal_length=4.2,petal_width=1.5`,
      )
      .action(async (id: string, ...rest) => {
        const cmd = self(rest);
        const f = cmd.opts<{ csv?: string; row?: string[]; out?: string }>();
        const { predictCommand: run } = await import('../predict.js');
        ctx.exitCode = await run({
          token: id,
          csv: f.csv ? resolve(ctx.io.cwd, f.csv) : undefined,
          rows: f.row,
          out: f.out ? resolve(ctx.io.cwd, f.out) : undefined,
          json: Boolean(ctx.globals(cmd).json),
          ...ctx.access(cmd),
          print: (s) => ctx.out(s),
        });
      });
  },
};

export const exportCommand: CliCommand = {
  name: 'export',
  register(program, ctx) {
    program
      .command('export')
      .argument('<id>', 'a saved experiment (or a session record)')
      .description(
        'write a trained model as ONNX (ONNX-ML operators, scaler inside) or as its JSON checkpoint',
      )
      .option('--format <format>', 'onnx (default) or json')
      .option('--out <file>', 'where to write it')
      .action(async (id: string, ...rest) => {
        const cmd = self(rest);
        const f = cmd.opts<{ format?: string; out?: string }>();
        const { exportCommand: run } = await import('../export.js');
        ctx.exitCode = await run({
          token: id,
          format: f.format,
          out: f.out ? resolve(ctx.io.cwd, f.out) : undefined,
          ...ctx.access(cmd),
          print: (s) => ctx.out(s),
        });
      });
  },
};
