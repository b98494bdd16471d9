/**
 * `train --csv` records a session like every other training (dataset `csv:<file>`, never a built-in
 * name) unless --no-record; the recorded model then predicts, shows its model card and exports,
 * all in-process on the data dir (the compiled binary as child processes).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnnx } from '../onnx/test-utils/ort.js';
import { assertBuilt, cli } from './test-utils/proc.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'al-csv-record-'));
  const rows = readFileSync(new URL('../../datasets/iris.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  writeFileSync(join(dir, 'iris.csv'), rows.join('\n'));
  writeFileSync(join(dir, 'rows.csv'), [rows[0], ...rows.slice(1, 11)].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (r: { code: number | null; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('train --csv records a session', () => {
  it('records, shows, predicts and exports; --no-record records nothing', async () => {
    const opts = { cwd: dir };
    const train = ['train', '--csv', 'iris.csv', '--label', 'species', '--model', 'LogisticRegression'];
    const r = json(await cli([...train, '--json'], opts));
    expect(r.dataset).toBe('csv:iris');
    expect(r.token).toMatch(/^[A-Za-z0-9_-]{23}$/);
    const sessions = json(await cli(['sessions', '--json'], opts));
    expect(sessions.map((s: { token: string }) => s.token)).toEqual([r.token]);
    expect(sessions[0].dataset).toBe('csv:iris');
    expect(sessions[0].status).toBe('evaluated');
    const shown = json(await cli(['sessions', r.token, '--json'], opts));
    expect(shown.model_card.dataset.name).toBe('csv:iris');
    expect(shown.model_card.metrics.test.accuracy).toBe(
      r.eval_data.find((m: { metric_name: string }) => m.metric_name === 'test_accuracy').metric_value,
    );
    const p = json(await cli(['predict', r.token, '--csv', 'rows.csv', '--json'], opts));
    expect(p.labels).toEqual(Array(10).fill('setosa'));
    const ex = await cli(['export', r.token, '--out', 'm.onnx'], opts);
    expect(ex.code, ex.stderr).toBe(0);
    const X = readFileSync(join(dir, 'rows.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 4).map(Number));
    const ort = await runOnnx(readFileSync(join(dir, 'm.onnx')), {
      rows: X.length,
      cols: 4,
      data: Float64Array.from(X.flat()),
    });
    expect(ort.labels).toEqual(p.labels);
    const none = json(await cli([...train, '--no-record', '--json'], opts));
    expect(none.token).toBeUndefined();
    expect(json(await cli(['sessions', '--json'], opts))).toHaveLength(1);
  }, 120_000);
});
