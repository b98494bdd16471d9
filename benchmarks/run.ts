/**
 * The benchmark runner (`npm run bench -- --help`): our models on every available device, the ml.js
 * equivalents and scikit-learn, on identical CSV data, one child process per (system, model,
 * dataset, device). Prints one table per dataset and the PASS/MISS target lines, and writes the rows
 * to benchmarks/results/<date>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, parseArgs, USAGE } from './lib/args.js';
import {
  type BenchDataset,
  BUILTIN_REAL,
  externalDatasets,
  prepareBuiltin,
  SYNTHETIC,
} from './lib/datasets.js';
import { evaluateTargets, formatTable, SYN1M_MODELS } from './lib/report.js';
import { KERNEL_SVC_MAX_ROWS, type ModelName, type ResultRow, validateRow } from './lib/schema.js';
import { outcomeToRow, runChild } from './lib/spawn.js';
import { MLJS_MODELS } from './mljs/adapters.js';
import { loadOurModel } from './ours/models.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

interface Job {
  system: ResultRow['system'];
  model: ModelName;
  dataset: BenchDataset;
  device: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Set when the job cannot start; becomes an error row without spawning. */
  skipNote?: string;
}

/** Built-in sets this run asks for, in order. */
function builtinNames(o: BenchOptions): string[] {
  const all = [...BUILTIN_REAL, ...SYNTHETIC.map((s) => s.name)];
  const wanted = o.datasets;
  return all.filter((n) => (wanted ? wanted.includes(n) : n !== 'syn1m' || o.syn1m));
}

function sklearnStatus(python: string): string | null {
  const r = spawnSync(python, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function ourDevices(o: BenchOptions): Promise<{ names: string[]; unavailable: string[] }> {
  const devUrl = new URL('../src/core/devices.ts', import.meta.url).href;
  const mod = (await import(devUrl)) as {
    availableDevices(): { name: string; available: boolean; reason?: string }[];
  };
  const all = mod.availableDevices();
  const names = all.filter((d) => d.available).map((d) => d.name);
  const unavailable = all.filter((d) => !d.available).map((d) => `${d.name} (${d.reason ?? 'unavailable'})`);
  if (o.devices) {
    const unknown = o.devices.filter((d) => !names.includes(d));
    if (unknown.length) log(`!! requested devices not available here: ${unknown.join(', ')}`);
    return { names: names.filter((d) => o.devices!.includes(d)), unavailable };
  }
  return { names, unavailable };
}

function modelsFor(o: BenchOptions, ds: BenchDataset): ModelName[] {
  return o.models.filter((m) => {
    if ((m === 'SVC-rbf' || m === 'SVC-linear') && ds.nTrain + ds.nTest > KERNEL_SVC_MAX_ROWS) return false;
    if (ds.name === 'syn1m' && !SYN1M_MODELS.includes(m)) return false;
    return true;
  });
}

async function planJobs(
  o: BenchOptions,
  datasets: BenchDataset[],
  sklearnOk: boolean,
  devices: string[],
): Promise<Job[]> {
  const node = process.execPath;
  const tsx = ['--import', 'tsx'];
  const threads = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const supported = new Map<ModelName, string[] | string>();
  for (const m of o.models) {
    try {
      const Ctor = await loadOurModel(m);
      supported.set(m, [...new Ctor().supportedDevices]);
    } catch (e) {
      supported.set(m, (e as Error).message);
    }
  }
  const jobs: Job[] = [];
  // ml.js runs last: its capped fits take most of the time, and the targets need only ours + sklearn.
  const mljsJobs: Job[] = [];
  for (const ds of datasets) {
    const files = ['--train', ds.train, '--test', ds.test, '--repeats', String(o.quick ? 1 : 3)];
    for (const model of modelsFor(o, ds)) {
      if (!o.skipSklearn && sklearnOk) {
        jobs.push({
          system: 'scikit-learn',
          model,
          dataset: ds,
          device: 'cpu',
          command: o.python,
          args: [join(here, 'sklearn_bench.py'), '--model', model, ...files],
          env: { ...process.env, ...threads },
        });
      }
      if (!o.skipOurs) {
        const sup = supported.get(model)!;
        const base = { system: 'autolearn' as const, model, dataset: ds, command: node };
        if (typeof sup === 'string')
          jobs.push({ ...base, device: 'cpu', args: [], skipNote: `error: ${sup}` });
        else {
          const devs = devices.filter((d) => sup.includes(d));
          if (devs.length === 0) {
            jobs.push({
              ...base,
              device: 'cpu',
              args: [],
              skipNote: `no requested device among supported ${sup.join(', ')}`,
            });
          }
          for (const device of devs) {
            jobs.push({
              ...base,
              device,
              args: [...tsx, join(here, 'ours', 'runner.ts'), '--model', model, '--device', device, ...files],
            });
          }
        }
      }
      if (!o.skipMljs && MLJS_MODELS.includes(model)) {
        mljsJobs.push({
          system: 'ml.js',
          model,
          dataset: ds,
          device: 'cpu',
          command: node,
          args: [...tsx, join(here, 'mljs', 'runner.ts'), '--model', model, ...files],
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
    n_train: job.dataset.nTrain,
    d: job.dataset.d,
    fitCapS: o.caps[job.system],
  };
  if (job.skipNote) {
    return validateRow({
      system: ctx.system,
      model: ctx.model,
      dataset: ctx.dataset,
      device: ctx.device,
      n_train: ctx.n_train,
      d: ctx.d,
      fit_s: null,
      predict_s: null,
      accuracy: null,
      precision_macro: null,
      recall_macro: null,
      peak_rss_mb: null,
      note: job.skipNote,
    });
  }
  const outcome = await runChild({
    command: job.command,
    args: job.args,
    env: job.env,
    cwd: root,
    fitCapS: ctx.fitCapS,
    loadCapS: o.loadTimeoutS,
  });
  return validateRow(outcomeToRow(outcome, ctx));
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const started = Date.now();
  const dataDir = join(here, '.data');
  const datasets: BenchDataset[] = [];
  for (const name of builtinNames(o)) {
    log(`.. preparing ${name}`);
    const { dataset, reason } = await prepareBuiltin(name, dataDir, o.regenerate);
    if (dataset) datasets.push(dataset);
    else log(`!! skipped dataset ${name}: ${reason}`);
  }
  for (const dir of o.dataDirs) {
    const { datasets: ext, unpaired } = externalDatasets(dir);
    if (unpaired.length) log(`!! ${dir}: files without a partner ignored: ${unpaired.join(', ')}`);
    const taken = new Set(datasets.map((d) => d.name));
    for (const d of ext) {
      if (o.datasets && !o.datasets.includes(d.name)) continue;
      if (taken.has(d.name)) log(`!! ${d.train}: dataset name '${d.name}' already used; skipped`);
      else datasets.push(d);
    }
  }
  if (datasets.length === 0) throw new Error('no dataset to run (check --datasets / --data-dir)');

  const sklearnVersion = o.skipSklearn ? null : sklearnStatus(o.python);
  if (!o.skipSklearn && !sklearnVersion) {
    const bar = '!'.repeat(72);
    log(
      `${bar}\n!! skipped: scikit-learn not found (${o.python} cannot import sklearn + numpy);\n!! install Debian's python3-sklearn or pass --python PATH. No ours/sklearn ratios this run.\n${bar}`,
    );
  }
  const { names: devices, unavailable } = o.skipOurs ? { names: [], unavailable: [] } : await ourDevices(o);
  log(
    `.. datasets: ${datasets.map((d) => `${d.name} (${d.nTrain}/${d.nTest}, d=${d.d})`).join(', ')}\n` +
      `.. our devices: ${devices.join(', ') || 'none'}${unavailable.length ? `; unavailable: ${unavailable.join('; ')}` : ''}\n` +
      `.. scikit-learn: ${sklearnVersion ?? 'skipped'}; ml.js: ${o.skipMljs ? 'skipped' : 'on'}; fit caps: ours ${o.caps.autolearn} s, sklearn ${o.caps['scikit-learn']} s, ml.js ${o.caps['ml.js']} s`,
  );

  const jobs = await planJobs(o, datasets, sklearnVersion !== null, devices);
  const out = o.out ?? join(here, 'results', `${new Date().toISOString().slice(0, 10)}.json`);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const rows: ResultRow[] = [];
  const save = (): void => writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  save();
  // Smoke runs overlap four children; timed runs are strictly one at a time.
  const parallel = o.quick ? 4 : 1;
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
      log(
        `[${doneCount}/${jobs.length}] ${row.dataset} ${row.model} ${row.system}/${row.device}: fit ${row.fit_s === null ? '-' : row.fit_s.toPrecision(3)} s, acc ${row.accuracy === null ? '-' : row.accuracy.toFixed(4)}${row.note ? ` (${row.note.slice(0, 100)})` : ''}`,
      );
      const left = remaining.get(row.dataset)! - 1;
      remaining.set(row.dataset, left);
      if (left === 0 && !printed.has(row.dataset)) {
        printed.add(row.dataset);
        process.stdout.write(`\n${formatTable(row.dataset, rows)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));

  const testRows = new Map(datasets.map((d) => [d.name, d.nTest]));
  const lines = evaluateTargets(rows, testRows);
  process.stdout.write(
    `\nTargets${sklearnVersion ? '' : ' (skipped: scikit-learn not found, no ratios)'}:\n`,
  );
  for (const l of lines) process.stdout.write(`${l.status.padEnd(7)} ${l.text}\n`);
  process.stdout.write(
    `\n${rows.length} rows written to ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
}

main().catch((e: unknown) => {
  log(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
