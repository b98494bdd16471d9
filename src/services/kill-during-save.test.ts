/**
 * `save(id)` is atomic under SIGKILL: a child process moves records from the session store to the
 * permanent store and is killed at random moments (>= 50 times); afterwards every record is in
 * exactly one store, unchanged. The child is bundled once with esbuild (tsx's own dependency) so a
 * restart costs ~0.1 s; without esbuild it runs through tsx.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { openSqliteRepository } from './stores/sqlite-repository.js';
import type { ExperimentRecord } from './stores/types.js';
import { makeRecord } from './test-utils/records.js';

const KILLS = 52;
const LANES = 4;
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const childSource = fileURLToPath(new URL('./test-utils/save-child.ts', import.meta.url));

/** The command that runs the child: a bundled .mjs when esbuild is there, else tsx. */
async function childCommand(): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    const require = createRequire(import.meta.url);
    const sqlitePath = pathToFileURL(require.resolve('better-sqlite3')).href;
    const outfile = join(tmp, 'save-child.mjs');
    await esbuild.build({
      entryPoints: [childSource],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
      plugins: [
        {
          name: 'external-native',
          setup(b) {
            b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlitePath, external: true }));
          },
        },
      ],
    });
    return [outfile];
  } catch {
    return ['--import', 'tsx', childSource];
  }
}

function runChild(
  args: string[],
  file: string,
): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const child = spawn(process.execPath, [...args, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) =>
      out.includes('ready') ? resolve() : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, ready, exited };
}

describe('save under SIGKILL', () => {
  it(`never loses or duplicates a record across ${KILLS} kills`, async () => {
    const file = join(tmp, 'kill.db');
    const repo = await openSqliteRepository(file);
    const args = await childCommand();
    const rng = new Rng(2024);
    const all = new Map<string, ExperimentRecord>();
    let next = 1;
    const topUp = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = String(1_700_000_000_000 + next++);
        const r = makeRecord(id, Number(id), i % 2 ? 'Iris' : 'HeightWeight', i % 3 ? 'SVC' : 'GaussianNB');
        r.eval_data = [{ metric_name: 'test_precision_macro', metric_value: rng.next() }];
        await repo.session.insert(r);
        all.set(id, r);
      }
    };
    let kills = 0;
    let finished = 0;
    const started = Date.now();
    // Several lanes run at once: children race for the same records, and restarts overlap.
    const lane = async () => {
      while (kills < KILLS) {
        if ((await repo.session.count()) < 300) await topUp(400);
        const { child, ready, exited } = runChild(args, file);
        await ready;
        // Kill at a random moment within the child's saving loop.
        await new Promise((r) => setTimeout(r, 1 + rng.int(40)));
        if (child.exitCode === null && child.kill('SIGKILL')) kills++;
        else finished++;
        await exited;
        if (child.exitCode !== null && child.exitCode !== 0)
          throw new Error(`child failed with ${child.exitCode}`);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    const elapsed = Date.now() - started;

    const session = await repo.session.list();
    const permanent = await repo.permanent.list();
    const sessionIds = new Set(session.map((r) => r.id));
    const permanentIds = new Set(permanent.map((r) => r.id));
    expect(session.length + permanent.length).toBe(all.size);
    expect(sessionIds.size + permanentIds.size).toBe(all.size);
    for (const id of all.keys()) {
      const inSession = sessionIds.has(id);
      const inPermanent = permanentIds.has(id);
      expect(inSession !== inPermanent, `record ${id} must be in exactly one store`).toBe(true);
    }
    // Moved records are unchanged apart from their status.
    for (const r of permanent) expect(r).toEqual({ ...all.get(r.id), status: 'saved' });
    for (const r of session) expect(r).toEqual(all.get(r.id));
    expect(permanent.length).toBeGreaterThan(0);
    expect(kills).toBeGreaterThanOrEqual(50);
    console.info(
      `[kill-during-save] ${kills} SIGKILLs (${finished} runs ended on their own), ${all.size} records, ${permanent.length} moved, ${elapsed} ms`,
    );
    await repo.close();
  });
});
