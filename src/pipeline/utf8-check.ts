/**
 * Strict UTF-8 for CSV sources: a file that is not valid UTF-8 is an error (naming the line and
 * byte), never decoded with U+FFFD replacement characters that silently merge distinct labels.
 * Chunks pass through unchanged; the check is node:buffer's native isUtf8 per chunk, with the bytes
 * of a character split across two chunks carried over.
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { CsvError } from '../core/errors.js';

/** Encodings a CSV source may declare (default 'utf-8', checked strictly). */
export const CSV_ENCODINGS = ['utf-8', 'utf8', 'latin1', 'utf16le', 'ascii'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Bytes at the end of `b` that start an incomplete (possibly valid) multi-byte character. */
function incompleteTail(b: Buffer): number {
  const n = b.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const c = b[n - k] as number;
    if ((c & 0xc0) !== 0x80) {
      // a lead byte k bytes from the end: does its sequence need more than k bytes?
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      return need > k ? k : 0;
    }
  }
  return 0;
}

/** Offset of the first invalid byte of `b` (a complete buffer that isUtf8 rejected). */
function firstInvalid(b: Buffer): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i] as number;
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c < 0xe0) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c < 0xf0) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c < 0xf5) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need > n - 1) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

/** A pass-through Transform that throws a CsvError at the first byte that is not UTF-8. */
export class Utf8Check extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private line = 1;
  private offset = 0;
  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const b = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const tail = incompleteTail(b);
    const body = tail ? b.subarray(0, b.length - tail) : b;
    if (!isUtf8(body)) {
      done(this.failAt(body, firstInvalid(body)));
      return;
    }
    this.count(body);
    this.carry = tail ? Buffer.from(b.subarray(b.length - tail)) : Buffer.alloc(0);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length) done(this.failAt(this.carry, 0));
    else done();
  }

  private count(b: Buffer): void {
    let i = b.indexOf(10);
    while (i !== -1) {
      this.line++;
      i = b.indexOf(10, i + 1);
    }
    this.offset += b.length;
  }

  private failAt(b: Buffer, at: number): CsvError {
    this.count(b.subarray(0, at));
    const bytes = Array.from(b.subarray(at, at + 4), (v) => v.toString(16).padStart(2, '0')).join(' ');
    const utf16 =
      this.offset === 0 &&
      b.length >= 2 &&
      ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
    return new CsvError(
      this.file,
      this.line,
      null,
      `the file is not valid UTF-8 (byte offset ${this.offset}: ${bytes})${utf16 ? "; it starts with a UTF-16 byte order mark: pass encoding: 'utf16le'" : ''}; declare its encoding (e.g. encoding: 'latin1') to read it`,
    );
  }
}
