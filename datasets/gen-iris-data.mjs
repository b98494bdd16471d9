// Regenerates src/datasets/iris-data.ts from datasets/iris.csv: node datasets/gen-iris-data.mjs && npx biome format --write src/datasets/iris-data.ts
// datasets/iris.csv holds scikit-learn's load_iris() values (150 rows, 4 features, 3 species).
import { readFileSync, writeFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const lines = readFileSync(new URL('iris.csv', here), 'utf8').trim().split('\n');
const header = lines[0].split(',');
const species = ['setosa', 'versicolor', 'virginica'];
const values = [];
const labels = [];
for (const line of lines.slice(1)) {
  const cells = line.split(',');
  values.push(...cells.slice(0, 4).map(Number));
  labels.push(species.indexOf(cells[4]));
}
if (labels.length !== 150 || labels.includes(-1)) throw new Error('unexpected iris.csv contents');
const rows = [];
for (let i = 0; i < 150; i++) rows.push(`  ${values.slice(i * 4, i * 4 + 4).join(', ')},`);
const out = `/**
 * Iris (Fisher, 1936) as shipped by scikit-learn's load_iris(): 150 rows, 4 features, 3 species.
 * Generated from datasets/iris.csv by datasets/gen-iris-data.mjs; do not edit by hand.
 */
export const IRIS_FEATURES = ${JSON.stringify(header.slice(0, 4))} as const;
export const IRIS_LABEL = ${JSON.stringify(header[4])};
export const IRIS_SPECIES = ${JSON.stringify(species)} as const;

/** Row-major 150 x 4 feature values (cm). */
// biome-ignore format: one row per line
export const IRIS_VALUES: readonly number[] = [
${rows.join('\n')}
];

/** Species index (into IRIS_SPECIES) of each row. */
export const IRIS_TARGET: readonly number[] = [${labels.join(', ')}];
`;
writeFileSync(new URL('../src/datasets/iris-data.ts', here), out);
