import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvError, DataError } from '../core/errors.js';
import { collectRows, readCsvMatrix } from './collect.js';
import { countLines, csvRows } from './csv-source.js';
import { describeBadNumber, parseDecimal } from './number-cell.js';
import { CsvColumnError, parseNumericRows } from './numeric-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'autolearn-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function csvFile(text: string): string {
  const f = join(dir, `t${fileNo++}.csv`);
  writeFileSync(f, text);
  return f;
}

/** Loads through the generic pipe (csvRows -> parseNumericRows -> collectRows) and the fast path. */
async function bothLoaders(file: string, label: string | number = 'label') {
  const viaPipe = await collectRows(csvRows(file).pipe(parseNumericRows({ label })));
  const fast = await readCsvMatrix(file, { label });
  return { viaPipe, fast };
}

/** Expects both loaders to reject with a CsvError at this file, line and column. */
async function expectCsvError(text: string, line: number, column: number | string | null, reason: RegExp) {
  const file = csvFile(text);
  for (const load of [
    () => collectRows(csvRows(file).pipe(parseNumericRows({ label: 'label' }))),
    () => readCsvMatrix(file, { label: 'label' }),
  ]) {
    const err = await load().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CsvError);
    const e = err as CsvError;
    expect(e.file).toBe(file);
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.reason).toMatch(reason);
    expect(e.message).toContain(`${file}:${line}`);
  }
}

describe('CSV rows through csv-parse', () => {
  it('yields the header and records with the line each ends on (CRLF, blank lines, quoted newlines)', async () => {
    const f = csvFile('a,b,label\r\n1,2,x\r\n\r\n3,"4",y\r\n"5","6\n",z\r\n');
    const rows = await csvRows(f).toArray();
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b', 'label'],
      ['1', '2', 'x'],
      ['3', '4', 'y'],
      ['5', '6\n', 'z'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 6]);
    expect(rows.every((r) => r.file === f)).toBe(true);
  });

  it('loads a matrix and sorted label encoding the same way through both loaders', async () => {
    const f = csvFile('x1,label,x2\n1.5,b,-2\n2,a,3e2\n-0.25,c,4\n7,a,.5\n');
    const { viaPipe, fast } = await bothLoaders(f);
    for (const m of [viaPipe, fast]) {
      expect(m.X.rows).toBe(4);
      expect(Array.from(m.X.data)).toEqual([1.5, -2, 2, 300, -0.25, 4, 7, 0.5]);
      expect(m.classes).toEqual(['a', 'b', 'c']);
      expect(Array.from(m.y)).toEqual([1, 0, 2, 0]);
      expect(m.featureNames).toEqual(['x1', 'x2']);
    }
    expect(fast.labelName).toBe('label');
  });

  it('numeric labels become numbers sorted ascending (scikit-learn order)', async () => {
    const f = csvFile('a,label\n1,10\n2,9\n3,10\n4,-1\n');
    const m = await readCsvMatrix(f, { label: 'label' });
    expect(m.classes).toEqual([-1, 9, 10]);
    expect(Array.from(m.y)).toEqual([2, 1, 2, 0]);
  });

  it('selects features by name, in the order asked', async () => {
    const f = csvFile('a,b,c,label\n1,2,3,u\n4,5,6,v\n');
    const m = await readCsvMatrix(f, { label: 'label', features: ['c', 'a'] });
    expect(Array.from(m.X.data)).toEqual([3, 1, 6, 4]);
    expect(m.featureNames).toEqual(['c', 'a']);
  });

  it('a wrong column name throws CsvColumnError listing the header columns', async () => {
    const f = csvFile('a,b,label\n1,2,x\n');
    const err = await readCsvMatrix(f, { label: 'label', features: ['a', 'nope'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvColumnError);
    expect((err as CsvColumnError).available).toEqual(['a', 'b', 'label']);
    expect((err as CsvColumnError).message).toContain('"a", "b", "label"');
    const err2 = await readCsvMatrix(f, { label: 'species' }).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(CsvColumnError);
    expect((err2 as CsvColumnError).wanted).toBe('species');
  });

  it('preallocated and growing loads agree', async () => {
    const lines = ['f0,f1,label'];
    for (let i = 0; i < 3000; i++) lines.push(`${i},${i * 0.5},${i % 4}`);
    const f = csvFile(`${lines.join('\n')}\n\n\n`);
    const a = await readCsvMatrix(f, { label: 'label' });
    const b = await readCsvMatrix(f, { label: 'label', preallocate: false });
    expect(a.X.rows).toBe(3000);
    expect(a.X.data.length).toBe(6000);
    expect(a.X.data).toEqual(b.X.data);
    expect(a.y).toEqual(b.y);
    expect(await countLines(f)).toMatchObject({ newlines: 3003, endsWithNewline: true });
  });

  it('stopping early closes the file; a new pipe reads it again from the start', async () => {
    const lines = ['a,label'];
    for (let i = 0; i < 20000; i++) lines.push(`${i},x`);
    const f = csvFile(`${lines.join('\n')}\n`);
    const first: string[] = [];
    for await (const row of csvRows(f, { highWaterMark: 1024 })) {
      first.push(row.cells[0] as string);
      if (first.length === 3) break;
    }
    expect(first).toEqual(['a', '0', '1']);
    const p = csvRows(f).pipe(parseNumericRows());
    expect((await p.next()).value?.values[0]).toBe(0);
    await p.return();
  });

  it('a missing file is a DataError naming it', async () => {
    const missing = join(dir, 'missing.csv');
    await expect(csvRows(missing).toArray()).rejects.toThrow(DataError);
    await expect(readCsvMatrix(missing)).rejects.toThrow(missing);
  });
});

describe('malformed CSV: CsvError with file, line and column', () => {
  it('malformed row: unclosed quote', async () => {
    await expectCsvError('a,b,label\n1,2,x\n3,"4,y\n5,6,z\n', 3, 2, /malformed row.*never closed/);
  });

  it('malformed row: text after a closing quote', async () => {
    await expectCsvError('a,b,label\n1,2,x\n3,"4"5,y\n', 3, 2, /malformed row.*Invalid Closing Quote/i);
  });

  it('non-numeric cell', async () => {
    await expectCsvError('a,b,label\n1,2,x\n3,abc,y\n', 3, 2, /non-numeric cell "abc" in feature column 'b'/);
  });

  it('NaN cell', async () => {
    await expectCsvError('a,b,label\n1,2,x\n\n3,4,y\nNaN,4,y\n', 5, 1, /NaN is not allowed/);
  });

  it('Infinity cell (text or overflow)', async () => {
    await expectCsvError('a,b,label\n1,-Infinity,x\n', 2, 2, /Infinity is not allowed/);
    await expectCsvError('a,b,label\n1,2,x\n1e999,2,x\n', 3, 1, /Infinity is not allowed.*overflows/);
  });

  it('empty cell', async () => {
    await expectCsvError('a,b,label\n1,,x\n', 2, 2, /empty cell/);
  });

  it('missing column', async () => {
    await expectCsvError('a,b,label\n1,2,x\n3,4\n', 3, 3, /missing column.*2 cells.*header has 3.*'label'/);
  });

  it('extra column', async () => {
    await expectCsvError('a,b,label\r\n1,2,x\r\n3,4,y,9\r\n', 3, 4, /extra column.*4 cells.*header has 3/);
  });

  it('empty label', async () => {
    await expectCsvError('a,b,label\n1,2,\n', 2, 3, /empty label/);
  });
});

describe('parseDecimal (strict numeric cells)', () => {
  const reference = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/;

  it('reads back every float64 written by String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(parseDecimal(String(v)) === v).toBe(true); // -0 prints as '0'; === treats it as 0
      }),
    );
  });

  it('accepts exactly the plain decimal grammar (property against a regex reference)', () => {
    const chars = fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', ' ', 'x', 'N', 'a', ',', '\t');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 8 }).map((a) => a.join('')),
        (s) => {
          const v = parseDecimal(s);
          if (reference.test(s)) expect(v).toBe(Number(s));
          else expect(Number.isNaN(v)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects what Number() would accept but is not a plain number', () => {
    for (const s of ['', ' ', '0x1f', '0b1', 'Infinity', 'NaN', '1_000', '1e', '.', '-', '1.2.3']) {
      expect(Number.isNaN(parseDecimal(s))).toBe(true);
      expect(describeBadNumber(s)).not.toBeNull();
    }
    expect(describeBadNumber(' 1.5 ')).toBeNull();
  });
});
