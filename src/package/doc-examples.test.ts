/**
 * The API docs teach: every `@example` in the public API's TSDoc compiles (strict) against the
 * package's own entry points (`import ... from 'autolearn'`, 'autolearn/server', ...), and the
 * headline classes and functions (REQUIRED) have a description and an example.
 *
 * The rule for new exports: a class or function exported from an entry point gets a one-paragraph
 * description and an `@example` with a ```ts fence that imports from 'autolearn...' like a user would.
 * This test checks whatever examples it finds, so new exports from parallel work never break it; it
 * fails only when an example does not compile, or a REQUIRED item lost its docs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiItem, entryPoints, publicApi } from './test-utils/doc-examples.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Under node_modules so that the examples resolve the root's packages and @types like user code. */
const WORK = join(ROOT, 'node_modules', '.cache', `doc-examples-${process.pid}`);

/** Entry point -> names that must have a description and an @example. */
const REQUIRED: Record<string, readonly string[]> = {
  autolearn: [
    'SVC',
    'LinearSVC',
    'LogisticRegression',
    'DecisionTreeClassifier',
    'RandomForestClassifier',
    'GaussianNB',
    'Classifier',
    'loadIris',
    'loadCsvDataset',
    'getDataset',
    'makeClassification',
    'StreamingPipe',
    'StandardScaler',
    'classificationReport',
    'formatReport',
    'getBackend',
    'availableDevices',
    'importOptional',
    'MissingDependencyError',
    'AutolearnError',
    'ParamError',
    'accuracyScore',
    'precisionScore',
    'recallScore',
    'f1Score',
    'confusionMatrix',
    'trainTestSplit',
    'MinMaxScaler',
    'toMatrix',
    'loadHeightWeight',
    'registerDataset',
    'csvRows',
    'readCsvMatrix',
    'AsyncStreamingPipe',
    'loadCheckpoint',
    'Dataset',
    'Lbfgs',
    'Adam',
    'Sgd',
    'createOptimizer',
  ],
  'autolearn/catalog': ['buildCatalog', 'validateTrainRequest', 'Registry'],
  'autolearn/eventsourcing': ['openEventStore', 'DomainEntity', 'MemoryEventStore'],
  'autolearn/services': ['createPlatform', 'SessionTokens', 'openRepository', 'InProcessBus', 'createLogger'],
  'autolearn/server': ['createServer', 'resolveAdminToken'],
  'autolearn/scale': ['parseScaleArgs', 'startRole'],
};

let items: ApiItem[] = [];
beforeAll(() => {
  items = publicApi(ROOT);
}, 120_000);
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('API docs', () => {
  it('finds the public API of every entry point', () => {
    const entries = new Set(items.map((i) => i.entry));
    for (const e of entryPoints(ROOT).keys()) expect(entries, e).toContain(e);
  });

  it('the headline classes and functions have a description and an @example', () => {
    const missing: string[] = [];
    for (const [entry, names] of Object.entries(REQUIRED)) {
      for (const name of names) {
        const item = items.find((i) => i.entry === entry && i.name === name);
        if (!item) missing.push(`${entry}: ${name} is not exported`);
        else if (!item.description) missing.push(`${entry}: ${name} (${item.file}) has no description`);
        else if (item.examples.length === 0) missing.push(`${entry}: ${name} (${item.file}) has no @example`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every @example compiles against the entry points, as a user would import them', () => {
    const seen = new Set<string>();
    const files: { file: string; from: string }[] = [];
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    for (const item of items) {
      item.examples.forEach((code, k) => {
        const key = `${item.file}:${item.name}:${k}`;
        if (seen.has(key)) return;
        seen.add(key);
        const file = join(WORK, `${files.length}-${item.name}.ts`);
        writeFileSync(file, `${code}\nexport {};\n`);
        files.push({ file, from: `${item.file}:${item.line} (${item.name}, example ${k + 1})` });
      });
    }
    expect(files.length).toBeGreaterThanOrEqual(Object.values(REQUIRED).flat().length);
    const paths = Object.fromEntries([...entryPoints(ROOT)].map(([spec, src]) => [spec, [src]]));
    writeFileSync(
      join(WORK, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
          allowImportingTsExtensions: true,
          paths,
        },
        files: files.map((f) => f.file),
      }),
    );
    let out = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', WORK], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    // name the source file and the item of each failing example
    const errors = out
      .split('\n')
      .filter((l) => l.includes('error TS'))
      .map((l) => {
        const f = files.find((x) => l.includes(x.file.slice(WORK.length + 1)));
        return f ? `${f.from}: ${l.slice(l.indexOf('error TS'))}` : l;
      });
    expect(errors).toEqual([]);
  }, 180_000);
});
