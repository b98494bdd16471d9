/**
 * GridSearchCV wall time with the fits in this thread (nJobs 1) and on worker threads (nJobs 2, and
 * -1 = every core), on the same data and grid; checks that every run gives the same cvResults
 * scores. Usage: `node --import tsx benchmarks/grid-search.ts [--samples 1500] [--repeats 3]`.
 * Prints one JSON line per setting: median and all wall times, and the process's CPU seconds (main
 * thread and workers), so a run on a busy machine shows the workers' overhead apart from the wall
 * time. The SVC's own pair threads are off (nJobs 1) so that only the search is parallel.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { makeClassification } from '../src/datasets/make-classification.js';
import { GridSearchCV } from '../src/model-selection/search.js';
import { SVC } from '../src/models/svc/index.js';
import { makePipeline } from '../src/preprocessing/pipeline.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const nSamples = arg('samples', 1500);
const repeats = arg('repeats', 3);
const data = makeClassification({ nSamples, nFeatures: 10, nInformative: 5, nClasses: 3, seed: 1 });
const y = Array.from(data.y as ArrayLike<number>);
const grid = { svc__C: [0.1, 1, 10], svc__gamma: [0.01, 0.1] };

let reference: string | null = null;
for (const nJobs of [1, 2, -1]) {
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const s = await new GridSearchCV(makePipeline(new StandardScaler(), new SVC({ nJobs: 1 })), grid, {
      cv: 5,
      nJobs,
      refit: false,
    }).fit(data.X, y);
    times.push((performance.now() - t0) / 1000);
    const scores = JSON.stringify(s.cvResults!.mean_test_score);
    reference ??= scores;
    if (scores !== reference) throw new Error(`nJobs ${nJobs}: scores differ from nJobs 1`);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6 / repeats;
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ bench: 'grid-search', nSamples, candidates: 6, folds: 5, nJobs, cores: availableParallelism(), medianS: sorted[Math.floor(sorted.length / 2)], timesS: times, cpuSPerRun: cpuS })}\n`,
  );
}
