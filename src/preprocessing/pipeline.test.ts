import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError, NotFittedError, ParamError } from '../core/errors.js';
import { toArrays } from '../core/matrix.js';
import { LogisticRegression } from '../models/logistic/index.js';
import { SVC } from '../models/svc/index.js';
import { ColumnTransformer } from './column-transformer.js';
import { decisionData, type Table } from './data.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { loadAnyCheckpoint, makePipeline, Pipeline } from './pipeline.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

const run = promisify(execFile);
const fx = JSON.parse(
  readFileSync(new URL('./fixtures/preprocessing-sklearn.json', import.meta.url), 'utf8'),
);
const child = fileURLToPath(new URL('./test-utils/predict-child.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-pipeline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('makePipeline(new StandardScaler(), new SVC()) on raw Iris rows', () => {
  const iris = fx.iris;

  it("predicts scikit-learn's labels for raw rows, in a fresh process from its checkpoint", async () => {
    const pipe = makePipeline(new StandardScaler(), new SVC());
    expect(pipe.steps.map(([n]) => n)).toEqual(['standardscaler', 'svc']);
    expect(await pipe.fit(iris.X, iris.y)).toBe(pipe);
    const scaler = pipe.namedSteps.standardscaler as StandardScaler;
    Array.from(scaler.mean!).forEach((v, j) => {
      expect(v).toBeCloseTo(iris.mean[j], 12);
    });
    Array.from(scaler.scale!).forEach((v, j) => {
      expect(v).toBeCloseTo(iris.scale[j], 12);
    });
    expect(await pipe.predict(iris.T)).toEqual(iris.predictT);
    expect(await pipe.predict(iris.raw)).toEqual(iris.predictRaw);

    const ckFile = join(tmp, 'iris-pipeline.json');
    const rowsFile = join(tmp, 'iris-raw.json');
    writeFileSync(ckFile, JSON.stringify(pipe.saveCheckpoint()));
    writeFileSync(rowsFile, JSON.stringify(iris.raw));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', child, ckFile, rowsFile], {
      timeout: 60_000,
    });
    const out = JSON.parse(stdout) as { kind: string; predictions: string[]; decision: number[] };
    expect(out.kind).toBe('Pipeline');
    expect(out.predictions).toEqual(iris.predictRaw);
    out.decision.forEach((v, k) => {
      expect(v).toBeCloseTo((iris.decisionRaw as number[][]).flat()[k]!, 6);
    });
  }, 90_000);

  it('passes predictProba, decisionFunction and score through, and round-trips in-process', async () => {
    const pipe = await makePipeline(new StandardScaler(), new LogisticRegression()).fit(iris.X, iris.y);
    const direct = new LogisticRegression();
    const scaler = new StandardScaler();
    await direct.fit(scaler.fitTransform(iris.X), iris.y);
    const T = scaler.transform(iris.T);
    expect(toArrays(await pipe.predictProba(iris.T))).toEqual(toArrays(await direct.predictProba(T)));
    const svcPipe = await makePipeline(new StandardScaler(), new SVC()).fit(iris.X, iris.y);
    const svc = await new SVC().fit(scaler.transform(iris.X), iris.y);
    expect(decisionData(await svcPipe.decisionFunction(iris.T))).toEqual(
      decisionData(await svc.decisionFunction(T)),
    );
    const acc = await pipe.score(iris.T, iris.predictT);
    expect(acc).toBeGreaterThan(0.9);
    const back = Pipeline.loadCheckpoint(JSON.stringify(pipe));
    expect(await back.predict(iris.raw)).toEqual(await pipe.predict(iris.raw));
    expect(loadAnyCheckpoint(JSON.stringify(direct.saveCheckpoint()))).toBeInstanceOf(LogisticRegression);
  });
});

describe('Pipeline on a table with missing numbers and a text column', () => {
  const m = fx.mixed;
  it("matches scikit-learn's ColumnTransformer + SVC predictions and decision values", async () => {
    const pipe = makePipeline(
      new ColumnTransformer([
        ['num', makePipeline(new SimpleImputer({ strategy: 'median' }), new StandardScaler()), [0, 1]],
        ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), [2]],
      ]),
      new SVC({ C: 3 }),
    );
    await pipe.fit(m.X as Table, m.y);
    expect(await pipe.predict(m.T as Table)).toEqual(m.predict);
    const dec = await pipe.decisionFunction(m.T as Table);
    Array.from(decisionData(dec)).forEach((v, i) => {
      expect(v).toBeCloseTo(m.decision[i], 6);
    });
    const back = Pipeline.loadCheckpoint(JSON.parse(JSON.stringify(pipe.saveCheckpoint())));
    expect(await back.predict(m.T as Table)).toEqual(m.predict);
  });
});

describe('Pipeline contract', () => {
  it('reads and writes step params as <step>__<param> and clones unfitted', async () => {
    const pipe = makePipeline(new StandardScaler(), new SVC({ C: 2 }));
    expect(pipe.getParams().svc__C).toBe(2);
    pipe.setParams({ svc__C: 5, standardscaler__withMean: false });
    expect(pipe.getParams().svc__C).toBe(5);
    expect(pipe.getParams().standardscaler__withMean).toBe(false);
    expect(() => pipe.setParams({ nope__C: 1 })).toThrow(ParamError);
    const c = pipe.clone();
    expect(c.isFitted).toBe(false);
    expect(c.getParams()).toEqual(pipe.getParams());
    expect(c.namedSteps.svc).not.toBe(pipe.namedSteps.svc);
  });
  it('names repeated steps like scikit-learn, and rejects bad steps and unfitted use', async () => {
    const p = makePipeline(new StandardScaler(), new StandardScaler(), new SVC());
    expect(p.steps.map(([n]) => n)).toEqual(['standardscaler-1', 'standardscaler-2', 'svc']);
    expect(
      () =>
        new Pipeline([
          ['svc', new SVC() as never],
          ['x', new SVC()],
        ]),
    ).toThrow(/transformer/);
    expect(() => new Pipeline([])).toThrow(ParamError);
    await expect(p.predict([[1, 2]])).rejects.toThrow(NotFittedError);
    expect(() => p.saveCheckpoint()).toThrow(NotFittedError);
    expect(() =>
      Pipeline.loadCheckpoint(
        '{"format":"autolearn-checkpoint","version":1,"model":"Pipeline","classes":[],"nFeatures":1,"state":{}}',
      ),
    ).toThrow(CheckpointError);
  });
});

describe('a transformer-only Pipeline (imputer then encoder) on text', () => {
  it('transforms new rows as fitTransform did: text passes between the steps', () => {
    const rows: Table = [['red'], [null], ['blue'], ['red']];
    const pipe = makePipeline(new SimpleImputer({ strategy: 'most_frequent' }), new OneHotEncoder());
    const fitted = pipe.fitTransform(rows);
    expect(pipe.transform(rows)).toEqual(fitted);
    expect(toArrays(pipe.transform([[null], ['blue']]) as never)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});
