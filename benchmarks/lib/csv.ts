/**
 * Numeric CSV pairs for the benchmark: header `f0..f{d-1},label`, one sample per line, integer
 * class labels. Reading is chunked and allocation-light (a 700k-row file must not blow the peak
 * RSS that the syn1m target measures); every system reads the very same files.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface NumericTable {
  /** Row-major features, rows x d. */
  X: Float64Array;
  /** Integer class labels. */
  y: Int32Array;
  rows: number;
  d: number;
}

const CHUNK = 1 << 22;
const NL = 10;
const CR = 13;
const COMMA = 44;

/** Reads a benchmark CSV (header f0..f{d-1},label). Throws naming the file and line on a bad cell. */
export function readNumericCsv(file: string): NumericTable {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    // Pass 1: count lines.
    let lines = 0;
    let last = NL;
    for (let pos = 0; ; ) {
      const got = readSync(fd, buf, 0, CHUNK, pos);
      if (got === 0) break;
      for (let i = 0; i < got; i++) if (buf[i] === NL) lines++;
      last = buf[got - 1]!;
      pos += got;
    }
    if (last !== NL) lines++;
    // Pass 2: parse.
    let d = -1;
    let X = new Float64Array(0);
    let y = new Int32Array(0);
    let row = -1; // -1 = header
    let col = 0;
    let lineNo = 1;
    let carry = '';
    const onLine = (line: string): void => {
      if (line.length === 0) return;
      if (row === -1) {
        const names = line.split(',');
        const n = names.length - 1;
        if (n < 1 || names[n] !== 'label' || names.some((h, j) => j < n && h !== `f${j}`)) {
          throw new Error(`${file}:1: header must be f0..f{d-1},label, got '${line.slice(0, 80)}'`);
        }
        d = n;
        X = new Float64Array((lines - 1) * d);
        y = new Int32Array(lines - 1);
        row = 0;
        return;
      }
      col = 0;
      let start = 0;
      const o = row * d;
      for (let i = 0; i <= line.length; i++) {
        if (i === line.length || line.charCodeAt(i) === COMMA) {
          const cell = line.slice(start, i);
          const v = Number(cell);
          if (cell.length === 0 || !Number.isFinite(v)) {
            throw new Error(`${file}:${lineNo}: column ${col} is not a finite number: '${cell}'`);
          }
          if (col < d) X[o + col] = v;
          else if (col === d) {
            if (!Number.isInteger(v))
              throw new Error(`${file}:${lineNo}: label must be an integer, got '${cell}'`);
            y[row] = v;
          }
          col++;
          start = i + 1;
        }
      }
      if (col !== d + 1) throw new Error(`${file}:${lineNo}: expected ${d + 1} cells, got ${col}`);
      row++;
    };
    for (let pos = 0; ; ) {
      const got = readSync(fd, buf, 0, CHUNK, pos);
      if (got === 0) break;
      pos += got;
      let start = 0;
      for (let i = 0; i < got; i++) {
        if (buf[i] === NL) {
          const end = i > start && buf[i - 1] === CR ? i - 1 : i;
          onLine(carry + buf.toString('latin1', start, end));
          carry = '';
          lineNo++;
          start = i + 1;
        }
      }
      carry += buf.toString('latin1', start, got);
    }
    if (carry.length) onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
    if (d < 0) throw new Error(`${file}: empty file (no header)`);
    if (row === 0) throw new Error(`${file}: no data rows`);
    return { X: X.subarray(0, row * d), y: y.subarray(0, row), rows: row, d };
  } finally {
    closeSync(fd);
  }
}

/** Writes a benchmark CSV; numbers in JavaScript's shortest exact round-trip form. */
export function writeNumericCsv(file: string, X: ArrayLike<number>, y: ArrayLike<number>, d: number): void {
  const rows = y.length;
  if (X.length !== rows * d) throw new RangeError(`X has ${X.length} values, expected ${rows}x${d}`);
  const fd = openSync(file, 'w');
  try {
    const header = `${Array.from({ length: d }, (_, j) => `f${j}`).join(',')},label\n`;
    writeSync(fd, header);
    let out = '';
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) out += `${X[i * d + j]},`;
      out += `${y[i]}\n`;
      if (out.length > 1 << 20) {
        writeSync(fd, out);
        out = '';
      }
    }
    if (out.length) writeSync(fd, out);
  } finally {
    closeSync(fd);
  }
}

export interface CsvPair {
  name: string;
  train: string;
  test: string;
}

/** Every `<name>_train.csv` with a matching `<name>_test.csv` in `dir`, sorted by name; unpaired files are reported. */
export function discoverPairs(dir: string): { pairs: CsvPair[]; unpaired: string[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`--data-dir: '${dir}' is not a directory`);
  const files = new Set(readdirSync(dir));
  const pairs: CsvPair[] = [];
  const unpaired: string[] = [];
  for (const f of [...files].sort()) {
    const m = /^(.+)_(train|test)\.csv$/.exec(f);
    if (!m) continue;
    const [, name, part] = m as unknown as [string, string, string];
    const other = `${name}_${part === 'train' ? 'test' : 'train'}.csv`;
    if (!files.has(other)) unpaired.push(f);
    else if (part === 'train') pairs.push({ name, train: join(dir, f), test: join(dir, other) });
  }
  return { pairs, unpaired };
}
