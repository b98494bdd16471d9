/**
 * A local scale-out cluster in one command:
 *   node --import tsx scripts/cluster.ts --workers N [--eval-workers 1] [--jobs 6] [--exit]
 *     [--bus amqp://guest:guest@127.0.0.1:5672] [--store postgres://...] [--events postgres://...|nats://...]
 *     [--prefix autolearn.]
 * This process is the API / Session / Storage process (the ExperimentService whose jobs go to the
 * broker's queues); it spawns N training-worker and M evaluation-worker processes
 * (src/scale/process-main.ts), submits `--jobs` demo training requests through the service,
 * evaluates and saves the first, prints the records, then runs until Ctrl-C (or stops at once
 * with --exit) and shuts everything down cleanly.
 */
import { parseArgs } from 'node:util';
import { findPostgres, probeRabbit, type RoleProcess, spawnRole } from '../src/scale/local.js';
import { type RoleHandle, startRole } from '../src/scale/roles.js';
import { createLogger, stderrSink } from '../src/services/logger.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    'eval-workers': { type: 'string', default: '1' },
    jobs: { type: 'string', default: '6' },
    bus: { type: 'string', default: process.env.AUTOLEARN_BUS ?? 'amqp://guest:guest@127.0.0.1:5672' },
    store: { type: 'string', default: process.env.AUTOLEARN_STORE },
    events: { type: 'string', default: process.env.AUTOLEARN_EVENTS },
    prefix: { type: 'string', default: process.env.AUTOLEARN_QUEUE_PREFIX ?? 'autolearn.' },
    'data-dir': { type: 'string', default: process.env.AUTOLEARN_DATA_DIR },
    exit: { type: 'boolean', default: false },
  },
});

const say = (s: string) => process.stdout.write(`[cluster] ${s}\n`);
const fail = (s: string): never => {
  process.stderr.write(`[cluster] ${s}\n`);
  process.exit(1);
};

const nTrain = Number(values.workers);
const nEval = Number(values['eval-workers']);
const nJobs = Number(values.jobs);
if (!Number.isInteger(nTrain) || nTrain < 1) fail(`--workers must be an integer >= 1, got ${values.workers}`);
if (!Number.isInteger(nEval) || nEval < 0) fail(`--eval-workers must be an integer >= 0`);

const bus = values.bus as string;
const rabbit = await probeRabbit(bus);
if (!rabbit.url) fail(`RabbitMQ unreachable: ${rabbit.reason}`);
let store = values.store;
if (!store) {
  const pg = await findPostgres();
  if (!pg.url) fail(`PostgreSQL unreachable (${pg.reason}); pass --store`);
  store = `${pg.url}?schema=autolearn_cluster`;
}
const events = values.events ?? store;
const config = { bus, store, events, prefix: values.prefix, dataDir: values['data-dir'] };

const children: { name: string; p: RoleProcess }[] = [];
let api: RoleHandle | null = null;
let stopping: Promise<void> | null = null;

function shutdown(reason: string): Promise<void> {
  stopping ??= (async () => {
    say(`${reason}: stopping ${children.length} worker process(es) and the API process`);
    for (const c of children) if (c.p.child.exitCode === null) c.p.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.p.exited));
    if (api) await api.close();
    say('stopped');
  })();
  return stopping;
}
process.on('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
process.on('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));

const flags = (role: string) => {
  const f = ['--role', role, '--bus', bus];
  if (values.prefix) f.push('--prefix', values.prefix);
  return f;
};
for (let i = 1; i <= nTrain; i++) children.push({ name: `training#${i}`, p: spawnRole(flags('training')) });
for (let i = 1; i <= nEval; i++)
  children.push({ name: `evaluation#${i}`, p: spawnRole(flags('evaluation')) });
for (const c of children) {
  c.p.onEvent((e) => {
    if (e.event === 'job-done' || e.event.startsWith('bus-') || e.event === 'stopped')
      say(`${c.name} (pid ${e.pid}) ${e.event}${e.id ? ` ${e.id}` : ''}${e.ok === false ? ' FAILED' : ''}`);
  });
  void c.p.exited.then((code) => {
    if (!stopping) say(`${c.name} exited (${code}): ${c.p.stderr().trim().slice(-500)}`);
  });
}

try {
  api = await startRole('api', config, { logger: createLogger({ sinks: [stderrSink()] }) });
  await Promise.all(children.map((c) => c.p.waitFor((e) => e.event === 'ready', 60_000)));
} catch (e) {
  await shutdown(`start failed (${(e as Error).message})`);
  process.exit(1);
}
say(
  `up: API/session/storage (pid ${process.pid}) + ${nTrain} training + ${nEval} evaluation worker(s); bus ${bus.replace(/:[^:@/]+@/, ':***@')}, queues '${values.prefix}*', store ${store}`,
);

const service = api.service!;
const repo = api.repository!;
const request = (i: number) =>
  i % 2 === 0
    ? {
        train_data: {
          dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.25, split_seed: i },
          model: { model_name: 'GaussianNB', model_task: 'classification', model_hyperparams: [] },
          learning: {
            loss: 'negative_log_likelihood',
            learning_algorithm: 'maximum_likelihood',
            learning_hyperparams: [],
          },
        },
      }
    : {
        train_data: {
          dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.25, split_seed: i },
          model: { model_name: 'LogisticRegression', model_task: 'classification', model_hyperparams: [] },
          learning: { loss: 'cross_entropy', learning_algorithm: 'lbfgs', learning_hyperparams: [] },
        },
      };

if (nJobs > 0) {
  const t0 = performance.now();
  const trained = await Promise.all(Array.from({ length: nJobs }, (_, i) => service.train(request(i))));
  say(`${nJobs} training jobs done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  const first = trained[0];
  if (first && nEval > 0) {
    const { eval_data } = await service.evaluate(first.token);
    const acc = eval_data.find((m) => m.metric_name === 'test_accuracy');
    say(`evaluated ${first.created_at}: test_accuracy ${acc?.metric_value.toFixed(3)}`);
    await service.save(first.token);
    say(`saved ${first.created_at} to the permanent store`);
  }
  // the Session service stores each record when it consumes sessionRecord (and the api process
  // waits for that only when it reads one id): wait until all are listed
  const ids = trained.map((t) => String(t.created_at));
  const listed = async () =>
    [...(await repo.session.list()), ...(await repo.permanent.list())].filter((r) => ids.includes(r.id));
  for (let i = 0; i < 200 && (await listed()).length < nJobs; i++)
    await new Promise((r) => setTimeout(r, 50));
  const rows = await listed();
  console.log('| id | model | status | eval metrics |');
  console.log('|----|-------|--------|--------------|');
  for (const r of rows)
    console.log(
      `| ${r.id} | ${r.train_data.request.train_data.model.model_name} | ${r.status} | ${r.eval_data.length} |`,
    );
}

if (values.exit) {
  await shutdown('--exit');
  process.exit(0);
}
say('running; Ctrl-C to stop');
