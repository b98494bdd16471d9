/**
 * What `npm publish` would ship (`npm pack --dry-run --json` of the built package): dist, the Iris CSV,
 * README, LICENSE and package.json, and nothing for developers only (tests, test utilities, fixtures,
 * benchmarks, sources, source maps). And the declared dependencies are honest: every package the
 * built code imports is declared, statically imported ones as dependencies.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
let files: string[] = [];

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  files = (JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path);
  if (!files.includes('dist/index.js'))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
}, 120_000);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('the published tarball', () => {
  it('ships dist, datasets/iris.csv, README.md, LICENSE and package.json', () => {
    for (const f of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'datasets/iris.csv',
      'README.md',
      'LICENSE',
      'package.json',
    ])
      expect(files).toContain(f);
    // every entry point of `exports` and the bin are in it
    for (const target of Object.values(pkg.exports as Record<string, string | Record<string, string>>)) {
      for (const f of typeof target === 'string' ? [target] : Object.values(target))
        expect(files).toContain(f.replace(/^\.\//, ''));
    }
    expect(files).toContain(pkg.bin.autolearn.replace(/^\.\//, ''));
  });

  it('ships nothing for developers only', () => {
    const devOnly = files.filter((f) =>
      /(^|\/)(src|benchmarks|examples|scripts|fixtures|test-utils|docs)\/|\.test\.|\.map$|\.tsbuildinfo$|^\.|\/\./.test(
        f,
      ),
    );
    expect(devOnly).toEqual([]);
    expect(files.filter((f) => f.startsWith('datasets/'))).toEqual(['datasets/iris.csv']);
  });

  it('has the metadata a registry page shows, and an MIT LICENSE', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} autolearn contributors/,
    );
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.keywords.length).toBeGreaterThan(3);
    expect(pkg.engines.node).toBe('>=20');
  });

  it('declares every package the built code imports (static imports as dependencies, lazy ones at least as optional peers)', () => {
    const js = walk(join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
    const bare = (spec: string) => !spec.startsWith('.') && !spec.startsWith('node:');
    const name = (spec: string) =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/');
    const staticDeps = new Set<string>();
    const lazyDeps = new Set<string>();
    for (const f of js) {
      // comments (TSDoc examples) are not code
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const m of code.matchAll(/^(?:import|export)[^'"]*?from ['"]([^'"]+)['"]/gm))
        if (bare(m[1]!)) staticDeps.add(name(m[1]!));
      for (const m of code.matchAll(/import\(['"]([^'"]+)['"]\)/g))
        if (bare(m[1]!)) lazyDeps.add(name(m[1]!));
    }
    const deps = Object.keys(pkg.dependencies ?? {});
    const peers = Object.keys(pkg.peerDependencies ?? {});
    expect([...staticDeps].filter((d) => !deps.includes(d))).toEqual([]);
    // tsx is only imported when running from the TypeScript sources (src/, never from dist/)
    expect([...lazyDeps].filter((d) => !deps.includes(d) && !peers.includes(d) && d !== 'tsx')).toEqual([]);
    for (const p of peers) expect(pkg.peerDependenciesMeta?.[p]?.optional, p).toBe(true);
    // and nothing declared that the built code never imports
    expect(deps.filter((d) => !staticDeps.has(d) && !lazyDeps.has(d))).toEqual([]);
  });
});
