/**
 * The benchmark runner (`npm run bench -- --help`): scikit-learn and our models (every requested
 * device) on identical data in one run, one child process per (system, model, dataset, device,
 * threads) whose first fit is the cold one and whose later fits are the warm repeats, plus extra
 * cold-only children for short fits. Prints one table per dataset and the MET/MISSED target lines;
 * writes results.json, results.csv, meta.json, README.md (+ README-root.md) and one SVG plot per model to
 * benchmarks/results/<date>-<machine>[-<profile>]/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, hostname, totalmem } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, parseArgs, USAGE } from './lib/args.js';
import { type OursLaunch, prepareOurs } from './lib/children.js';
import {
  type BenchDataset,
  BUILTIN_REAL,
  externalDatasets,
  prepareBuiltin,
  SYNTHETIC,
} from './lib/datasets.js';
import { readmeMarkdown } from './lib/markdown.js';
import { renderPlot } from './lib/plot.js';
import { evaluateTargets, formatTable } from './lib/report.js';
import {
  KERNEL_SVC_MAX_ROWS,
  type ModelName,
  PARALLEL_MODELS,
  type ResultRow,
  ROW_FIELDS,
  type Threads,
  validateRow,
} from './lib/schema.js';
import { type ChildOutcome, outcomeToRow, runChild } from './lib/spawn.js';
import { MLJS_MODELS } from './mljs/adapters.js';
import { loadOurModel } from './ours/models.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

interface Job {
  system: ResultRow['system'];
  model: ModelName;
  dataset: BenchDataset;
  device: string;
  threads: Threads;
  command: string;
  /** Arguments without --repeats / --warm-budget (added per child). */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Set when the job cannot start; becomes an error row without spawning. */
  skipNote?: string;
}

function sklearnStatus(python: string): string | null {
  const r = spawnSync(python, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Our devices for this run: the requested ones, or by default `cpu` plus `wasm-simd` when it loads
 * here and implements every kernel (other devices run only when named).
 */
async function ourDevices(o: BenchOptions): Promise<{ names: string[]; skipped: string[] }> {
  const mod = (await import(new URL('../src/core/devices.ts', import.meta.url).href)) as {
    availableDevices(): { name: string; available: boolean; reason?: string }[];
  };
  const all = mod.availableDevices();
  const available = all.filter((d) => d.available).map((d) => d.name);
  const skipped = all.filter((d) => !d.available).map((d) => `${d.name} (${d.reason ?? 'unavailable'})`);
  if (o.devices) {
    const unknown = o.devices.filter((d) => !available.includes(d));
    if (unknown.length) log(`!! requested devices not available here: ${unknown.join(', ')}`);
    return { names: available.filter((d) => o.devices!.includes(d)), skipped };
  }
  const names = ['cpu'];
  if (available.includes('wasm-simd')) {
    const missing = await missingKernels('wasm-simd');
    if (missing.length === 0) names.push('wasm-simd');
    else skipped.push(`wasm-simd (kernels not implemented yet: ${missing.join(', ')})`);
  }
  return { names, skipped };
}

/** Kernels a device lacks (registry.getKernels(...).implementation says 'missing'); all when the registry cannot load. */
async function missingKernels(device: string): Promise<string[]> {
  try {
    const reg = (await import(new URL('../src/core/kernels/registry.ts', import.meta.url).href)) as {
      getKernels(d: string): Promise<{ implementation: Record<string, string> }>;
    };
    const k = await reg.getKernels(device);
    return Object.entries(k.implementation)
      .filter(([, impl]) => impl === 'missing')
      .map(([name]) => name);
  } catch (e) {
    return [`(kernel registry: ${(e as Error).message})`];
  }
}

function modelsFor(o: BenchOptions, ds: BenchDataset): ModelName[] {
  const rows = ds.nTrain + ds.nTest;
  const only = o.datasetModels[ds.name];
  return o.models.filter((m) => {
    if (only && !only.includes(m)) return false;
    if ((m === 'SVC-rbf' || m === 'SVC-linear') && rows > KERNEL_SVC_MAX_ROWS) return false;
    const max = o.maxRows[m];
    return max === undefined || rows <= max;
  });
}

async function planJobs(
  o: BenchOptions,
  datasets: BenchDataset[],
  sklearnOk: boolean,
  devices: string[],
  ours: OursLaunch | null,
): Promise<Job[]> {
  const node = process.execPath;
  const oneThread = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const supported = new Map<ModelName, string[] | string>();
  for (const m of o.models) {
    try {
      const Ctor = await loadOurModel(m);
      supported.set(m, [...new Ctor().supportedDevices]);
    } catch (e) {
      supported.set(m, (e as Error).message);
    }
  }
  const columns = (system: ResultRow['system'], model: ModelName): Threads[] =>
    o.threads.filter((t) => t === '1' || PARALLEL_MODELS[system].includes(model));
  const jobs: Job[] = [];
  // ml.js runs last: its capped fits take most of the time, and the targets need only ours + sklearn.
  const mljsJobs: Job[] = [];
  for (const ds of datasets) {
    const files = ['--train', ds.trainBin, '--test', ds.testBin];
    for (const model of modelsFor(o, ds)) {
      const base = { model, dataset: ds };
      if (!o.skipSklearn && sklearnOk) {
        for (const threads of columns('scikit-learn', model)) {
          const env: NodeJS.ProcessEnv = { ...process.env, ...(threads === '1' ? oneThread : {}) };
          if (threads === 'all') for (const k of Object.keys(oneThread)) delete env[k];
          jobs.push({
            ...base,
            system: 'scikit-learn',
            device: 'cpu',
            threads,
            command: o.python,
            args: [join(here, 'sklearn_bench.py'), '--model', model, '--threads', threads, ...files],
            env,
          });
        }
      }
      if (ours) {
        const sup = supported.get(model)!;
        const mine = { ...base, system: 'autolearn' as const, command: node, threads: '1' as Threads };
        if (typeof sup === 'string')
          jobs.push({ ...mine, device: 'cpu', args: [], skipNote: `error: ${sup}` });
        else {
          const devs = devices.filter((d) => sup.includes(d));
          if (devs.length === 0) {
            jobs.push({
              ...mine,
              device: 'cpu',
              args: [],
              skipNote: `no requested device among supported ${sup.join(', ')}`,
            });
          }
          for (const device of devs) {
            for (const threads of columns('autolearn', model)) {
              jobs.push({
                ...mine,
                device,
                threads,
                args: [...ours.prefix, '--model', model, '--device', device, '--threads', threads, ...files],
              });
            }
          }
        }
      }
      if (!o.skipMljs && MLJS_MODELS.includes(model)) {
        mljsJobs.push({
          ...base,
          system: 'ml.js',
          device: 'cpu',
          threads: '1',
          command: node,
          args: [
            '--expose-gc',
            '--import',
            'tsx',
            join(here, 'mljs', 'runner.ts'),
            '--model',
            model,
            ...files,
          ],
        });
      }
    }
  }
  return [...jobs, ...mljsJobs];
}

async function runJob(job: Job, o: BenchOptions): Promise<ResultRow> {
  const ctx = {
    system: job.system,
    model: job.model,
    dataset: job.dataset.name,
    device: job.device,
    threads: job.threads,
    n_train: job.dataset.nTrain,
    n_test: job.dataset.nTest,
    d: job.dataset.d,
    fitCapS: o.caps[job.system],
  };
  if (job.skipNote) return validateRow({ ...outcomeToRow(emptyOutcome(), ctx), note: job.skipNote });
  const spawnOne = (repeats: number): Promise<ChildOutcome> =>
    runChild({
      command: job.command,
      args: [...job.args, '--repeats', String(repeats), '--warm-budget', String(o.warmBudgetS)],
      env: job.env,
      cwd: root,
      fitCapS: ctx.fitCapS,
      loadCapS: o.loadTimeoutS,
    });
  const main = await spawnOne(o.repeats);
  const extra: ChildOutcome[] = [];
  const cold = main.predicts.length ? main.fits[0]! : Number.POSITIVE_INFINITY;
  if (cold < o.coldRepeatUnderS) for (let k = 1; k < o.coldRuns; k++) extra.push(await spawnOne(0));
  return validateRow(outcomeToRow(main, ctx, extra));
}

function emptyOutcome(): ChildOutcome {
  return {
    loaded: null,
    fits: [],
    predicts: [],
    scores: null,
    peakRssMb: null,
    fitPeakRssMb: null,
    modelMb: null,
    note: '',
    error: null,
    timedOut: null,
    stderrTail: '',
  };
}

async function writeOutputs(
  dir: string,
  rows: ResultRow[],
  o: BenchOptions,
  header: string,
  meta: Record<string, unknown>,
): Promise<void> {
  const { stringify } = await import('csv-stringify/sync');
  writeFileSync(
    join(dir, 'results.csv'),
    stringify(
      rows.map((r) => ROW_FIELDS.map((f) => r[f] ?? '')),
      { header: true, columns: [...ROW_FIELDS] },
    ),
  );
  mkdirSync(join(dir, 'plots'), { recursive: true });
  const plots = new Map<ModelName, string>();
  for (const m of o.models) {
    const svg = await renderPlot(rows, m, header);
    if (!svg) continue;
    const file = `plots/${m.replace(/[^A-Za-z0-9-]+/g, '_')}.svg`;
    writeFileSync(join(dir, file), svg);
    plots.set(m, file);
  }
  const targets = evaluateTargets(rows, o.models);
  const title = `## Benchmark: ${header}`;
  writeFileSync(join(dir, 'README.md'), readmeMarkdown(rows, o.models, targets, title, plots));
  // The same with links from the repository root, to paste into the top-level README.
  const fromRoot = `${relative(root, dir).split(sep).join('/')}/`;
  writeFileSync(join(dir, 'README-root.md'), readmeMarkdown(rows, o.models, targets, title, plots, fromRoot));
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify({ ...meta, targets }, null, 2)}\n`);
}

function machineName(o: BenchOptions): string {
  return (o.machine ?? hostname()).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40) || 'machine';
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const started = Date.now();
  const dataDir = join(here, '.data');
  const builtin = new Set<string>([...BUILTIN_REAL, ...SYNTHETIC.map((s) => s.name)]);
  const datasets: BenchDataset[] = [];
  for (const name of o.datasets.filter((n) => builtin.has(n))) {
    log(`.. preparing ${name}`);
    const { dataset, reason } = await prepareBuiltin(name, dataDir, o.regenerate);
    if (dataset) datasets.push(dataset);
    else log(`!! skipped dataset ${name}: ${reason}`);
  }
  for (const dir of o.dataDirs) {
    const { datasets: ext, unpaired } = externalDatasets(dir, dataDir);
    if (unpaired.length) log(`!! ${dir}: files without a partner ignored: ${unpaired.join(', ')}`);
    const taken = new Set(datasets.map((d) => d.name));
    for (const d of ext) {
      if (taken.has(d.name)) log(`!! ${d.train}: dataset name '${d.name}' already used; skipped`);
      else datasets.push(d);
    }
  }
  if (datasets.length === 0) throw new Error('no dataset to run (check --datasets / --data-dir)');
  datasets.sort((a, b) => a.nTrain - b.nTrain);

  const sklearnVersion = o.skipSklearn ? null : sklearnStatus(o.python);
  if (!o.skipSklearn && !sklearnVersion) {
    const bar = '!'.repeat(72);
    log(
      `${bar}\n!! skipped: scikit-learn not found (${o.python} cannot import sklearn + numpy);\n!! install Debian's python3-sklearn or pass --python PATH. No ours/sklearn ratios this run.\n${bar}`,
    );
  }
  const { names: devices, skipped } = o.skipOurs ? { names: [], skipped: [] } : await ourDevices(o);
  // A dry run plans with the sources (it compiles nothing).
  const ours = o.skipOurs ? null : await prepareOurs(o.dryRun ? 'src' : o.lib, root, log);
  const cores = availableParallelism();
  const header = `${new Date().toISOString().slice(0, 10)}, ${machineName(o)} (${cores} cores, ${cpus()[0]?.model.trim() ?? 'cpu'}), Node ${process.version}, scikit-learn ${sklearnVersion ?? 'skipped'}, profile ${o.profile}`;
  log(
    `.. ${header}\n.. datasets: ${datasets.map((d) => `${d.name} (${d.nTrain}/${d.nTest}, d=${d.d})`).join(', ')}\n` +
      `.. our devices: ${devices.join(', ') || 'none'}${skipped.length ? `; not run: ${skipped.join('; ')}` : ''}\n` +
      `.. library: ${ours?.lib ?? '-'}; threads: ${o.threads.join(', ')}; cold runs ${o.coldRuns}, warm repeats ${o.repeats} (budget ${o.warmBudgetS} s); fit caps: ours ${o.caps.autolearn} s, sklearn ${o.caps['scikit-learn']} s, ml.js ${o.caps['ml.js']} s`,
  );
  if (ours?.warning) log(`!! ${ours.warning}`);

  const jobs = await planJobs(o, datasets, sklearnVersion !== null, devices, ours);
  if (o.dryRun) {
    for (const ds of datasets) {
      const mine = jobs.filter((j) => j.dataset === ds);
      const list = mine.map((j) => `${j.model} ${j.system}/${j.device}/${j.threads}`);
      process.stdout.write(`${ds.name}: ${mine.length} children\n  ${list.join('\n  ')}\n`);
    }
    process.stdout.write(
      `${jobs.length} children (plus up to ${o.coldRuns - 1} cold-only ones each whose cold fit is under ${o.coldRepeatUnderS} s)\n`,
    );
    return;
  }
  const outDir = resolve(
    o.out ??
      join(
        here,
        'results',
        `${new Date().toISOString().slice(0, 10)}-${machineName(o)}${o.profile === 'readme' ? '' : `-${o.profile}`}`,
      ),
  );
  mkdirSync(outDir, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    machine: machineName(o),
    cores,
    cpu: cpus()[0]?.model.trim() ?? null,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    scikit_learn: sklearnVersion,
    profile: o.profile,
    argv: process.argv.slice(2),
    library: ours?.lib ?? null,
    library_warning: ours?.warning ?? null,
    devices,
    devices_not_run: skipped,
    datasets: datasets.map((d) => ({ name: d.name, n_train: d.nTrain, n_test: d.nTest, d: d.d })),
    cold_runs: o.coldRuns,
    repeats: o.repeats,
    warm_budget_s: o.warmBudgetS,
  };
  const rows: ResultRow[] = [];
  const save = (): void => writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(rows, null, 2)}\n`);
  save();
  let next = 0;
  let doneCount = 0;
  const printed = new Set<string>();
  const remaining = new Map<string, number>();
  for (const j of jobs) remaining.set(j.dataset.name, (remaining.get(j.dataset.name) ?? 0) + 1);
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const row = await runJob(job, o);
      rows.push(row);
      save();
      doneCount++;
      const f = (v: number | null) => (v === null ? '-' : v.toPrecision(3));
      log(
        `[${doneCount}/${jobs.length}] ${row.dataset} ${row.model} ${row.system}/${row.device}/${row.threads}: cold ${f(row.cold_fit_s)} s, warm ${f(row.fit_s)} s, acc ${row.accuracy === null ? '-' : row.accuracy.toFixed(4)}${row.note ? ` (${row.note.slice(0, 100)})` : ''}`,
      );
      const left = remaining.get(row.dataset)! - 1;
      remaining.set(row.dataset, left);
      if (left === 0 && !printed.has(row.dataset)) {
        printed.add(row.dataset);
        process.stdout.write(`\n${formatTable(row.dataset, rows)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.parallel }, worker));

  const lines = evaluateTargets(rows, o.models);
  process.stdout.write(`\nTargets${sklearnVersion ? '' : ' (scikit-learn not found: no ratios)'}:\n`);
  const notRun = lines.filter((l) => l.status === 'NOT RUN');
  for (const l of lines) {
    if (l.status !== 'NOT RUN' || notRun.length <= 10)
      process.stdout.write(`${l.status.padEnd(7)} ${l.text}\n`);
  }
  if (notRun.length > 10)
    process.stdout.write(
      `NOT RUN ${notRun.length} targets need rows this run did not measure (listed in README.md)\n`,
    );
  await writeOutputs(outDir, rows, o, header, meta);
  process.stdout.write(
    `\n${rows.length} rows, plots and README.md written to ${outDir} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
}

main().catch((e: unknown) => {
  log(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
