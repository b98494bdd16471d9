/**
 * `autolearn train`: a catalog dataset (`--dataset --model ...`), the wizard (`--wizard`, or no
 * dataset and model on a terminal), or a user CSV in-process (`--csv FILE --label COLUMN --model`).
 * A progress bar on stderr while it runs (when stderr is a terminal).
 */
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { JobStatus } from '../../server/job-manager.js';
import type { Api } from '../api.js';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import type { CliIo } from '../context.js';
import { UsageError } from '../errors.js';
import { formatJob, formatMetrics } from '../format.js';
import { collect, integer, number } from '../options.js';
import { ProgressBar } from '../progress.js';
import { buildRequest } from '../request.js';
import { readCatalog } from './catalog.js';

interface TrainFlags {
  dataset?: string;
  model?: string;
  loss?: string;
  algorithm?: string;
  param?: string[];
  lparam?: string[];
  splitTest?: number;
  seed?: number;
  wizard?: boolean;
  csv?: string;
  label?: string;
  testCsv?: string;
  /** `--no-record` sets it false: the CSV run is not kept as a session record. */
  record?: boolean;
}

const need = (v: string | undefined, what: string): string => {
  if (!v) throw new UsageError(`missing ${what} (see: autolearn train --help)`);
  return v;
};

export const trainCommand: CliCommand = {
  name: 'train',
  register(program, ctx) {
    program
      .command('train')
      .description('train a model on a catalog dataset, through the wizard, or on your own CSV file')
      .option('--dataset <name>', 'catalog dataset (see: autolearn catalog)')
      .option('--model <name>', 'model name, e.g. SVC, RandomForest, GaussianNB')
      .option('--loss <name>', "loss (default: the model's first)")
      .option('--algorithm <name>', "learning algorithm (default: the model's first for the loss)")
      .option('--param <name=value>', 'model hyper-parameter, repeatable; snake_case names work too', collect)
      .option('--lparam <name=value>', 'learning hyper-parameter, repeatable', collect)
      .option('--split-test <fraction>', 'test fraction of the seeded split (default 0.3)', number)
      .option('--seed <n>', 'split seed (default 0)', integer())
      .option(
        '--wizard',
        'ask for everything interactively (the default on a terminal without --dataset/--model)',
      )
      .addOption(new Option('--csv <file>', 'train on your own CSV file, in this process'))
      .option('--label <column>', 'with --csv: the label column')
      .option('--test-csv <file>', 'with --csv: a separate test file (else a seeded split)')
      .option('--no-record', 'with --csv: do not record the run as a session (dataset csv:<file>)')
      .addHelpText(
        'after',
        `
examples:
  autolearn train --dataset iris --model SVC --param C=2 --param kernel=rbf
  autolearn train --dataset iris --model RandomForest --param n_estimators=50
  autolearn train --wizard
  autolearn train --csv data.csv --label species --model GaussianNB --json
  autolearn catalog SVC        # every hyper-parameter of a model`,
      )
      .action(async (...args) => {
        const cmd = self(args);
        const f = cmd.opts<TrainFlags>();
        if (f.csv) {
          ctx.exitCode = await trainCsv(ctx.io, f, ctx.dataDir(cmd), (json, text) =>
            ctx.print(cmd, json, text),
          );
          return;
        }
        // the request is built (and a bad one rejected) before the platform opens its data dir
        const catalog = await readCatalog(ctx, cmd);
        let request: unknown;
        if (f.wizard || (!f.dataset && !f.model)) {
          const { runWizard } = await import('../wizard.js');
          const server = ctx.globals(cmd).server;
          request = await runWizard(catalog, {
            input: ctx.io.stdin,
            output: ctx.io.stderr,
            checkDataset: server ? undefined : checkLocalDataset,
          });
        } else {
          request = buildRequest(catalog, {
            dataset: need(f.dataset, '--dataset NAME'),
            model: need(f.model, '--model NAME'),
            splitTest: f.splitTest,
            splitSeed: f.seed,
            loss: f.loss,
            algorithm: f.algorithm,
            params: f.param,
            learningParams: f.lparam,
          });
        }
        const s = await train(await ctx.open(cmd), request, ctx.io);
        // --json prints the job status as it always did (progress is shown on the TTY bar only)
        const { progress: _progress, ...shown } = s;
        ctx.print(cmd, shown, () => formatJob(s));
        if (s.state !== 'done') ctx.note(`error: training ${s.state}${s.error ? `: ${s.error}` : ''}`);
        ctx.exitCode = s.state === 'done' ? 0 : 1;
      });
  },
};

/** Loads a built-in dataset once (downloading it if it must): the wizard's check before it goes on. */
async function checkLocalDataset(name: string): Promise<void> {
  const { getDatasetDef } = await import('../../datasets/registry.js');
  let def: { load(): Promise<unknown> };
  try {
    def = getDatasetDef(name);
  } catch {
    return; // not a datasets-registry dataset: the platform checks it when training
  }
  await def.load();
}

async function trainCsv(
  io: CliIo,
  f: TrainFlags,
  dataDir: string,
  print: (json: unknown, text: () => string) => void,
): Promise<number> {
  const { trainOnCsv } = await import('../csv-train.js');
  const bar = new ProgressBar(io.stderr);
  try {
    const r = await trainOnCsv({
      csv: resolve(io.cwd, f.csv!),
      testCsv: f.testCsv ? resolve(io.cwd, f.testCsv) : undefined,
      label: need(f.label, '--label COLUMN'),
      model: need(f.model, '--model NAME'),
      splitTest: f.splitTest,
      splitSeed: f.seed,
      loss: f.loss,
      algorithm: f.algorithm,
      params: f.param,
      learningParams: f.lparam,
      record:
        f.record === false ? undefined : (await import('../record-csv.js')).csvRecorder(dataDir, io.env),
      onPhase: (p) => bar.phase(p),
      onProgress: (fraction) => bar.progress({ fraction }),
    });
    bar.stop();
    print(r, () =>
      [
        `${r.model} (${r.loss}/${r.learning_algorithm}) on ${r.dataset}: ${r.train_rows} training rows, ${r.test_rows} test rows`,
        formatMetrics(r.eval_data),
        ...(r.token ? [`session id: ${r.token}`] : []),
      ].join('\n'),
    );
    return 0;
  } finally {
    bar.stop();
  }
}

async function train(a: Api, request: unknown, io: CliIo): Promise<JobStatus> {
  const bar = new ProgressBar(io.stderr);
  try {
    return await a.train(
      request,
      (s) => bar.update(s),
      (p) => bar.progress(p),
    );
  } finally {
    bar.stop();
  }
}
