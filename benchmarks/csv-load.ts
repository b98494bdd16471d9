/**
 * CSV load benchmark (issue acceptance: peak RSS < 3x the Float64 matrix). Generates an N x D CSV
 * with makeClassification + writeCsv (streaming writes) into a temp folder, then loads it in a
 * fresh child process through the pipeline (loadCsvDataset: csv-parse -> NumericRowParser ->
 * LabeledMatrixBuilder) and prints rows, seconds, matrix MB, peak RSS MB and the ratio. Each phase
 * runs in its own process so that the peak RSS measured is the loader's alone.
 *
 *   node --import tsx benchmarks/csv-load.ts [--rows 1000000] [--cols 20] [--keep] [--generic]
 *
 * `--generic` also loads through the general per-row pipe (csvRows -> parseNumericRows ->
 * collectRows with a size hint) for comparison.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MB = 1024 * 1024;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? (process.argv[i + 1] as string) : fallback;
}

function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB
}

async function generatePhase(file: string, rows: number, cols: number): Promise<void> {
  const { makeClassification, writeCsv } = await import('../src/datasets/index.js');
  const t0 = performance.now();
  const data = makeClassification({
    nSamples: rows,
    nFeatures: cols,
    nInformative: Math.min(cols, 5),
    nClasses: 3,
    seed: 1,
  });
  await writeCsv(file, data.X, data.y);
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000 })}\n`);
}

async function loadPhase(file: string, mode: string): Promise<void> {
  const { loadCsvDataset } = await import('../src/datasets/index.js');
  const { collectRows, countLines, csvRows, parseNumericRows } = await import('../src/pipeline/index.js');
  const baseline = peakRssBytes();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows: number;
  let cols: number;
  let classes: number;
  if (mode === 'generic') {
    const { newlines } = await countLines(file);
    const got = await collectRows(csvRows(file).pipe(parseNumericRows({ label: 'label' })), {
      sizeHint: newlines - 1,
    });
    rows = got.X.rows;
    cols = got.X.cols;
    classes = got.classes.length;
  } else {
    const ds = await loadCsvDataset(file, { label: 'label' });
    const all = ds.part('all');
    rows = all.X.rows;
    cols = all.X.cols;
    classes = ds.classes.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ rows, cols, classes, seconds, cpuSeconds, peakRss: peakRssBytes(), baselineRss: baseline })}\n`,
  );
}

function runChild(args: string[]): Record<string, number> {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<string, number>;
}

async function main(): Promise<void> {
  const phase = arg('phase', '');
  if (phase === 'generate')
    return generatePhase(arg('file', ''), Number(arg('rows', '0')), Number(arg('cols', '0')));
  if (phase === 'load') return loadPhase(arg('file', ''), arg('mode', 'dataset'));

  const rows = Number(arg('rows', '1000000'));
  const cols = Number(arg('cols', '20'));
  const dir = mkdtempSync(join(tmpdir(), 'autolearn-csv-load-'));
  const file = join(dir, `syn_${rows}x${cols}.csv`);
  const log = (s: string): void => {
    process.stdout.write(`${s}\n`);
  };
  try {
    log(`generating ${rows} x ${cols} CSV in ${dir} ...`);
    const gen = runChild([
      '--phase',
      'generate',
      '--file',
      file,
      '--rows',
      String(rows),
      '--cols',
      String(cols),
    ]);
    const size = statSync(file).size;
    log(`  written ${(size / MB).toFixed(1)} MiB in ${gen.seconds?.toFixed(1)} s`);
    const modes = process.argv.includes('--generic') ? ['dataset', 'generic'] : ['dataset'];
    for (const mode of modes) {
      const r = runChild(['--phase', 'load', '--file', file, '--mode', mode]);
      const matrixBytes = (r.rows as number) * (r.cols as number) * 8;
      const ratio = (r.peakRss as number) / matrixBytes;
      const label =
        mode === 'dataset'
          ? 'loadCsvDataset (batched fast path)'
          : 'csvRows -> parseNumericRows -> collectRows';
      log(`\n${label}`);
      log(`  rows            ${r.rows} x ${r.cols} (${r.classes} classes)`);
      log(
        `  seconds         ${(r.seconds as number).toFixed(2)} wall, ${(r.cpuSeconds as number).toFixed(2)} CPU (${((r.rows as number) / (r.seconds as number) / 1000).toFixed(0)}k rows/s, ${(size / MB / (r.seconds as number)).toFixed(1)} MiB/s wall)`,
      );
      log(`  matrix MiB      ${(matrixBytes / MB).toFixed(1)} (${(matrixBytes / 1e6).toFixed(0)} MB)`);
      log(
        `  peak RSS MiB    ${((r.peakRss as number) / MB).toFixed(1)} (process before loading: ${((r.baselineRss as number) / MB).toFixed(1)})`,
      );
      log(`  ratio           ${ratio.toFixed(2)} x matrix  -> ${ratio < 3 ? 'PASS' : 'FAIL'} (< 3)`);
    }
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${file}`);
  }
}

await main();
