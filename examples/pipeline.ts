/**
 * The streaming pipeline: rows of a CSV file flow through lazy pipes (filter, map) into a labeled
 * matrix, are standardized with a scaler fitted on the training rows only, and train a model.
 * Run: `npx tsx examples/pipeline.ts`
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CsvRow,
  classificationReport,
  csvRows,
  formatReport,
  LogisticRegression,
  makeClassification,
  matrix,
  StandardScaler,
  toArrays,
} from 'autolearn';

// 1. A CSV file to read (here: generated, seeded; yours would already exist).
const data = makeClassification({
  nSamples: 600,
  nFeatures: 4,
  nInformative: 3,
  nRedundant: 1,
  nClasses: 3,
  seed: 7,
});
const dir = mkdtempSync(join(tmpdir(), 'autolearn-pipeline-'));
const file = join(dir, 'points.csv');
const rows = toArrays(data.X).map((r, i) => [...r.map((v) => v.toFixed(5)), `class-${data.y[i]}`].join(','));
writeFileSync(file, ['f1,f2,f3,f4,label', ...rows].join('\n'));

// 2. Lazy pipes over the file (streamed through csv-parse): skip the header, parse the cells,
//    drop rows with a missing value; every 5th line goes to the test set.
type Row = { x: number[]; label: string; line: number };
const parsed = csvRows(file)
  .pipe({ filter: (r: CsvRow) => r.line > 1 })
  .pipe({
    map: (r: CsvRow): Row => ({ x: r.cells.slice(0, -1).map(Number), label: r.cells.at(-1)!, line: r.line }),
  })
  .pipe({ filter: (r: Row) => r.x.every(Number.isFinite) });
const train: Row[] = [];
const test: Row[] = [];
for await (const r of parsed) (r.line % 5 === 0 ? test : train).push(r);

// 3. Scale with statistics of the training rows only, then train and evaluate.
const toMatrix = (rs: Row[]) => matrix(rs.length, 4, Float64Array.from(rs.flatMap((r) => r.x)));
const scaler = new StandardScaler().fit(toMatrix(train));
const model = await new LogisticRegression({ C: 1 }).fit(
  scaler.transform(toMatrix(train)),
  train.map((r) => r.label),
);
const predicted = await model.predict(scaler.transform(toMatrix(test)));
const report = classificationReport(
  test.map((r) => r.label),
  predicted,
);
console.log(`pipeline: ${train.length} training rows, ${test.length} test rows`);
console.log(formatReport(report));
rmSync(dir, { recursive: true, force: true });
