/**
 * Input integrity of CSV sources (issue 12): strict UTF-8 unless an encoding is declared, a
 * record-size cap that fails fast on a huge line, a cap on distinct labels, and empty cells as
 * errors naming line and column.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvError, ParamError } from '../core/errors.js';
import { loadCsvDataset } from '../datasets/csv-dataset.js';
import { readCsvMatrix } from './collect.js';
import { csvRowBatches } from './csv-source.js';

const dir = mkdtempSync(join(tmpdir(), 'autolearn-csv-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer): string {
  const p = join(dir, `f${n++}.csv`);
  writeFileSync(p, content);
  return p;
}

async function allCells(path: string, options = {}): Promise<string[][]> {
  const out: string[][] = [];
  for await (const b of csvRowBatches(path, options)) for (const r of b) out.push([...r.cells]);
  return out;
}

describe('CSV text encoding', () => {
  // 'café' in latin1: 0xe9 is not valid UTF-8 on its own
  const latin1 = Buffer.concat([
    Buffer.from('x,label\n1,caf'),
    Buffer.from([0xe9]),
    Buffer.from('\n2,cafe\n'),
  ]);

  it('a latin1 file is a CsvError naming its line (not U+FFFD merging classes)', async () => {
    const p = file(latin1);
    const err = await readCsvMatrix(p, { label: 'label' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(2);
    expect((err as CsvError).message).toMatch(/not valid UTF-8.*encoding/);
  });

  it("with encoding: 'latin1' declared it reads the two distinct labels", async () => {
    const m = await readCsvMatrix(file(latin1), { label: 'label', encoding: 'latin1' });
    expect(m.classes).toEqual(['cafe', 'café']);
  });

  it('a UTF-16 file without a declared encoding says so; with utf16le it is read', async () => {
    const text = 'x,label\n1,a\n2,b\n';
    const p = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await expect(readCsvMatrix(p, { label: 'label' })).rejects.toThrow(/UTF-16.*utf16le/);
    const m = await readCsvMatrix(p, { label: 'label', encoding: 'utf16le' });
    expect(m.classes).toEqual(['a', 'b']);
  });

  it('an unknown encoding is a ParamError', async () => {
    await expect(readCsvMatrix(file('x,y\n1,2\n'), { encoding: 'ebcdic' as never })).rejects.toBeInstanceOf(
      ParamError,
    );
  });

  it('valid UTF-8 split across read chunks at every byte is accepted unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 7 }),
        async (words, hwm) => {
          const clean = words.map((w) => w.replace(/[",\r\n]/g, 'x'));
          const p = file(`w\n${clean.join('\n')}\n`);
          const rows = await allCells(p, { highWaterMark: hwm, skipEmptyLines: false });
          expect(rows.slice(1).map((r) => r[0])).toEqual(clean);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it('invalid bytes anywhere (overlong, surrogate, truncated) are refused whatever the chunking', async () => {
    const bad = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]];
    for (const seq of bad) {
      for (const hwm of [1, 2, 3, 64]) {
        const p = file(Buffer.concat([Buffer.from('w\nok\nab'), Buffer.from(seq), Buffer.from('\nend\n')]));
        const err = await allCells(p, { highWaterMark: hwm }).catch((e: unknown) => e);
        expect(err, `${seq} / ${hwm}`).toBeInstanceOf(CsvError);
        expect((err as CsvError).line).toBe(3);
      }
    }
  });
});

describe('CSV record-size cap', () => {
  it('a huge one-line file fails fast with a typed error, after reading about the cap only', async () => {
    // 64 MiB on one line without a newline; the cap is 1 MiB
    const p = join(dir, 'huge.csv');
    await new Promise<void>((resolve, reject) => {
      const ws = createWriteStream(p);
      ws.on('error', reject);
      const chunk = Buffer.alloc(1 << 20, 0x31);
      let i = 0;
      const write = (): void => {
        while (i < 64) {
          i++;
          if (!ws.write(chunk)) {
            ws.once('drain', write);
            return;
          }
        }
        ws.end(resolve);
      };
      write();
    });
    const before = process.memoryUsage().rss;
    const err = await readCsvMatrix(p, { header: false, label: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(1);
    expect((err as Error).message).toMatch(/maxRecordSize/);
    // the streaming parser path (no line pre-count) fails the same way
    const err2 = await readCsvMatrix(p, { header: false, label: null, preallocate: false }).catch(
      (e: unknown) => e,
    );
    expect(err2).toBeInstanceOf(CsvError);
    expect((err2 as Error).message).toMatch(/maxRecordSize/);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 << 20);
  });

  it('maxRecordSize is configurable and records under it load', async () => {
    const p = file(`a,b\n${'1'.repeat(100)},2\n`);
    await expect(readCsvMatrix(p, { label: 'b', maxRecordSize: 50 })).rejects.toThrow(/maxRecordSize/);
    const m = await readCsvMatrix(p, { label: 'b', maxRecordSize: 200 });
    expect(m.X.rows).toBe(1);
  });
});

describe('CSV class cap and missing cells', () => {
  const many = (k: number): string =>
    `x,label\n${Array.from({ length: k }, (_, i) => `${i},c${i}`).join('\n')}\n`;

  it('a 10k-class label column is refused with a clear error at the row over the cap', async () => {
    const err = await readCsvMatrix(file(many(10_000)), { label: 'label' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(1002);
    expect((err as Error).message).toMatch(/more than 1000 distinct values.*maxClasses/);
  });

  it('maxClasses is configurable (loadCsvDataset forwards it)', async () => {
    const p = file(many(30));
    await expect(loadCsvDataset(p, { label: 'label', maxClasses: 20 })).rejects.toThrow(/more than 20/);
    const ds = await loadCsvDataset(p, { label: 'label', maxClasses: 30 });
    expect(ds.part('all').classes).toHaveLength(30);
  });

  it('loadCsvDataset refuses a latin1 file unless the encoding is declared', async () => {
    const p = file(
      Buffer.concat([Buffer.from('x,label\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n2,cafe\n')]),
    );
    await expect(loadCsvDataset(p, { label: 'label' })).rejects.toBeInstanceOf(CsvError);
    const ds = await loadCsvDataset(p, { label: 'label', encoding: 'latin1' });
    expect(ds.part('all').classes).toEqual(['cafe', 'café']);
  });

  it('empty feature and label cells are CsvErrors naming line and column, never 0', async () => {
    const e1 = await readCsvMatrix(file('a,b,label\n1,2,x\n3,,y\n'), { label: 'label' }).catch(
      (e: unknown) => e,
    );
    expect(e1).toBeInstanceOf(CsvError);
    expect([(e1 as CsvError).line, (e1 as CsvError).column]).toEqual([3, 2]);
    const e2 = await readCsvMatrix(file('a,b,label\n1,2,x\n3,4,\n'), { label: 'label' }).catch(
      (e: unknown) => e,
    );
    expect(e2).toBeInstanceOf(CsvError);
    expect((e2 as CsvError).line).toBe(3);
  });
});
