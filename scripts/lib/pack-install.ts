/**
 * Packs this repository with `npm pack` and installs the tarball into a fresh temporary project,
 * the way a user's `npm install autolearn` would (library only: no optional peers). Used by
 * scripts/install-size.ts and the acceptance test (src/package/acceptance.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

let registryUrl: string | null = null;
/** The configured npm registry (where `npm ci` fetched this repository's packages), ending in '/'. */
function registry(): string {
  registryUrl ??= execFileSync(NPM, ['config', 'get', 'registry'], { encoding: 'utf8' })
    .trim()
    .replace(/\/?$/, '/');
  return registryUrl;
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [k: string]: unknown;
}

/**
 * A package-lock.json for a project depending on `tarball` only, with the exact versions, URLs and
 * integrity of this repository's own lock for the package's dependency tree. `npm ci --offline` then
 * needs nothing but the tarballs that this repository's `npm ci` already put in the npm cache (no
 * registry metadata), which is what makes the offline install reliable on a fresh CI machine.
 */
export function consumerLock(tarball: string, fileName: string): object {
  const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as LockEntry & {
    name: string;
    version: string;
  };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'autolearn-consumer', version: '1.0.0', dependencies: { [pkg.name]: `file:${fileName}` } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${fileName}`,
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
    },
  };
  // Node's lookup in the root lock: <from>/node_modules/<dep>, then each parent's, then the top level
  const find = (from: string, dep: string): string => {
    let at = from;
    for (;;) {
      const key = `${at ? `${at}/` : ''}node_modules/${dep}`;
      if (rootLock.packages[key]) return key;
      if (!at)
        throw new Error(`package-lock.json has no entry for ${dep} (needed by ${from || 'autolearn'})`);
      const i = at.lastIndexOf('/node_modules/');
      at = i < 0 ? '' : at.slice(0, i);
    }
  };
  const queue: [string, Record<string, string> | undefined][] = [['', pkg.dependencies]];
  while (queue.length) {
    const [from, deps] = queue.pop()!;
    for (const dep of Object.keys(deps ?? {})) {
      const key = find(from, dep);
      if (packages[key]) continue;
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = rootLock.packages[key]!;
      // a lock written without `resolved` (npm's omit-lockfile-registry-resolved) makes npm fetch
      // registry metadata to find the tarball: give it the registry's standard tarball URL
      if (!entry.resolved && entry.version) {
        const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
        entry.resolved = `${registry()}${name}/-/${name.split('/').at(-1)}-${entry.version}.tgz`;
      }
      packages[key] = entry;
      queue.push([key, { ...entry.dependencies, ...entry.optionalDependencies }]);
    }
  }
  return { name: 'autolearn-consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

/**
 * Installs `tarball` into a new folder under the temp dir. `offline`: `npm ci --offline` on a lock
 * made from this repository's (see consumerLock), so only the local npm cache is used; otherwise
 * `npm install <tarball> --prefer-offline` (the cache first, the registry for what it lacks), like a
 * user's `npm install autolearn`.
 */
export function installTarball(tarball: string, options: { offline?: boolean } = {}): Installed {
  const dir = mkdtempSync(join(tmpdir(), 'autolearn-install-'));
  const fileName = tarball.slice(tarball.lastIndexOf('/') + 1);
  const manifest = { name: 'autolearn-consumer', version: '1.0.0', private: true, type: 'module' };
  if (options.offline) {
    copyFileSync(tarball, join(dir, fileName));
    const withDep = { ...manifest, dependencies: { autolearn: `file:${fileName}` } };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(withDep, null, 2));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(consumerLock(tarball, fileName), null, 2));
  } else {
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  }
  const t0 = performance.now();
  const r = spawnSync(
    NPM,
    [
      ...(options.offline ? ['ci', '--offline'] : ['install', tarball, '--prefer-offline']),
      '--no-audit',
      '--no-fund',
      '--loglevel=warn',
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  const log = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`npm install ${tarball} failed in ${dir} (exit ${r.status}):\n${log}`);
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
