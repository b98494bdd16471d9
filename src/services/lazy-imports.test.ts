/**
 * Importing the optional entry points loads no driver: better-sqlite3, pg and nats are imported only
 * inside the adapter factories. Checked in a fresh process (these drivers are CommonJS, so a load
 * shows up in require.cache).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadedDrivers(code: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    ${code}
    const require = createRequire(import.meta.url);
    const names = Object.keys(require.cache)
      .map((f) => /node_modules[\\\\/](better-sqlite3|pg|nats)[\\\\/]/.exec(f)?.[1])
      .filter(Boolean);
    console.log(JSON.stringify([...new Set(names)].sort()));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}

describe('lazy drivers', () => {
  it('importing eventsourcing, catalog and services loads none of them; opening a store loads its own', () => {
    expect(
      loadedDrivers(`
        await import('./src/eventsourcing/index.ts');
        await import('./src/catalog/index.ts');
        await import('./src/services/index.ts');`),
    ).toEqual([]);
    expect(
      loadedDrivers(`
        const { openEventStore } = await import('./src/eventsourcing/index.ts');
        const s = await openEventStore(${JSON.stringify(`sqlite:${join(tmp, 'lazy.db')}`)});
        await s.close();`),
    ).toEqual(['better-sqlite3']);
  });
});
