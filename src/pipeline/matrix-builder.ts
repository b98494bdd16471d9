/**
 * LabeledMatrixBuilder: the sink at the end of a loading pipeline. Rows are appended into one
 * growable row-major Float64Array (capacity doubles; preallocate with `reserve` when the row count
 * is known) and labels into a growable Int32Array through a label dictionary, so loading never
 * holds per-row objects. `finish()` sorts the classes like scikit-learn (via `encodeLabels`).
 */
import type { Label } from '../core/data.js';
import { DataError } from '../core/errors.js';
import { encodeLabels } from '../core/labels.js';
import type { Matrix } from '../core/matrix.js';
import { parseDecimal } from './number-cell.js';

/** How label text becomes a Label: numbers when every label is numeric ('auto', default). */
export type LabelType = 'auto' | 'string' | 'number';

export interface BuiltMatrix {
  readonly X: Matrix;
  /** Encoded labels (`classes[y[i]]`); -1 for every row when rows had no label. */
  readonly y: Int32Array;
  readonly classes: Label[];
}

/**
 * Grows a row-major matrix and its encoded labels row by row (amortized doubling), then hands out the
 * exact-size result; what the CSV readers and `collectRows` fill.
 */
export class LabeledMatrixBuilder {
  private data: Float64Array;
  private codes: Int32Array;
  private capacity: number;
  private n = 0;
  private readonly dict = new Map<Label, number>();
  private readonly raw: Label[] = [];
  private unlabeled = 0;

  constructor(
    readonly cols: number,
    capacityRows = 1024,
  ) {
    if (!Number.isInteger(cols) || cols <= 0)
      throw new DataError(`a matrix needs at least one column, got ${cols}`);
    this.capacity = Math.max(1, Math.floor(capacityRows));
    this.data = new Float64Array(this.capacity * cols);
    this.codes = new Int32Array(this.capacity);
  }

  get rows(): number {
    return this.n;
  }

  /** Ensures room for `rows` rows in total (one reallocation). */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const data = new Float64Array(rows * this.cols);
    data.set(this.data.subarray(0, this.n * this.cols));
    const codes = new Int32Array(rows);
    codes.set(this.codes.subarray(0, this.n));
    this.data = data;
    this.codes = codes;
    this.capacity = rows;
  }

  /**
   * Returns the buffer and offset where the next row's `cols` values go; call `commitRow` after
   * writing them. (Lets a parser write straight into the matrix without a temporary row.)
   */
  nextRowSlot(): { readonly buffer: Float64Array; readonly offset: number } {
    if (this.n === this.capacity) this.reserve(this.capacity * 2);
    return { buffer: this.data, offset: this.n * this.cols };
  }

  /** The buffer that `nextRowSlot` would return, with room ensured (no object allocated). */
  slotBuffer(): Float64Array {
    if (this.n === this.capacity) this.reserve(this.capacity * 2);
    return this.data;
  }

  /** Offset of the next row in `slotBuffer()`. */
  get slotOffset(): number {
    return this.n * this.cols;
  }

  /** Finishes the row written into the slot, with its label (null: unlabeled). */
  commitRow(label: Label | null): void {
    if (label === null) {
      this.codes[this.n] = -1;
      this.unlabeled++;
    } else {
      let code = this.dict.get(label);
      if (code === undefined) {
        code = this.raw.length;
        this.dict.set(label, code);
        this.raw.push(label);
      }
      this.codes[this.n] = code;
    }
    this.n++;
  }

  /** Distinct labels seen so far. */
  get distinctLabels(): number {
    return this.raw.length;
  }

  /** Appends one row (copies `values`). */
  appendRow(values: ArrayLike<number>, label: Label | null): void {
    if (values.length !== this.cols) {
      throw new DataError(`row ${this.n} has ${values.length} values, expected ${this.cols}`);
    }
    const buf = this.slotBuffer();
    const off = this.n * this.cols;
    for (let j = 0; j < this.cols; j++) buf[off + j] = values[j] as number;
    this.commitRow(label);
  }

  /**
   * The matrix (exactly `rows x cols`: the buffer is trimmed with one copy only when it was
   * over-allocated), the encoded labels and the sorted classes.
   */
  finish(labelType: LabelType = 'auto'): BuiltMatrix {
    const n = this.n;
    const data = this.capacity === n ? this.data : this.data.slice(0, n * this.cols);
    const codes = this.capacity === n ? this.codes : this.codes.slice(0, n);
    this.data = new Float64Array(0);
    this.codes = new Int32Array(0);
    this.capacity = 0;
    const X: Matrix = { rows: n, cols: this.cols, data };
    if (this.unlabeled > 0) {
      if (this.unlabeled !== n) throw new DataError(`${this.unlabeled} of ${n} rows have no label`);
      return { X, y: codes, classes: [] };
    }
    const labels = convertLabels(this.raw, labelType);
    const { classes, y: rank } = encodeLabels(labels);
    for (let i = 0; i < n; i++) codes[i] = rank[codes[i] as number] as number;
    return { X, y: codes, classes };
  }
}

/** Distinct raw labels -> Labels per `labelType`. */
function convertLabels(raw: readonly Label[], labelType: LabelType): Label[] {
  if (labelType === 'string') return raw.map((l) => String(l));
  const nums = raw.map((l) => (typeof l === 'number' ? l : parseDecimal(l)));
  const allNumeric = nums.every((v) => Number.isFinite(v));
  if (labelType === 'number') {
    const bad = raw.find((_, k) => !Number.isFinite(nums[k] as number));
    if (bad !== undefined)
      throw new DataError(`label ${JSON.stringify(bad)} is not a number (labelType 'number')`);
    return nums;
  }
  return allNumeric ? nums : raw.map((l) => String(l));
}
