/**
 * The commands on one training session or on the stores: `job`, `cancel`, `evaluate`, `sessions`,
 * `save`, `experiments`.
 */
import type { Command } from 'commander';
import type { RecordFilter } from '../../services/stores/types.js';
import type { CliCommand } from '../command.js';
import { self } from '../command.js';
import { formatJob, formatMetrics, formatRecords } from '../format.js';
import { integer, time } from '../options.js';

interface FilterFlags {
  dataset?: string;
  model?: string;
  from?: number;
  to?: number;
  limit?: number;
}

function withFilters(c: Command): Command {
  return c
    .option('--dataset <name>', 'only this dataset')
    .option('--model <name>', 'only this model')
    .option('--from <time>', 'created at or after (ms since the epoch or an ISO date)', time)
    .option('--to <time>', 'created before (ms since the epoch or an ISO date)', time)
    .option('--limit <n>', 'at most n records', integer(1));
}

function filter(f: FilterFlags): RecordFilter {
  return {
    ...(f.dataset ? { dataset: f.dataset } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
  };
}

export const jobCommand: CliCommand = {
  name: 'job',
  register(program, ctx) {
    program
      .command('job')
      .argument('<token>', 'the session id printed by train')
      .description('status of a training job')
      .action(async (token: string, ...rest) => {
        const cmd = self(rest);
        const s = await (await ctx.open(cmd)).job(token);
        ctx.print(cmd, s, () => formatJob(s));
      });
  },
};

export const cancelCommand: CliCommand = {
  name: 'cancel',
  register(program, ctx) {
    program
      .command('cancel')
      .argument('<token>', 'the session id printed by train')
      .description('cancel a training job')
      .action(async (token: string, ...rest) => {
        const cmd = self(rest);
        const s = await (await ctx.open(cmd)).cancel(token);
        ctx.print(cmd, s, () => formatJob(s));
      });
  },
};

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  register(program, ctx) {
    program
      .command('evaluate')
      .argument('<token>', 'the session id printed by train')
      .description('metrics of a trained model on the test and the training set')
      .action(async (token: string, ...rest) => {
        const cmd = self(rest);
        const r = await (await ctx.open(cmd)).evaluate(token);
        ctx.print(cmd, r, () => formatMetrics(r.eval_data));
      });
  },
};

export const sessionsCommand: CliCommand = {
  name: 'sessions',
  register(program, ctx) {
    withFilters(
      program
        .command('sessions')
        .argument('[token]', 'one session, with its checkpoint')
        .description('session records (one, in full, when TOKEN is given)'),
    ).action(async (token: string | undefined, ...rest) => {
      const cmd = self(rest);
      if (token) {
        // one record with its model summary and model card (show-record.ts)
        const { showCommand } = await import('../show-record.js');
        ctx.exitCode = await showCommand({
          token,
          kind: 'sessions',
          json: Boolean(ctx.globals(cmd).json),
          ...ctx.access(cmd),
          print: (s) => ctx.out(s),
        });
        return;
      }
      const list = await (await ctx.open(cmd)).sessions(filter(cmd.opts<FilterFlags>()));
      ctx.print(cmd, list, () => formatRecords(list));
    });
  },
};

export const saveCommand: CliCommand = {
  name: 'save',
  register(program, ctx) {
    program
      .command('save')
      .argument('<token>', 'the session id printed by train')
      .description('move a session record to the permanent store')
      .action(async (token: string, ...rest) => {
        const cmd = self(rest);
        const r = await (await ctx.open(cmd)).save(token);
        ctx.print(cmd, r, () => `saved to the permanent store\n${formatRecords([r])}`);
      });
  },
};

export const experimentsCommand: CliCommand = {
  name: 'experiments',
  register(program, ctx) {
    withFilters(
      program
        .command('experiments')
        .argument('[id]', 'one experiment, with its model card')
        .description('saved experiments (the permanent store; one, with its model card, when ID is given)'),
    ).action(async (id: string | undefined, ...rest) => {
      const cmd = self(rest);
      if (id) {
        const { showCommand } = await import('../show-record.js');
        ctx.exitCode = await showCommand({
          token: id,
          kind: 'experiments',
          json: Boolean(ctx.globals(cmd).json),
          ...ctx.access(cmd),
          print: (s) => ctx.out(s),
        });
        return;
      }
      const list = await (await ctx.open(cmd)).experiments(filter(cmd.opts<FilterFlags>()));
      ctx.print(cmd, list, () => formatRecords(list));
    });
  },
};
