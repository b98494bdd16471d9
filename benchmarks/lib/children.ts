/**
 * How our children load the library. `src`: the TypeScript sources through tsx (no build needed,
 * but tsx start-up lands in cold timings, worker threads included). `dist`: the compiled
 * JavaScript a user runs; the child runner itself is then transpiled (types stripped with the
 * TypeScript compiler) into benchmarks/.data/children/ and run by plain `node`, so no tsx hook
 * is loaded in the child or in the worker threads it starts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LibChoice } from './args.js';

/** The benchmark files the ours child needs, relative to benchmarks/. */
const CHILD_FILES = [
  'ours/runner.ts',
  'ours/models.ts',
  'lib/protocol.ts',
  'lib/binary.ts',
  'lib/csv.ts',
  'lib/schema.ts',
  'lib/stats.ts',
];

function newestMtime(dir: string, keep: (f: string) => boolean): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p, keep));
    else if (keep(p)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** True when dist/ exists and no library source is newer than it. */
export function distIsFresh(root: string): boolean {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'index.js'))) return false;
  const src = newestMtime(
    join(root, 'src'),
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('/web/'),
  );
  return newestMtime(dist, (f) => f.endsWith('.js')) >= src;
}

export interface OursLaunch {
  lib: 'src' | 'dist';
  /** node arguments before the child's own (`--model ...`). */
  prefix: string[];
  /** A line for the report when timings are not what a user sees. */
  warning: string | null;
}

/**
 * Resolves `--lib` to a way of launching our child: compiles dist/ first (tsc -p
 * tsconfig.build.json) when `dist` is asked for and it is missing or stale.
 */
export async function prepareOurs(
  choice: LibChoice,
  root: string,
  log: (s: string) => void,
): Promise<OursLaunch> {
  const here = join(root, 'benchmarks');
  let lib: 'src' | 'dist' = choice === 'src' ? 'src' : 'dist';
  if (choice === 'auto' && !distIsFresh(root)) lib = 'src';
  if (lib === 'dist' && !distIsFresh(root)) {
    log('.. dist/ is missing or older than src/: compiling the library (tsc -p tsconfig.build.json)');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${r.stdout}${r.stderr}`);
  }
  if (lib === 'src') {
    return {
      lib,
      prefix: [
        '--expose-gc',
        '--import',
        'tsx',
        join(here, 'ours', 'runner.ts'),
        '--lib-root',
        join(root, 'src'),
        '--lib-ext',
        'ts',
      ],
      warning:
        'our children ran the TypeScript sources through tsx: cold fits include tsx start-up of worker threads (use --lib dist for what users see)',
    };
  }
  const out = join(here, '.data', 'children');
  await transpileChildren(here, out);
  return {
    lib,
    prefix: [
      '--expose-gc',
      join(out, 'ours', 'runner.js'),
      '--lib-root',
      join(root, 'dist'),
      '--lib-ext',
      'js',
    ],
    warning: null,
  };
}

/** Strips the types of the child's files into `out` (same layout, .js), with the TypeScript compiler. */
export async function transpileChildren(here: string, out: string): Promise<void> {
  const ts = (await import('typescript')).default;
  for (const f of CHILD_FILES) {
    const js = ts.transpileModule(readFileSync(join(here, f), 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
      fileName: f,
    }).outputText;
    const dest = join(out, f.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  // ES modules wherever `out` lies (top-level await in the runner).
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
}
