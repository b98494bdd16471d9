/**
 * The `autolearn` command line: parses argv, talks to a server (`--server URL`) or runs the platform
 * in-process on the data dir (default ./.autolearn), prints tables or `--json`, and returns the exit
 * code (0 ok, 2 bad input, 1 any other failure). Only this module and main.ts touch the console.
 */
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { JobStatus } from '../server/job-manager.js';
import { ROLES, type Role } from '../server/roles.js';
import { LOG_SERVICES } from '../server/schemas.js';
import type { RecordFilter } from '../services/stores/types.js';
import { type Api, HttpApi, InProcessApi } from './api.js';
import { exitCode, HttpStatusError, UsageError } from './errors.js';
import { formatCatalog, formatJob, formatLog, formatMetrics, formatRecords } from './format.js';
import { ProgressBar } from './progress.js';
import { buildRequest } from './request.js';
import { resolveApiKey } from './users.js';
import { runWizard } from './wizard.js';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
}

export const USAGE = `autolearn — train, evaluate and keep classic ML experiments

usage: autolearn <command> [options]

commands:
  quickstart                  the whole tour in-process on Iris (what \`npm start\` runs)
  catalog                     datasets, models, learning algorithms, metrics
  train                       train a model: --dataset NAME --model NAME [--loss L --algorithm A]
                              [--param k=v ...] [--lparam k=v ...] [--split-test F] [--seed N]
                              or --wizard (interactive, built from the catalog)
                              or --csv FILE --label COLUMN --model NAME [--test-csv FILE] [--no-record]
                              (in-process; recorded as a session of dataset csv:<file> unless --no-record)
  job TOKEN | cancel TOKEN    status / cancel of a training job
  evaluate TOKEN              metrics on the test and the training set
  sessions [TOKEN]            session records (one, with its checkpoint, when TOKEN is given)
  save TOKEN                  move a session record to the permanent store
  experiments [TOKEN]         saved experiments (one, with its model card, when TOKEN is given)
  predict TOKEN               predict with a saved (or session) model: --csv FILE [--out FILE]
                              or --row k=v,k=v ... (or --row v1,v2,...); CSV of label + p_<class>
  export TOKEN                the model as ONNX (--format onnx, default) or JSON: --out FILE
  admin logs                  behavioural log [--service NAME] [--from T] [--to T]
  admin users create NAME [--admin] | admin users list | admin users revoke NAME
                              users and API keys (the key is printed once)
  serve                       HTTP server [--port N] [--host H] [--role ${ROLES.join('|')}]
  serve --bus amqp://... --role api|session|training|evaluation [--store postgres://...] [--events postgres://...|nats://...]
                              one role of the scale-out deployment on RabbitMQ (see README)

options: --server URL (talk to a server; default: in-process), --data-dir DIR (default ./.autolearn),
         --api-key KEY (else AUTOLEARN_API_KEY, else the data dir's admin-token file),
         --json (machine-readable output), --help`;

const OPTIONS = {
  server: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  role: { type: 'string' },
  'grace-ms': { type: 'string' },
  dataset: { type: 'string' },
  model: { type: 'string' },
  loss: { type: 'string' },
  algorithm: { type: 'string' },
  param: { type: 'string', multiple: true },
  lparam: { type: 'string', multiple: true },
  'split-test': { type: 'string' },
  seed: { type: 'string' },
  wizard: { type: 'boolean' },
  csv: { type: 'string' },
  label: { type: 'string' },
  'test-csv': { type: 'string' },
  service: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'admin-token': { type: 'string' },
  'api-key': { type: 'string' },
  admin: { type: 'boolean' },
  limit: { type: 'string' },
  'no-record': { type: 'boolean' },
  out: { type: 'string' },
  row: { type: 'string', multiple: true },
  format: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parse>['values'];

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${USAGE}`);
  }
}

const num = (flag: string, v: string | undefined, int = false): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be ${int ? 'an integer' : 'a number'}, got '${v}'`);
  }
  return n;
};

/** A time as ms since the epoch or an ISO date. */
const time = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t))
    throw new UsageError(`--${flag} must be ms since the epoch or an ISO date, got '${v}'`);
  return t;
};

const need = (v: string | undefined, what: string): string => {
  if (!v) throw new UsageError(`missing ${what}\n\n${USAGE}`);
  return v;
};

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const out = (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  let api: Api | null = null;
  // Scale-out: `autolearn serve --bus amqp://...` (or AUTOLEARN_BUS) runs one role of the distributed
  // deployment (api | session | training | evaluation) around RabbitMQ instead of the bundled server.
  if (
    argv[0] === 'serve' &&
    (argv.some((a) => a === '--bus' || a.startsWith('--bus=')) || io.env.AUTOLEARN_BUS)
  ) {
    const { runRoleMain } = await import('../scale/run-role.js');
    return runRoleMain(argv.slice(1), {
      out: (l) => io.stdout.write(`${l}\n`),
      err: (m) => io.stderr.write(`${m}\n`),
      env: io.env,
    });
  }
  try {
    const { values: f, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (f.help || !command || command === 'help') {
      out(USAGE);
      return command || f.help ? 0 : 2;
    }
    const dataDir = resolve(io.cwd, f['data-dir'] ?? '.autolearn');
    const apiKey = () =>
      resolveApiKey({ apiKey: f['api-key'], adminToken: f['admin-token'], env: io.env, dataDir });
    const print = (json: unknown, text: () => string) => out(f.json ? JSON.stringify(json, null, 2) : text());
    const open = async (): Promise<Api> => {
      api = f.server ? new HttpApi(f.server, apiKey()) : await InProcessApi.open(dataDir, io.env);
      return api;
    };

    switch (command) {
      case 'quickstart':
        return await (await import('./quickstart.js')).quickstart({
          dataDir,
          out,
          stderr: io.stderr,
          env: io.env,
        });
      case 'serve': {
        const role = (f.role ?? 'all') as Role;
        if (!(ROLES as readonly string[]).includes(role)) {
          throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got '${role}'`);
        }
        return await (await import('./serve.js')).serve({
          dataDir,
          role,
          port: num('port', f.port, true) ?? 8080,
          host: f.host ?? '127.0.0.1',
          graceMs: num('grace-ms', f['grace-ms'], true) ?? 10_000,
          adminToken: f['admin-token'],
          env: io.env,
          log: (s) => io.stderr.write(`${s}\n`),
        });
      }
      case 'catalog': {
        const c = await (await open()).catalog();
        print(c, () => formatCatalog(c));
        return 0;
      }
      case 'train': {
        if (f.csv) {
          const { trainOnCsv } = await import('./csv-train.js');
          const r = await trainOnCsv({
            csv: resolve(io.cwd, f.csv),
            testCsv: f['test-csv'] ? resolve(io.cwd, f['test-csv']) : undefined,
            label: need(f.label, '--label COLUMN'),
            model: need(f.model, '--model NAME'),
            splitTest: num('split-test', f['split-test']),
            splitSeed: num('seed', f.seed, true),
            loss: f.loss,
            algorithm: f.algorithm,
            params: f.param,
            learningParams: f.lparam,
            record: f['no-record']
              ? undefined
              : (await import('./record-csv.js')).csvRecorder(dataDir, io.env),
          });
          print(r, () =>
            [
              `${r.model} (${r.loss}/${r.learning_algorithm}) on ${r.dataset}: ${r.train_rows} training rows, ${r.test_rows} test rows`,
              formatMetrics(r.eval_data),
              ...(r.token ? [`session id: ${r.token}`] : []),
            ].join('\n'),
          );
          return 0;
        }
        const a = await open();
        const catalog = await a.catalog();
        const request =
          f.wizard || (!f.dataset && !f.model)
            ? await runWizard(catalog, { input: io.stdin, output: io.stderr })
            : buildRequest(catalog, {
                dataset: need(f.dataset, '--dataset NAME'),
                model: need(f.model, '--model NAME'),
                splitTest: num('split-test', f['split-test']),
                splitSeed: num('seed', f.seed, true),
                loss: f.loss,
                algorithm: f.algorithm,
                params: f.param,
                learningParams: f.lparam,
              });
        const s = await train(a, request, io);
        // --json prints the job status as it always did (progress is shown on the TTY bar only)
        const { progress: _progress, ...shown } = s;
        print(shown, () => formatJob(s));
        if (s.state !== 'done')
          io.stderr.write(`error: training ${s.state}${s.error ? `: ${s.error}` : ''}\n`);
        return s.state === 'done' ? 0 : 1;
      }
      case 'job':
      case 'cancel': {
        const token = need(rest[0], 'TOKEN');
        const a = await open();
        const s = command === 'job' ? await a.job(token) : await a.cancel(token);
        print(s, () => formatJob(s));
        return 0;
      }
      case 'evaluate': {
        const r = await (await open()).evaluate(need(rest[0], 'TOKEN'));
        print(r, () => formatMetrics(r.eval_data));
        return 0;
      }
      case 'predict':
        return await (await import('./predict.js')).predictCommand({
          token: need(rest[0], 'TOKEN'),
          csv: f.csv ? resolve(io.cwd, f.csv) : undefined,
          rows: f.row,
          out: f.out ? resolve(io.cwd, f.out) : undefined,
          json: Boolean(f.json),
          server: f.server,
          apiKey: f.server ? apiKey() : undefined,
          dataDir,
          env: io.env,
          print: out,
        });
      case 'export':
        return await (await import('./export.js')).exportCommand({
          token: need(rest[0], 'TOKEN'),
          format: f.format,
          out: f.out ? resolve(io.cwd, f.out) : undefined,
          server: f.server,
          apiKey: f.server ? apiKey() : undefined,
          dataDir,
          env: io.env,
          print: out,
        });
      case 'sessions': {
        if (rest[0]) {
          const { showCommand } = await import('./show-record.js');
          const o = {
            token: rest[0],
            json: Boolean(f.json),
            server: f.server,
            apiKey: f.server ? apiKey() : undefined,
            dataDir,
            env: io.env,
            print: out,
          };
          return await showCommand({ ...o, kind: 'sessions' });
        }
        const a = await open();
        const list = await a.sessions(filter(f));
        print(list, () => formatRecords(list));
        return 0;
      }
      case 'save': {
        const r = await (await open()).save(need(rest[0], 'TOKEN'));
        print(r, () => `saved to the permanent store\n${formatRecords([r])}`);
        return 0;
      }
      case 'experiments': {
        if (rest[0]) {
          const { showCommand } = await import('./show-record.js');
          const o = {
            token: rest[0],
            json: Boolean(f.json),
            server: f.server,
            apiKey: f.server ? apiKey() : undefined,
            dataDir,
            env: io.env,
            print: out,
          };
          return await showCommand({ ...o, kind: 'experiments' });
        }
        const list = await (await open()).experiments(filter(f));
        print(list, () => formatRecords(list));
        return 0;
      }
      case 'admin': {
        if (rest[0] === 'users') {
          const { usersCommand } = await import('./users.js');
          const o = { admin: f.admin, server: f.server, json: f.json, dataDir, out };
          return await usersCommand({ ...o, args: rest.slice(1), apiKey: f.server ? apiKey() : undefined });
        }
        if (rest[0] !== 'logs')
          throw new UsageError(`unknown admin command '${rest[0] ?? ''}' (try: admin logs, admin users)`);
        if (f.service && !LOG_SERVICES.includes(f.service)) {
          throw new UsageError(`--service must be one of ${LOG_SERVICES.join(', ')}, got '${f.service}'`);
        }
        const logs = await (await open()).logs({
          service: f.service,
          from: time('from', f.from),
          to: time('to', f.to),
        });
        print(logs, () => formatLog(logs));
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
    }
  } catch (e) {
    io.stderr.write(`error: ${message(e)}\n`);
    return exitCode(e);
  } finally {
    if (api) await (api as Api).close();
  }
}

function filter(f: Flags): RecordFilter {
  return {
    ...(f.dataset ? { dataset: f.dataset } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.from ? { from: time('from', f.from) } : {}),
    ...(f.to ? { to: time('to', f.to) } : {}),
    ...(f.limit ? { limit: num('limit', f.limit, true) } : {}),
  };
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

function message(e: unknown): string {
  if (e instanceof HttpStatusError && e.violations?.length) return e.message;
  return e instanceof Error ? e.message : String(e);
}
