import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from './lib/args.js';
import { discoverPairs, readNumericCsv, writeNumericCsv } from './lib/csv.js';
import { evaluateTargets, formatTable } from './lib/report.js';
import { matchModels, type ResultRow, validateRow } from './lib/schema.js';
import { type ChildOutcome, outcomeToRow, runChild } from './lib/spawn.js';
import { gammaScale, median, ratio, scores, standardize } from './lib/stats.js';

const PYTHON = '/usr/bin/python3';
const hasSklearn = spawnSync(PYTHON, ['-c', 'import sklearn'], { timeout: 30_000 }).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'bench-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a Python snippet that reads JSON on stdin and prints JSON. */
function py(code: string, input: unknown): unknown {
  const r = spawnSync(PYTHON, ['-c', code], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function row(over: Partial<ResultRow> = {}): ResultRow {
  return {
    system: 'autolearn',
    model: 'DecisionTree',
    dataset: 'syn100k',
    device: 'cpu',
    n_train: 70_000,
    d: 20,
    fit_s: 1,
    predict_s: 0.1,
    accuracy: 0.9,
    precision_macro: 0.9,
    recall_macro: 0.9,
    peak_rss_mb: 300,
    note: '',
    ...over,
  };
}

describe('CSV pair discovery', () => {
  it('pairs <name>_train.csv with <name>_test.csv and reports the unpaired', () => {
    const dir = join(tmp, 'pairs');
    spawnSync('mkdir', ['-p', dir]);
    for (const f of [
      'b_train.csv',
      'b_test.csv',
      'a_train.csv',
      'a_test.csv',
      'c_train.csv',
      'd_test.csv',
      'notes.txt',
      'e.csv',
    ]) {
      writeFileSync(join(dir, f), 'f0,label\n1,0\n');
    }
    const { pairs, unpaired } = discoverPairs(dir);
    expect(pairs.map((p) => p.name)).toEqual(['a', 'b']);
    expect(pairs[0]).toEqual({ name: 'a', train: join(dir, 'a_train.csv'), test: join(dir, 'a_test.csv') });
    expect(unpaired.sort()).toEqual(['c_train.csv', 'd_test.csv']);
  });

  it('rejects a path that is not a directory', () => {
    expect(() => discoverPairs(join(tmp, 'missing'))).toThrow(/not a directory/);
  });
});

describe('numeric CSV', () => {
  it('round-trips any finite float64 exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }),
        (d, values) => {
          const rows = Math.floor(values.length / d) || 1;
          const X = Float64Array.from({ length: rows * d }, (_, i) => values[i % values.length]!);
          const y = Int32Array.from({ length: rows }, (_, i) => i % 3);
          const file = join(tmp, 'rt.csv');
          writeNumericCsv(file, X, y, d);
          const t = readNumericCsv(file);
          expect(t.d).toBe(d);
          expect(t.rows).toBe(rows);
          // -0 is written as "0" (String(-0)); every system reads the same file, so that is fine.
          expect(Array.from(t.X)).toEqual(Array.from(X, (v) => (v === 0 ? 0 : v)));
          expect(Array.from(t.y)).toEqual(Array.from(y));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names the file and line of a bad cell, a short row or a bad header', () => {
    const f = join(tmp, 'bad.csv');
    writeFileSync(f, 'f0,f1,label\n1,2,0\n3,x,1\n');
    expect(() => readNumericCsv(f)).toThrow(`${f}:3: column 1 is not a finite number: 'x'`);
    writeFileSync(f, 'f0,f1,label\n1,2,0\n3,4\n');
    expect(() => readNumericCsv(f)).toThrow(`${f}:3: expected 3 cells, got 2`);
    writeFileSync(f, 'a,b,label\n1,2,0\n');
    expect(() => readNumericCsv(f)).toThrow(/header must be f0/);
    writeFileSync(f, 'f0,label\r\n1.5,0\r\n2.5,1');
    expect(Array.from(readNumericCsv(f).X)).toEqual([1.5, 2.5]);
  });
});

describe('protocol arithmetic', () => {
  it('median splits a list in halves and lies within its range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 9 }),
        (xs) => {
          const m = median(xs);
          expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
          expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
          expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(m).toBeLessThanOrEqual(Math.max(...xs));
        },
      ),
    );
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('ratio is ours/theirs and null when a side is missing or zero', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(null, 4)).toBeNull();
    expect(ratio(1, null)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });

  it.skipIf(!hasSklearn)('accuracy and macro precision/recall match scikit-learn (zero_division=0)', () => {
    const cases = [
      { t: [0, 1, 2, 2, 1, 0, 1], p: [0, 2, 2, 2, 0, 0, 1] },
      { t: [0, 0, 1, 1], p: [0, 0, 0, 0] }, // a class never predicted
      { t: [1, 1, 1, 2], p: [1, 3, 1, 2] }, // a predicted label absent from y_true
      { t: [0, 1, -1, 1], p: [-1, 1, -1, 0] }, // ml-naivebayes' -1
    ];
    const ref = py(
      `import json,sys
from sklearn.metrics import accuracy_score as a, precision_score as p, recall_score as r
out=[]
for c in json.load(sys.stdin):
    out.append([a(c['t'],c['p']), p(c['t'],c['p'],average='macro',zero_division=0), r(c['t'],c['p'],average='macro',zero_division=0)])
print(json.dumps(out))`,
      cases,
    ) as number[][];
    cases.forEach((c, i) => {
      const s = scores(c.t, c.p);
      expect(s.accuracy).toBeCloseTo(ref[i]![0]!, 12);
      expect(s.precision_macro).toBeCloseTo(ref[i]![1]!, 12);
      expect(s.recall_macro).toBeCloseTo(ref[i]![2]!, 12);
    });
  });

  it.skipIf(!hasSklearn)("standardization and gamma='scale' match StandardScaler and SVC", () => {
    const d = 3;
    const train = Float64Array.from(
      { length: 30 },
      (_, i) => Math.sin(i * 1.7) * (i % 3 === 2 ? 0 : 10 ** (i % 3)),
    );
    for (let i = 2; i < 30; i += 3) train[i] = 5; // a constant column: only centred
    const test = Float64Array.from({ length: 9 }, (_, i) => Math.cos(i) * 3);
    const ref = py(
      `import json,sys
import numpy as np
from sklearn.preprocessing import StandardScaler
a=json.load(sys.stdin); tr=np.array(a['tr']).reshape(-1,3); te=np.array(a['te']).reshape(-1,3)
s=StandardScaler().fit(tr); tr2=s.transform(tr)
print(json.dumps({'tr':s.transform(tr).ravel().tolist(),'te':s.transform(te).ravel().tolist(),'g':1.0/(3*tr2.var())}))`,
      { tr: Array.from(train), te: Array.from(test) },
    ) as { tr: number[]; te: number[]; g: number };
    standardize(train, test, d);
    for (let i = 0; i < train.length; i++) expect(train[i]).toBeCloseTo(ref.tr[i]!, 10);
    for (let i = 0; i < test.length; i++) expect(test[i]).toBeCloseTo(ref.te[i]!, 10);
    expect(gammaScale(train, d)).toBeCloseTo(ref.g, 10);
  });
});

describe('result rows', () => {
  it('accepts a complete row and a failed row with a reason', () => {
    expect(validateRow(row())).toEqual(row());
    const failed = row({
      fit_s: null,
      predict_s: null,
      accuracy: null,
      precision_macro: null,
      recall_macro: null,
      note: 'timeout: fit exceeded 60 s',
    });
    expect(validateRow(failed)).toEqual(failed);
  });

  it.each([
    ['system', { system: 'weka' }],
    ['model', { model: 'SVM' }],
    ['n_train', { n_train: 0 }],
    ['fit_s', { fit_s: -1 }],
    ['fit_s', { fit_s: Number.NaN }],
    ['accuracy', { accuracy: 1.5 }],
    ['note', { fit_s: null }],
    ['extra', { extra: 1 }],
  ])('rejects a bad %s', (field, over) => {
    expect(() => validateRow({ ...row(), ...over })).toThrow(
      new RegExp(`'${field.replace(/[()]/g, '\\$&')}'`),
    );
  });

  it('rejects a row with a missing field', () => {
    const { note: _omit, ...rest } = row();
    expect(() => validateRow(rest)).toThrow(/'note' must be present/);
  });

  it('matches --only names exactly or by prefix', () => {
    expect(matchModels(['RandomForest'])).toEqual(['RandomForest(n_jobs=1)', 'RandomForest(n_jobs=2)']);
    expect(matchModels(['svc'])).toEqual(['SVC-rbf', 'SVC-linear']);
    expect(matchModels(['LinearSVC', 'gaussiannb'])).toEqual(['LinearSVC', 'GaussianNB']);
    expect(() => matchModels(['knn'])).toThrow(/unknown model 'knn'/);
  });

  it('parses the command line; --quick means Iris on cpu with short caps', () => {
    const o = parseArgs(['--quick', '--only', 'DecisionTree', '--data-dir', '/x', '--skip-mljs']);
    expect(o).toMatchObject({
      datasets: ['iris'],
      devices: ['cpu'],
      caps: { autolearn: 60, 'scikit-learn': 60, 'ml.js': 20 },
      models: ['DecisionTree'],
      dataDirs: ['/x'],
      skipMljs: true,
    });
    expect(parseArgs([]).caps).toEqual({ autolearn: 180, 'scikit-learn': 600, 'ml.js': 60 });
    expect(parseArgs(['--quick', '--mljs-timeout', '5']).caps['ml.js']).toBe(5);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option '--bogus'/);
    expect(() => parseArgs(['--out'])).toThrow(/--out needs a value/);
  });

  it('builds a partial row from a child that timed out on its second repeat', () => {
    const o: ChildOutcome = {
      loaded: { n_train: 100, n_test: 50, d: 4 },
      fits: [3, 9],
      predicts: [0.5],
      scores: { accuracy: 0.8, precision_macro: 0.7, recall_macro: 0.6 },
      peakRssMb: 123.456,
      note: '',
      error: null,
      timedOut: 'fit',
      stderrTail: '',
    };
    const r = outcomeToRow(o, {
      system: 'ml.js',
      model: 'GaussianNB',
      dataset: 'x',
      device: 'cpu',
      n_train: 1,
      d: 1,
      fitCapS: 60,
    });
    expect(r).toMatchObject({
      n_train: 100,
      d: 4,
      fit_s: 3,
      predict_s: 0.5,
      accuracy: 0.8,
      peak_rss_mb: 123.5,
    });
    expect(r.note).toBe('timeout on repeat 2; median of 1');
    const none = outcomeToRow(
      { ...o, fits: [], predicts: [], scores: null },
      { system: 'ml.js', model: 'GaussianNB', dataset: 'x', device: 'cpu', n_train: 1, d: 1, fitCapS: 60 },
    );
    expect(none).toMatchObject({ fit_s: null, accuracy: null, note: 'timeout: fit exceeded 60 s' });
    expect(() => validateRow(none)).not.toThrow();
  });
});

describe('child processes', () => {
  it('kills a child whose fit runs past the cap and keeps what it reported', async () => {
    const script = `console.log(JSON.stringify({ev:'loaded',n_train:10,n_test:5,d:2}));
console.log(JSON.stringify({ev:'fit',s:0.01}));
console.log(JSON.stringify({ev:'predict',s:0.001,scores:{accuracy:1,precision_macro:1,recall_macro:1}}));
setInterval(() => {}, 1000);`;
    const t0 = Date.now();
    const o = await runChild({ command: process.execPath, args: ['-e', script], fitCapS: 0.5, loadCapS: 10 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(o.timedOut).toBe('fit');
    expect(o.fits).toEqual([0.01]);
    expect(o.scores?.accuracy).toBe(1);
  });

  it('kills a child that lingers after done without calling it a failure', async () => {
    const script = `console.log(JSON.stringify({ev:'loaded',n_train:10,n_test:5,d:2}));
console.log(JSON.stringify({ev:'fit',s:0.01}));
console.log(JSON.stringify({ev:'predict',s:0.001,scores:{accuracy:1,precision_macro:1,recall_macro:1}}));
console.log(JSON.stringify({ev:'done',peak_rss_mb:50,note:'ok'}));
setInterval(() => {}, 1000);`;
    const o = await runChild({
      command: process.execPath,
      args: ['-e', script],
      fitCapS: 30,
      loadCapS: 30,
      graceS: 0.3,
    });
    expect(o).toMatchObject({ timedOut: null, error: null, peakRssMb: 50, note: 'ok', fits: [0.01] });
  });

  it.skipIf(process.platform !== 'linux')(
    "measures a child's own peak RSS, not the parent's inherited through fork",
    async () => {
      const ballast = Buffer.alloc(300 * 1024 * 1024, 1); // the parent holds 300 MB while it spawns
      const script = `import('${new URL('./lib/protocol.ts', import.meta.url).href}').then((p) =>
      console.log(JSON.stringify({ own: p.peakRssMb(), maxRSS: process.resourceUsage().maxRSS / 1024 })))`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(ballast[ballast.length - 1]).toBe(1);
      const { own, maxRSS } = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        own: number;
        maxRSS: number;
      };
      expect(maxRSS).toBeGreaterThan(300); // getrusage keeps the parent's resident set
      expect(own).toBeLessThan(200);
    },
  );

  it('reports a crash with the tail of stderr', async () => {
    const o = await runChild({
      command: process.execPath,
      args: ['-e', "process.stderr.write('boom happened\\n'); process.exit(3)"],
      fitCapS: 5,
      loadCapS: 5,
    });
    expect(o.timedOut).toBeNull();
    expect(o.error).toMatch(/code 3: boom happened/);
  });
});

describe('targets', () => {
  const skl = (over: Partial<ResultRow>) => row({ system: 'scikit-learn', ...over });
  it('prints PASS/MISS from ours/sklearn ratios, convergence and accuracy', () => {
    const rows = [
      skl({ model: 'DecisionTree', fit_s: 4, predict_s: 0.2 }),
      row({ model: 'DecisionTree', fit_s: 0.8, predict_s: 0.1 }), // 0.2 <= 0.25
      skl({ model: 'GaussianNB', fit_s: 0.1, predict_s: 0.05 }),
      row({ model: 'GaussianNB', fit_s: 0.06, predict_s: 0.01 }), // 0.6 > 0.5
      skl({ model: 'LinearSVC', fit_s: 10, predict_s: 0.01, accuracy: 0.8 }),
      row({
        model: 'LinearSVC',
        fit_s: 1,
        predict_s: 0.02,
        accuracy: 0.78,
        note: 'not converged after 1000 iterations',
      }),
    ];
    const lines = evaluateTargets(rows, new Map([['syn100k', 30_000]]));
    const get = (s: string) => lines.find((l) => l.text.startsWith(s))!;
    expect(get('DecisionTree syn100k').status).toBe('PASS');
    expect(get('GaussianNB syn100k').status).toBe('MISS');
    expect(get('LinearSVC syn100k').status).toBe('MISS');
    expect(get('LinearSVC syn100k').text).toMatch(/did not converge/);
    expect(get('SVC-rbf syn20k').status).toBe('NOT RUN');
    expect(get('accuracy within').status).toBe('MISS');
    expect(get('accuracy within').text).toMatch(/LinearSVC\/syn100k\/cpu 0.7800 vs 0.8000/);
    expect(get('DecisionTree predict').status).toBe('PASS');
    expect(get('LinearSVC predict').status).toBe('MISS');
    expect(get('GaussianNB syn1m').status).toBe('NOT RUN');
    const table = formatTable('syn100k', rows);
    expect(table).toMatch(/^== syn100k \(n_train=70000, d=20\)/);
    expect(table.split('\n')).toHaveLength(3 + rows.length);
  });

  it('checks syn1m peak RSS against 2 GB', () => {
    const lines = evaluateTargets(
      [
        row({ model: 'GaussianNB', dataset: 'syn1m', peak_rss_mb: 900 }),
        row({ model: 'DecisionTree', dataset: 'syn1m', peak_rss_mb: 2100 }),
      ],
      new Map(),
    );
    expect(lines.find((l) => l.text.startsWith('GaussianNB syn1m'))!.status).toBe('PASS');
    expect(lines.find((l) => l.text.startsWith('DecisionTree syn1m'))!.status).toBe('MISS');
    expect(lines.find((l) => l.text.startsWith('LogisticRegression syn1m'))!.status).toBe('NOT RUN');
  });
});

describe('npm run bench --quick', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'benchmarks/run.ts', ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: join(import.meta.dirname, '..'),
    });

  it('runs the whole runner on Iris (ours + scikit-learn when present) in under 30 s', () => {
    const out = join(tmp, 'quick.json');
    const t0 = Date.now();
    const r = run(['--quick', '--skip-mljs', '--out', out]);
    const seconds = (Date.now() - t0) / 1000;
    expect(r.status, r.stderr).toBe(0);
    expect(seconds).toBeLessThan(30);
    expect(r.stdout).toMatch(/== iris \(n_train=105, d=4\)/);
    expect(r.stdout).toMatch(/Targets/);
    const rows = (JSON.parse(readFileSync(out, 'utf8')) as unknown[]).map(validateRow);
    expect(rows.every((x) => x.dataset === 'iris')).toBe(true);
    expect(rows.filter((x) => x.system === 'autolearn').length).toBeGreaterThanOrEqual(8);
    if (hasSklearn) {
      const sk = rows.filter((x) => x.system === 'scikit-learn');
      expect(sk.map((x) => x.model).sort()).toHaveLength(8);
      for (const x of sk) expect(x.accuracy!).toBeGreaterThan(0.85);
    } else {
      expect(r.stderr).toMatch(/skipped: scikit-learn not found/);
    }
  });

  it('says loudly when scikit-learn is missing', () => {
    const out = join(tmp, 'nosk.json');
    const r = run([
      '--quick',
      '--skip-mljs',
      '--skip-ours',
      '--python',
      join(tmp, 'no-python'),
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped: scikit-learn not found/);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([]);
  });
});
