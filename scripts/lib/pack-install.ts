/**
 * Packs this repository with `npm pack` and installs the tarball into a fresh temporary project,
 * the way a user's `npm install autolearn` would (library only: no optional peers). Used by
 * scripts/install-size.ts and the acceptance test (src/package/acceptance.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** `npm pack` of the built repository into `dir`; returns the tarball's path. */
export function pack(dir: string): string {
  const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(dir, info!.filename);
}

export interface Installed {
  /** The fresh project folder (holds node_modules/autolearn). */
  readonly dir: string;
  /** Wall time of `npm install`, ms. */
  readonly ms: number;
  /** Bytes on disk under node_modules. */
  readonly bytes: number;
  /** Packages installed (directories holding a package.json under node_modules). */
  readonly packages: number;
  /** npm's own output (warnings included). */
  readonly log: string;
}

/**
 * Installs `tarball` into a new folder under the temp dir. `offline` uses only the local npm cache
 * (`--offline`); otherwise `--prefer-offline` (the cache first, the registry for what it lacks).
 */
export function installTarball(
  tarball: string,
  options: { offline?: boolean; extra?: string[] } = {},
): Installed {
  const dir = mkdtempSync(join(tmpdir(), 'autolearn-install-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'autolearn-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  const t0 = performance.now();
  const log = execFileSync(
    NPM,
    [
      'install',
      tarball,
      ...(options.extra ?? []),
      options.offline ? '--offline' : '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=warn',
    ],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
    },
  );
  const ms = performance.now() - t0;
  const nm = join(dir, 'node_modules');
  return { dir, ms, bytes: diskBytes(nm), packages: countPackages(nm), log };
}

/** Disk usage like `du`: allocated blocks of every file, not counting hard links twice. */
export function diskBytes(path: string, seen = new Set<string>()): number {
  const st = statSync(path, { bigint: false });
  const id = `${st.dev}:${st.ino}`;
  if (seen.has(id)) return 0;
  seen.add(id);
  if (!st.isDirectory()) return st.blocks * 512;
  let total = st.blocks * 512;
  for (const e of readdirSync(path)) total += diskBytes(join(path, e), seen);
  return total;
}

function countPackages(nm: string): number {
  let n = 0;
  let entries: string[];
  try {
    entries = readdirSync(nm);
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) n += readdirSync(join(nm, e)).length;
    else n += 1;
  }
  return n;
}
