/**
 * Parity report: fits every autolearn model on every committed scikit-learn fixture and prints
 * our test accuracy, scikit-learn's, and the agreement rate of the predictions, per model x data
 * set. Run: `node --import tsx scripts/parity-report.ts` (or `make-fixtures.py --ours`).
 * Exit code 1 when some model is outside the parity tolerances of src/models/parity.test.ts.
 */
import { fixtureNames, loadFixture } from '../src/models/test-utils/fixtures.js';
import {
  AGREEMENT_FAMILIES,
  accuracyWithin,
  MIN_AGREEMENT,
  type ParityResult,
  runParity,
} from '../src/models/test-utils/parity.js';

interface Row {
  readonly dataset: string;
  readonly key: string;
  readonly cell: string;
  readonly ok: boolean;
}

const rows: Row[] = [];
const datasets: string[] = [];
const errors: string[] = [];
for (const name of fixtureNames()) {
  const loaded = loadFixture(name);
  if (!loaded.ok) {
    console.warn(`skipping ${name}: ${loaded.reason}`);
    continue;
  }
  datasets.push(name);
  for (const entry of loaded.data.fixture.models) {
    let r: ParityResult;
    try {
      r = await runParity(loaded.data, entry);
    } catch (e) {
      rows.push({
        dataset: name,
        key: entry.key,
        cell: `error: ${(e as Error).message.slice(0, 40)}`,
        ok: false,
      });
      continue;
    }
    const accOk = accuracyWithin(r, entry);
    const agreeOk = !AGREEMENT_FAMILIES.has(entry.family) || r.agreement >= MIN_AGREEMENT;
    const ref = entry.seedAccuracy ? `~${r.reference.toFixed(3)}` : r.sklearn.toFixed(3);
    rows.push({
      dataset: name,
      key: entry.key,
      cell: `${r.ours.toFixed(3)} / ${ref} / ${(r.agreement * 100).toFixed(1)}%${accOk && agreeOk ? '' : ' !'} ${(r.fitMs / 1000).toFixed(2)}s`,
      ok: accOk && agreeOk,
    });
  }
}

const keys = [...new Set(rows.map((r) => r.key))];
const W = 34;
const lines: string[] = [];
lines.push(
  'autolearn vs scikit-learn: ours / sklearn (~ = seed mean) / agreement, fit time ("!" = outside tolerance)',
);
lines.push(`${'model'.padEnd(22)}${datasets.map((d) => d.padStart(W)).join('')}`);
for (const k of keys) {
  const cells = datasets.map((d) =>
    (rows.find((r) => r.key === k && r.dataset === d)?.cell ?? '-').padStart(W),
  );
  lines.push(`${k.padEnd(22)}${cells.join('')}`);
}
for (const [i, e] of errors.entries()) lines.push(`error #${i + 1}: ${e.split('\n')[0]}`);
const bad = rows.filter((r) => !r.ok);
lines.push(bad.length ? `${bad.length} model x data set pairs outside tolerance` : 'all within tolerance');
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = bad.length ? 1 : 0;
