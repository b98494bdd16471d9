/**
 * Training-job throughput with 1 and 2 worker processes on the local RabbitMQ:
 *   node --import tsx scripts/throughput.ts [--jobs 8] [--trees 200] [--workers 1,2] [--bus amqp://...]
 * Each job is a RandomForest (nJobs 1) on the synthetic `scale_synthetic` set (src/scale/bench-setup.ts;
 * size by AUTOLEARN_BENCH_ROWS / AUTOLEARN_BENCH_FEATURES). Jobs go through the broker's training
 * queue to `process-main --role training` processes and their answers come back on the reply queue,
 * as in the cluster. Prints a table with the load average next to it (the machine may be shared).
 */
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { QueueJobRunner } from '../src/scale/job-queue.js';
import { probeRabbit, type RoleProcess, spawnRole } from '../src/scale/local.js';
import { RabbitBus } from '../src/scale/rabbit-bus.js';
import { BENCH_DATASET } from '../src/scale/bench-setup.js';
import type { TrainJob } from '../src/services/jobs.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '8' },
    trees: { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2' },
    bus: { type: 'string', default: process.env.AUTOLEARN_BUS ?? 'amqp://guest:guest@127.0.0.1:5672' },
  },
});
const nJobs = Number(values.jobs);
const trees = Number(values.trees);
const counts = String(values.workers).split(',').map(Number);
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
  perJob: number;
  load: string;
}
const rows: Row[] = [];
for (const w of counts) {
  const prefix = `autolearn_bench_${process.pid}_${w}.`;
  const bus = await RabbitBus.connect({ url: values.bus as string, prefix });
  const runner = await QueueJobRunner.start(bus);
  const procs: RoleProcess[] = Array.from({ length: w }, () =>
    spawnRole(['--role', 'training', '--bus', values.bus as string, '--prefix', prefix, '--setup', setup]),
  );
  try {
    await Promise.all(procs.map((p) => p.waitFor((e) => e.event === 'ready', 60_000)));
    // warm-up: one job per worker (module loading, JIT)
    await Promise.all(Array.from({ length: w }, (_, i) => runner.train(job(1000 + i))));
    const before = load();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: nJobs }, (_, i) => runner.train(job(i))));
    const seconds = (performance.now() - t0) / 1000;
    rows.push({ workers: w, seconds, perJob: (seconds * w) / nJobs, load: `${before} -> ${load()}` });
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    // every event line is in once the processes have exited
    const served = procs.map((p) => p.events.filter((e) => e.event === 'job-done').length);
    console.error(`workers=${w}: jobs done per worker process (warm-up included): ${served.join(', ')}`);
    await runner.close();
    await bus.deleteQueues().catch(() => {});
    await bus.close();
  }
}

const base = rows[0];
console.log(
  `\nTraining-job throughput: RandomForest ${trees} trees (nJobs 1) on ${BENCH_DATASET}, ${nJobs} jobs per run, ${cpus().length} CPUs`,
);
console.log(
  '| workers | jobs | wall s | jobs/s | speed-up | s per job per worker | load avg 1/5/15 min (before -> after) |',
);
console.log(
  '|--------:|-----:|-------:|-------:|---------:|---------------------:|:--------------------------------------|',
);
for (const r of rows) {
  const jps = nJobs / r.seconds;
  const speed = base ? jps / (nJobs / base.seconds) : 1;
  console.log(
    `| ${r.workers} | ${nJobs} | ${r.seconds.toFixed(2)} | ${jps.toFixed(3)} | ${speed.toFixed(2)}x | ${r.perJob.toFixed(2)} | ${r.load} |`,
  );
}
