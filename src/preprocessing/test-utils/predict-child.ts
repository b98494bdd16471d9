/**
 * Fresh-process check of a saved Pipeline: `predict-child <checkpoint.json> <rows.json>` loads the
 * checkpoint through the library's `loadCheckpoint` and prints `{ predictions, decision }` as JSON.
 */
import { readFileSync } from 'node:fs';
import { loadCheckpoint } from '../../index.js';
import { decisionData } from '../data.js';

const [ckFile, rowsFile] = process.argv.slice(2);
if (!ckFile || !rowsFile) throw new Error('usage: predict-child <checkpoint.json> <rows.json>');
const model = loadCheckpoint(readFileSync(ckFile, 'utf8'));
const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as number[][];
const predictions = await model.predict(rows);
const decision =
  'decisionFunction' in model ? Array.from(decisionData(await model.decisionFunction(rows))) : null;
process.stdout.write(JSON.stringify({ kind: model.constructor.name, predictions, decision }));
