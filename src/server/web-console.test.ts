/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core) against a real
 * server: the whole experiment life cycle through the UI, screenshots, and an axe-core audit of
 * every page. Needs `npm run build` (the console bundle) and /usr/bin/chromium (.ci/run installs it);
 * outside CI a missing Chromium skips loudly, in CI it fails.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { makeClassification } from '../datasets/make-classification.js';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { slowRequest } from './test-utils/requests.js';
import { consoleDir } from './web-console.js';

const CHROMIUM = process.env.AUTOLEARN_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM) && consoleDir() !== null;
if (!haveBrowser) {
  const why = existsSync(CHROMIUM)
    ? 'the console is not built (npm run build)'
    : `no Chromium at ${CHROMIUM}`;
  if (process.env.CI) throw new Error(`web console browser test cannot run in CI: ${why}`);
  console.warn(`SKIPPING the web console browser test: ${why}`);
}
/** Screenshots go to a test artifact folder; with UPDATE_SCREENSHOTS=1 into docs/screenshots (committed). */
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(process.cwd(), 'docs', 'screenshots')
  : join(tmpdir(), 'autolearn-console-screenshots');

let dir: string;
let server: AutolearnServer;
let base: string;
let browser: Browser;
let page: Page;
const ADMIN_KEY = 'console-admin-key-0123456789';

async function shot(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** axe-core in the page: no serious or critical accessibility violations. */
async function audit(label: string) {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (o?: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on ${label}`).toEqual([]);
}

describe.skipIf(!haveBrowser)('web console in Chromium', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'al-console-'));
    // a model registered on the server side only: the train form must show it with no console change
    const registry = registerBuiltins(new Registry());
    const nb = registry.model('GaussianNB', 'classification')!;
    registry.registerModel({ ...nb, name: 'RegisteredInTest' });
    server = await createServer({
      dataDir: dir,
      poolSize: 2,
      logger: silentLogger,
      env: {},
      registry,
      adminToken: ADMIN_KEY,
    });
    base = await server.listen(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a key, refuses a wrong one and signs in with a good one', async () => {
    await page.goto(`${base}/#/catalog`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/unauthorized/);
    await page.goto(`${base}/#/sign-in`);
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.goto(`${base}/#/sign-in`);
    await page.getByText('You are admin (admin).').waitFor();
  });

  it('shows the catalog from the server, with every model and its parameters', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.getByRole('heading', { name: 'iris' }).waitFor();
    for (const m of server.platform.registry.models())
      await page.getByText(m.name, { exact: true }).first().waitFor();
    await page.locator('details.model').first().locator('summary').click();
    await shot('catalog');
    await audit('catalog');
  });

  it('shows a model registered on the server in the train form, with its parameters', async () => {
    await page.goto(`${base}/#/train`);
    await page.getByRole('heading', { name: 'Train a model' }).waitFor();
    await page.getByLabel('Model', { exact: true }).selectOption('RegisteredInTest');
    await page.getByLabel('varSmoothing', { exact: true }).waitFor();
  });

  it('uploads a CSV, trains on it with a non-default parameter and follows it to 100%', async () => {
    // upload: a CSV with a text column and an empty cell, refused with line and column until encoded and imputed
    const { X, y } = makeClassification({
      nSamples: 240,
      nFeatures: 4,
      nInformative: 3,
      nRedundant: 1,
      nClasses: 3,
      seed: 2,
    });
    // a categorical column (color, tied to the class) and an empty cell (row 3, column b)
    const colors = ['red', 'green', 'blue'];
    const lines = ['a,b,c,d,color,kind'];
    for (let i = 0; i < X.rows; i++) {
      const cells = Array.from({ length: 4 }, (_, j) =>
        i === 3 && j === 1 ? '' : X.data[i * 4 + j]!.toFixed(5),
      );
      lines.push(`${cells.join(',')},${colors[(y[i]! + (i % 5 === 0 ? 1 : 0)) % 3]},k${y[i]}`);
    }
    const good = join(dir, 'blobs.csv');
    writeFileSync(good, `${lines.join('\n')}\n`);
    await page.goto(`${base}/#/datasets`);
    await page.getByLabel('CSV file (with a header row)').setInputFiles(good);
    expect(await page.getByLabel('Label column').inputValue()).toBe('kind');
    // nothing chosen: the text cell is refused with its line and column, then the empty cell
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/line 2, column 5: non-numeric/);
    await page.getByLabel('Encoding of color').selectOption('onehot');
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/line 5, column 2: empty cell/);
    await page.getByLabel('Imputation of b').selectOption('median');
    expect(await page.getByLabel('Encoding of a').count()).toBe(0); // numbers need no encoding
    await page
      .getByLabel('Pre-processing: scaling (fitted on the training part only)')
      .selectOption('minmax');
    await shot('datasets-upload');
    await audit('datasets');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').waitFor();
    const steps = page.getByRole('list', { name: 'Pre-processing steps of blobs' }).first();
    await expect.poll(() => steps.textContent()).toMatch(/SimpleImputer\): b \(median\)/);
    expect(await steps.textContent()).toMatch(/one-hot encoding \(OneHotEncoder\) of color/);
    await audit('datasets uploaded');
    await page.getByRole('link', { name: 'Train on blobs' }).first().click();

    await page.getByRole('heading', { name: 'Train a model' }).waitFor();
    expect(await page.getByLabel('Dataset', { exact: true }).inputValue()).toBe('blobs');
    await page.getByLabel('Model', { exact: true }).selectOption('LogisticRegression');
    // a bad value is flagged as it is typed, with the server's rule, and blocks the submit
    await page.getByLabel('C', { exact: true }).fill('abc');
    await expect.poll(() => page.locator('#model-C-problem').textContent()).toContain('allowed');
    expect(await page.getByRole('button', { name: 'Train' }).isDisabled()).toBe(true);
    await page.getByLabel('C', { exact: true }).fill('0.5');
    await expect.poll(() => page.locator('#model-C-problem').count()).toBe(0);
    expect(await page.getByTestId('cli-command').textContent()).toContain('--param C=0.5');
    await audit('train form');
    await shot('train-form');
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByRole('heading', { name: 'Training job' }).waitFor();
    await expect.poll(() => page.getByTestId('job-state').textContent(), { timeout: 60_000 }).toBe('done');
    expect(await page.getByTestId('job-percent').textContent()).toBe('100%');
    await page.getByRole('link', { name: 'Open the session record' }).click();
    await page.getByTestId('record-status').waitFor();
    expect(await page.getByText('C=0.5').count()).toBeGreaterThan(0);
  });

  it('streams a long job live (chart, elapsed) and stops it with the stop button', async () => {
    const res = await fetch(`${base}/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify(slowRequest(7)),
    });
    const { token } = (await res.json()) as { token: string };
    await page.goto(`${base}/#/jobs/${token}`);
    await expect.poll(() => page.getByTestId('job-state').textContent(), { timeout: 30_000 }).toBe('running');
    await page.locator('.chart canvas').first().waitFor({ timeout: 30_000 });
    await shot('live-training');
    await audit('live training');
    await page.getByRole('button', { name: 'Stop training' }).click();
    await expect
      .poll(() => page.getByTestId('job-state').textContent(), { timeout: 30_000 })
      .toBe('cancelled');
  });

  it('evaluates two sessions, compares them side by side and saves one', async () => {
    // a second run with other parameters, submitted through the form
    await page.goto(`${base}/#/train`);
    await page.getByLabel('Model', { exact: true }).selectOption('DecisionTreeClassifier');
    await page.getByLabel('maxDepth', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Train' }).click();
    await expect.poll(() => page.getByTestId('job-state').textContent(), { timeout: 60_000 }).toBe('done');

    await page.goto(`${base}/#/sessions`);
    const rows = page.locator('table.records tbody tr');
    await expect.poll(() => rows.count()).toBe(2); // the uploaded-data run and this one
    for (let i = 0; i < 2; i++) {
      await page.goto(`${base}/#/sessions`);
      await rows.nth(i).locator('a').click();
      await page.getByRole('button', { name: 'Evaluate' }).click();
      await page
        .getByRole('table', { name: 'Metrics on the test and the training set' })
        .waitFor({ timeout: 60_000 });
    }
    // the model card: checksum, resolved parameters, confusion matrices of both sets
    await page.getByTestId('model-card').waitFor();
    expect(await page.getByTestId('model-card').textContent()).toMatch(/sha256 [0-9a-f]{64}/);
    await page.getByRole('table', { name: 'Confusion matrix (test set)' }).waitFor();
    await page.getByRole('table', { name: 'Confusion matrix (training set)' }).waitFor();
    await page.getByRole('table', { name: 'Confusion matrix (test set)' }).scrollIntoViewIfNeeded();
    await shot('session-detail');
    await audit('session detail');

    await page.goto(`${base}/#/sessions`);
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await page.getByRole('link', { name: /Compare/ }).click();
    await page.getByTestId('compare-metrics').waitFor();
    const diff = await page.locator('[data-testid=compare-params] tr.differs th').allTextContents();
    expect(diff).toContain('model');
    expect(await page.getByTestId('compare-metrics').textContent()).toContain('accuracy');
    await shot('compare');
    await audit('compare');

    await page.goto(`${base}/#/sessions`);
    await rows.nth(0).locator('a').click();
    await page.getByRole('button', { name: 'Save to the permanent store' }).click();
    await page.getByRole('heading', { name: 'Experiment' }).waitFor();
    expect(await page.getByTestId('record-status').textContent()).toBe('saved');
    // predict one raw row with the saved experiment's model (the DecisionTree on Iris)
    await page.getByLabel('One row (comma-separated feature values, raw units)').fill('5.1, 3.5, 1.4, 0.2');
    await page.getByRole('button', { name: 'Predict row' }).click();
    await expect.poll(() => page.getByTestId('prediction').textContent()).toContain('setosa');
  });

  it('serves Swagger UI at /docs; "Try it out" on POST /train with the documented example answers 202', async () => {
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .information-container').waitFor({ timeout: 30_000 });
    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .click();
    await page.locator('.auth-container input').first().fill(ADMIN_KEY);
    await page.locator('.auth-btn-wrapper button.authorize').click();
    await page.locator('.auth-btn-wrapper button.btn-done').click();
    const op = page.locator('#operations-train-postTrain');
    await op.locator('.opblock-summary').first().click();
    await op.getByRole('button', { name: 'Try it out' }).click();
    await op.getByRole('button', { name: 'Execute' }).click();
    const live = op.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => live.textContent(), { timeout: 30_000 }).toContain('202');
    await shot('swagger-ui');
  });

  it('shows the admin log to the admin, refuses it to a user', async () => {
    await page.goto(`${base}/#/admin`);
    await page.getByRole('table').waitFor();
    expect(await page.locator('table.log tbody tr').count()).toBeGreaterThan(5);
    await page.getByLabel('Service').selectOption('client');
    await expect.poll(() => page.locator('table.log tbody tr').count()).toBeGreaterThan(0);
    await page.getByLabel('Service').selectOption('training');
    await expect.poll(() => page.locator('table.log caption').textContent()).toMatch(/records/);
    await shot('admin-log');
    await audit('admin log');

    const created = await fetch(`${base}/admin/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ name: 'carol' }),
    });
    const { api_key } = (await created.json()) as { api_key: string };
    await page.goto(`${base}/#/sign-in`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(api_key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    // a user sees none of the admin's sessions, and is refused the log
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(0);
    await page.goto(`${base}/#/admin`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/forbidden/);
  });
});
