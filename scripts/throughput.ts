/**
 * Training-job throughput with 1 and 2 worker processes on the local RabbitMQ:
 *   node --import tsx scripts/throughput.ts [--jobs 8] [--trees 200] [--workers 1,2] [--rounds 1] [--bus amqp://...]
 * Each job is a RandomForest (nJobs 1) on the synthetic `scale_synthetic` set (src/scale/bench-setup.ts;
 * size by AUTOLEARN_BENCH_ROWS / AUTOLEARN_BENCH_FEATURES). Jobs go through the broker's training
 * queue to `process-main --role training` processes and their answers come back on the reply queue,
 * as in the cluster. Prints a table with the load average next to it (the machine may be shared).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_DATASET } from '../src/scale/bench-setup.js';
import { QueueJobRunner } from '../src/scale/job-queue.js';
import { probeRabbit, type RoleProcess, spawnRole } from '../src/scale/local.js';
import { RabbitBus } from '../src/scale/rabbit-bus.js';
import type { TrainJob } from '../src/services/jobs.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '8' },
    trees: { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2' },
    rounds: { type: 'string', default: '1' },
    bus: { type: 'string', default: process.env.AUTOLEARN_BUS ?? 'amqp://guest:guest@127.0.0.1:5672' },
  },
});
const nJobs = Number(values.jobs);
const trees = Number(values.trees);
const counts = String(values.workers).split(',').map(Number);
const rounds = Number(values.rounds);
const setup = new URL('../src/scale/bench-setup.ts', import.meta.url).href;

const probe = await probeRabbit(values.bus);
if (!probe.url) {
  console.error(`RabbitMQ unreachable: ${probe.reason}`);
  process.exit(1);
}

const job = (seed: number): TrainJob => ({
  kind: 'train',
  dataset: { name: BENCH_DATASET, task: 'classification', splitTest: 0.25, splitSeed: seed },
  model: {
    name: 'RandomForestClassifier',
    task: 'classification',
    params: { nEstimators: trees, nJobs: 1, seed },
  },
  learning: { loss: 'gini', learningAlgorithm: 'cart', params: {} },
});

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Row {
  workers: number;
  seconds: number;
  /** mean wall and CPU ms of one job inside its worker */
  jobWallMs: number;
  jobCpuMs: number;
  load: string;
}

async function measure(w: number): Promise<Row> {
  const prefix = `autolearn_bench_${process.pid}_${w}_${Date.now().toString(36)}.`;
  const bus = await RabbitBus.connect({ url: values.bus as string, prefix });
  const runner = await QueueJobRunner.start(bus);
  const procs: RoleProcess[] = Array.from({ length: w }, () =>
    spawnRole(['--role', 'training', '--bus', values.bus as string, '--prefix', prefix, '--setup', setup]),
  );
  let seconds = 0;
  let before = '';
  let after = '';
  let t0Epoch = 0;
  try {
    await Promise.all(procs.map((p) => p.waitFor((e) => e.event === 'ready', 60_000)));
    // warm-up: one job per worker (module loading, JIT)
    await Promise.all(Array.from({ length: w }, (_, i) => runner.train(job(1000 + i))));
    before = load();
    t0Epoch = Date.now();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: nJobs }, (_, i) => runner.train(job(i))));
    seconds = (performance.now() - t0) / 1000;
    after = load();
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await runner.close();
    await bus.deleteQueues().catch(() => {});
    await bus.close();
  }
  // every event line is in once the processes have exited; count the measured jobs only
  const done = procs.map((p) =>
    p.events.filter((e) => e.event === 'job-done' && Number(e.startedAt) >= t0Epoch),
  );
  const all = done.flat();
  const mean = (k: string) => all.reduce((a, e) => a + Number(e[k] ?? 0), 0) / Math.max(1, all.length);
  console.error(
    `workers=${w}: ${nJobs} jobs in ${seconds.toFixed(2)} s; jobs per worker ${done.map((d) => d.length).join(', ')}; load ${before} -> ${after}`,
  );
  return {
    workers: w,
    seconds,
    jobWallMs: mean('wallMs'),
    jobCpuMs: mean('cpuMs'),
    load: `${before} -> ${after}`,
  };
}

const rows: Row[] = [];
for (let r = 0; r < rounds; r++) {
  // alternate the order so a drifting machine load does not favour one setting
  const order = r % 2 === 0 ? counts : [...counts].reverse();
  for (const w of order) rows.push(await measure(w));
}

console.log(
  `\nTraining-job throughput: RandomForest ${trees} trees (nJobs 1) on ${BENCH_DATASET} (${process.env.AUTOLEARN_BENCH_ROWS ?? 4000} x ${process.env.AUTOLEARN_BENCH_FEATURES ?? 20}), ${nJobs} jobs per run, ${cpus().length} CPUs`,
);
console.log(
  '| workers | jobs | wall s | jobs/s | speed-up vs 1 worker | job wall s (in worker) | job CPU s | CPU share per job | load avg 1/5/15 (before -> after) |',
);
console.log(
  '|--------:|-----:|-------:|-------:|---------------------:|-----------------------:|----------:|------------------:|:----------------------------------|',
);
const oneWorker = rows.filter((r) => r.workers === 1);
const baseJps = oneWorker.length
  ? oneWorker.reduce((a, r) => a + nJobs / r.seconds, 0) / oneWorker.length
  : 0;
for (const r of rows) {
  const jps = nJobs / r.seconds;
  console.log(
    `| ${r.workers} | ${nJobs} | ${r.seconds.toFixed(2)} | ${jps.toFixed(3)} | ${baseJps ? `${(jps / baseJps).toFixed(2)}x` : '-'} | ${(r.jobWallMs / 1000).toFixed(2)} | ${(r.jobCpuMs / 1000).toFixed(2)} | ${(r.jobCpuMs / Math.max(1, r.jobWallMs)).toFixed(2)} | ${r.load} |`,
  );
}
console.log(
  '(CPU share per job = CPU time / wall time of a job inside its worker: 1.00 means the worker had a core to itself; below 1 the machine was busy with other work.)',
);
