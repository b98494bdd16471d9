/**
 * writeCsv: writes a Matrix plus labels as CSV (header `f0..f{d-1},label` by default), streaming
 * in chunks with back-pressure so that large data never becomes one string. Numbers are written
 * with the shortest text that reads back to the same float64.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Label } from '../core/data.js';
import { DataError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

export interface WriteCsvOptions {
  /** Header names of the features (default f0..f{d-1}). */
  readonly featureNames?: readonly string[];
  /** Header name of the label column (default 'label'). */
  readonly labelName?: string;
  /** When `labels` are encoded indices, the class of each index (written instead of the index). */
  readonly classes?: readonly Label[];
}

/** Quotes a text cell when it holds a delimiter, quote or line break. */
export function csvCell(value: Label): string {
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes `X` (and `labels`, one per row, or null for none) to `file`, creating its folder.
 * Resolves when the file is flushed.
 *
 * @example
 * ```ts
 * import { makeClassification, readCsvMatrix, writeCsv } from 'autolearn';
 *
 * const { X, y } = makeClassification({ nSamples: 50, nFeatures: 5, seed: 0 });
 * await writeCsv('/tmp/synthetic.csv', X, Array.from(y));
 * console.log((await readCsvMatrix('/tmp/synthetic.csv')).X.rows); // 50
 * ```
 */
export async function writeCsv(
  file: string,
  X: Matrix,
  labels: ArrayLike<Label> | null,
  options: WriteCsvOptions = {},
): Promise<void> {
  const d = X.cols;
  const names = options.featureNames ?? Array.from({ length: d }, (_, j) => `f${j}`);
  if (names.length !== d) throw new DataError(`writeCsv: ${names.length} feature names for ${d} columns`);
  if (labels !== null && labels.length !== X.rows) {
    throw new DataError(`writeCsv: X has ${X.rows} rows but ${labels.length} labels`);
  }
  const classes = options.classes;
  const labelText = (i: number): string => {
    const l = (labels as ArrayLike<Label>)[i] as Label;
    if (classes === undefined) return csvCell(l);
    const c = classes[l as number];
    if (c === undefined) throw new DataError(`writeCsv: label index ${String(l)} at row ${i} has no class`);
    return csvCell(c);
  };
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  const header = names.map(csvCell);
  if (labels !== null) header.push(csvCell(options.labelName ?? 'label'));
  let chunk = `${header.join(',')}\n`;
  const data = X.data;
  for (let i = 0; i < X.rows; i++) {
    let line = '';
    for (let j = 0; j < d; j++) line += (j === 0 ? '' : ',') + String(data[i * d + j]);
    if (labels !== null) line += `,${labelText(i)}`;
    chunk += `${line}\n`;
    if (chunk.length >= 1 << 16) {
      const ok = out.write(chunk);
      chunk = '';
      if (!ok) await Promise.race([once(out, 'drain'), failed]);
    }
  }
  out.end(chunk);
  await Promise.race([once(out, 'finish'), failed]);
}
