import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksumError, DataError } from '../core/errors.js';
import { fetchWithChecksum, sha256File } from './fetch.js';
import { HEIGHT_WEIGHT_SHA256, loadHeightWeight, resolveHeightWeightFile } from './height-weight.js';

/** The shared copy: ../shared/datasets/height_weight.csv beside the repo root, or $AUTOLEARN_SHARED_DIR. */
function findSharedFile(): string | null {
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const candidates = [join(repoRoot, '..', 'shared', 'datasets', 'height_weight.csv')];
  if (process.env.AUTOLEARN_SHARED_DIR)
    candidates.push(join(process.env.AUTOLEARN_SHARED_DIR, 'datasets', 'height_weight.csv'));
  return candidates.find((p) => existsSync(p)) ?? null;
}

const shared = findSharedFile();
if (shared === null) {
  console.warn(
    '\n*** SKIPPING Height-Weight fetcher tests: height_weight.csv not found at ../shared/datasets/ beside the repo root nor under $AUTOLEARN_SHARED_DIR/datasets/ ***\n',
  );
}

describe.skipIf(shared === null)('Height-Weight through a real HTTP fetch (local server)', () => {
  const file = shared as string;
  const hits = new Map<string, number>();
  let server: Server;
  let base = '';
  const tmp = mkdtempSync(join(tmpdir(), 'autolearn-hw-'));

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = path.split('?')[0];
      if (route === '/data/height_weight.csv') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        createReadStream(file).pipe(res);
      } else if (route === '/tampered/height_weight.csv') {
        const body = readFileSync(file);
        body[body.length - 3] = body[body.length - 3] === 0x31 ? 0x32 : 0x31; // one digit changed
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(tmp, { recursive: true, force: true });
  });

  const dirFor = (name: string) => join(tmp, name);
  const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

  it('the served file is the one with the published checksum', async () => {
    expect(await sha256File(file)).toBe(HEIGHT_WEIGHT_SHA256);
  });

  it('downloads once, verifies, caches; the second call does no HTTP request', async () => {
    const cacheDir = dirFor('cache-ok');
    const url = `${base}/data/height_weight.csv`;
    const first = await fetchWithChecksum(url, { sha256: HEIGHT_WEIGHT_SHA256, cacheDir });
    expect(first.fromCache).toBe(false);
    expect(first.path).toBe(join(cacheDir, 'height_weight.csv'));
    expect(readFileSync(first.path).equals(readFileSync(file))).toBe(true);
    expect(hits.get('/data/height_weight.csv')).toBe(1);
    const second = await fetchWithChecksum(url, { sha256: HEIGHT_WEIGHT_SHA256, cacheDir });
    expect(second.fromCache).toBe(true);
    expect(hits.get('/data/height_weight.csv')).toBe(1);
    expect(listing(cacheDir)).toEqual(['height_weight.csv']);
  });

  it('a corrupted cached copy is fetched again', async () => {
    const cacheDir = dirFor('cache-corrupt');
    const url = `${base}/data/height_weight.csv?corrupt`;
    await fetchWithChecksum(url, { sha256: HEIGHT_WEIGHT_SHA256, cacheDir, fileName: 'height_weight.csv' });
    writeFileSync(join(cacheDir, 'height_weight.csv'), 'sex,BMI\nM,1\n');
    const again = await fetchWithChecksum(url, {
      sha256: HEIGHT_WEIGHT_SHA256,
      cacheDir,
      fileName: 'height_weight.csv',
    });
    expect(again.fromCache).toBe(false);
    expect(await sha256File(again.path)).toBe(HEIGHT_WEIGHT_SHA256);
    expect(hits.get('/data/height_weight.csv?corrupt')).toBe(2);
  });

  it('a wrong checksum is a ChecksumError and nothing is cached', async () => {
    const cacheDir = dirFor('cache-bad');
    const err = await fetchWithChecksum(`${base}/tampered/height_weight.csv`, {
      sha256: HEIGHT_WEIGHT_SHA256,
      cacheDir,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as ChecksumError).expected).toBe(HEIGHT_WEIGHT_SHA256);
    expect((err as ChecksumError).actual).toMatch(/^[0-9a-f]{64}$/);
    expect((err as ChecksumError).actual).not.toBe(HEIGHT_WEIGHT_SHA256);
    expect(listing(cacheDir)).toEqual([]);
    // The genuine file under a wrong expected hash fails the same way.
    const wrong = '0'.repeat(64);
    await expect(
      fetchWithChecksum(`${base}/data/height_weight.csv`, { sha256: wrong, cacheDir }),
    ).rejects.toThrow(ChecksumError);
    expect(listing(cacheDir)).toEqual([]);
  });

  it('an HTTP error is a DataError and nothing is cached', async () => {
    const cacheDir = dirFor('cache-404');
    await expect(
      fetchWithChecksum(`${base}/nope.csv`, { sha256: HEIGHT_WEIGHT_SHA256, cacheDir }),
    ).rejects.toThrow(DataError);
    expect(listing(cacheDir)).toEqual([]);
  });

  it('loadHeightWeight downloads, caches and loads 4231 rows (sex ~ BMI, height, weight)', async () => {
    const cacheDir = dirFor('cache-load');
    const emptyDataDir = dirFor('empty-data');
    const opts = {
      url: `${base}/data/height_weight.csv?load`,
      cacheDir,
      dataDir: emptyDataDir,
      repoDir: null,
    };
    const ds = await loadHeightWeight({ ...opts, split: { test: 0.25, seed: 3 } });
    expect(hits.get('/data/height_weight.csv?load')).toBe(1);
    expect(ds.nRecords).toBe(4231);
    expect(ds.featureNames).toEqual(['BMI', 'height', 'weight']);
    expect(ds.labelName).toBe('sex');
    expect(ds.classes).toEqual(['F', 'M']);
    // Reference: a naive independent parse of the same file.
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1);
    const counts = { F: 0, M: 0 };
    const mean = [0, 0, 0];
    for (const l of lines) {
      const [sex, ...v] = l.split(',');
      counts[sex as 'F' | 'M']++;
      v.forEach((x, j) => {
        mean[j] = (mean[j] as number) + Number(x) / lines.length;
      });
    }
    expect(Array.from(ds.classCounts())).toEqual([counts.F, counts.M]);
    const raw = ds.setScaler(null).part('all').X;
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let i = 0; i < raw.rows; i++) m += (raw.data[i * 3 + j] as number) / raw.rows;
      expect(m).toBeCloseTo(mean[j] as number, 9);
    }
    expect(ds.part('test').X.rows).toBe(Math.ceil(0.25 * 4231));
    expect((await resolveHeightWeightFile(opts)).origin).toBe('cache');
    expect(hits.get('/data/height_weight.csv?load')).toBe(1);
  });

  it('a configured data folder is used first (no HTTP), and its copy is checksum-verified', async () => {
    const before = [...hits.values()].reduce((a, b) => a + b, 0);
    const got = await resolveHeightWeightFile({
      dataDir: dirname(file),
      url: `${base}/data/height_weight.csv`,
      repoDir: null,
    });
    expect(got).toEqual({ path: file, origin: 'dataDir' });
    expect([...hits.values()].reduce((a, b) => a + b, 0)).toBe(before);
    const badDir = dirFor('bad-data');
    rmSync(badDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(badDir, { recursive: true }));
    writeFileSync(join(badDir, 'height_weight.csv'), 'sex,BMI,height,weight\nM,1,2,3\n');
    await expect(loadHeightWeight({ dataDir: badDir, repoDir: null })).rejects.toThrow(ChecksumError);
  });
});
