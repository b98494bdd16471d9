/**
 * The benchmark's binary data files, what every child reads (ours, ml.js and scikit-learn alike):
 * `<prefix>.f64` (row-major float64 little-endian features), `<prefix>.i32` (int32 labels) and
 * `<prefix>.json` ({rows, d}). They are written once from the CSV pair, so every system sees the
 * same float64 values; reading them allocates nothing but the arrays themselves, which keeps the
 * peak-RSS measurement about the fit and not about a parser's garbage (and a 1M-row set loads in
 * a fraction of a second instead of seconds per child).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readNumericCsv } from './csv.js';

export interface BinaryTable {
  X: Float64Array;
  y: Int32Array;
  rows: number;
  d: number;
}

interface BinaryMeta {
  rows: number;
  d: number;
}

/** Writes `<prefix>.f64/.i32/.json` (the .json last: it marks the set complete). */
export function writeBinary(prefix: string, X: Float64Array, y: Int32Array, d: number): void {
  const rows = y.length;
  if (X.length !== rows * d) throw new RangeError(`X has ${X.length} values, expected ${rows}x${d}`);
  writeFileSync(`${prefix}.f64`, new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
  writeFileSync(`${prefix}.i32`, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  writeFileSync(`${prefix}.json`, `${JSON.stringify({ rows, d } satisfies BinaryMeta)}\n`);
}

export function binaryMeta(prefix: string): BinaryMeta {
  return JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as BinaryMeta;
}

/** Reads a table written by writeBinary; the arrays view the file's bytes without a copy. */
export function readBinary(prefix: string): BinaryTable {
  const { rows, d } = binaryMeta(prefix);
  const xb = readFileSync(`${prefix}.f64`);
  const yb = readFileSync(`${prefix}.i32`);
  if (xb.byteLength !== rows * d * 8 || yb.byteLength !== rows * 4)
    throw new Error(`${prefix}: file sizes do not match ${rows} x ${d} (.json)`);
  // readFileSync of a large file returns a Buffer that owns its ArrayBuffer from offset 0; small
  // ones may sit at an unaligned offset in Node's pool, so those are copied.
  const X =
    xb.byteOffset % 8 === 0
      ? new Float64Array(xb.buffer, xb.byteOffset, rows * d)
      : new Float64Array(new Uint8Array(xb).buffer);
  const y =
    yb.byteOffset % 4 === 0
      ? new Int32Array(yb.buffer, yb.byteOffset, rows)
      : new Int32Array(new Uint8Array(yb).buffer);
  return { X, y, rows, d };
}

/** `<csv>` as a binary table at `prefix`, rewritten when missing or older than the CSV. */
export function ensureBinary(csv: string, prefix: string): BinaryMeta {
  const fresh =
    existsSync(`${prefix}.json`) &&
    existsSync(`${prefix}.f64`) &&
    statSync(`${prefix}.json`).mtimeMs >= statSync(csv).mtimeMs;
  if (!fresh) {
    const t = readNumericCsv(csv);
    writeBinary(prefix, t.X, t.y, t.d);
  }
  return binaryMeta(prefix);
}
