/**
 * fetchWithChecksum: downloads a file once into a cache folder, verifying its sha256 while it
 * streams to a temporary file; only a verified file is renamed into the cache. A cached file is
 * re-verified on every use (and fetched again if it was corrupted).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ChecksumError, DataError, ParamError } from '../core/errors.js';

export interface FetchWithChecksumOptions {
  /** Expected sha256, hex. */
  readonly sha256: string;
  /** Cache folder (default: `defaultCacheDir()`). */
  readonly cacheDir?: string;
  /** File name in the cache (default: the last segment of the URL path). */
  readonly fileName?: string;
  /** Abort the download after this many milliseconds (default 300 000). */
  readonly timeoutMs?: number;
}

export interface FetchedFile {
  readonly path: string;
  readonly sha256: string;
  /** True when no download happened (a verified cached copy was used). */
  readonly fromCache: boolean;
}

/** `$AUTOLEARN_CACHE_DIR`, else `$XDG_CACHE_HOME/autolearn`, else `~/.cache/autolearn`. */
export function defaultCacheDir(): string {
  const env = process.env.AUTOLEARN_CACHE_DIR;
  if (env) return env;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'autolearn');
}

/**
 * sha256 (hex) of a file, streamed.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { sha256File } from 'autolearn';
 *
 * writeFileSync('/tmp/hello.txt', 'hello');
 * console.log(await sha256File('/tmp/hello.txt'));
 * ```
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Throws ChecksumError unless `path` has the expected sha256. */
export async function verifyChecksum(path: string, expected: string, source = path): Promise<void> {
  const actual = await sha256File(path);
  if (actual !== expected.toLowerCase()) throw new ChecksumError(source, expected.toLowerCase(), actual);
}

/**
 * Returns the cached copy of `url` when it exists and matches `sha256`; otherwise downloads it to
 * a temporary file, hashing as it streams, and moves it into the cache only if the hash matches
 * (a mismatch throws ChecksumError and caches nothing).
 */
export async function fetchWithChecksum(
  url: string,
  options: FetchWithChecksumOptions,
): Promise<FetchedFile> {
  const expected = options.sha256?.toLowerCase();
  if (typeof expected !== 'string' || !/^[0-9a-f]{64}$/.test(expected)) {
    throw new ParamError('sha256', options.sha256, '64 hex digits', 'fetchWithChecksum');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ParamError('url', url, 'an absolute http(s) URL', 'fetchWithChecksum');
  }
  const dir = options.cacheDir ?? defaultCacheDir();
  const name = options.fileName ?? (basename(parsed.pathname) || 'download');
  const target = join(dir, name);
  if (await exists(target)) {
    const actual = await sha256File(target);
    if (actual === expected) return { path: target, sha256: actual, fromCache: true };
    await unlink(target).catch(() => {}); // a corrupted or stale copy: fetch again
  }
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
  const hash = createHash('sha256');
  try {
    let response: Response;
    try {
      response = await fetch(parsed, { signal: AbortSignal.timeout(options.timeoutMs ?? 300_000) });
    } catch (err) {
      throw new DataError(`download of ${url} failed: ${(err as Error).message}`, { cause: err });
    }
    if (!response.ok || response.body === null) {
      throw new DataError(`download of ${url} failed: HTTP ${response.status} ${response.statusText}`);
    }
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      hasher,
      createWriteStream(tmp),
    );
    const actual = hash.digest('hex');
    if (actual !== expected) throw new ChecksumError(url, expected, actual);
    await rename(tmp, target);
    return { path: target, sha256: actual, fromCache: false };
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
