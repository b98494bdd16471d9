/**
 * The train wizard on a real terminal (a pseudo-terminal from util-linux `script`): arrow-key menus,
 * a bad answer rejected at once (before the next question), "keep all defaults", and the equivalent
 * command printed at the end; then the training runs. Plus the dataset check in the line mode.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/render.js';
import { builtinRegistry } from '../services/builtin-registry.js';
import { assertBuilt } from './test-utils/proc.js';
import { hasScript, KEY, PtySession } from './test-utils/pty.js';
import { runWizard } from './wizard.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'al-pty-'));
  dirs.push(d);
  return d;
};
const sessions: PtySession[] = [];
beforeAll(() => assertBuilt());
afterAll(() => {
  for (const s of sessions) s.kill();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(args: string[]): PtySession {
  const cwd = tmp();
  const s = new PtySession(['train', '--wizard', '--data-dir', join(cwd, 'data'), ...args], { cwd });
  sessions.push(s);
  return s;
}

/** Answers Enter (the default) until the wizard prints its equivalent command. */
async function enterUntilDone(s: PtySession): Promise<void> {
  for (let i = 0; i < 60 && !/the same from the command line/.test(s.screen); i++)
    await s.type(KEY.enter, 150);
}

describe.skipIf(!hasScript())('train wizard on a terminal', () => {
  it('menus by arrow keys; `abc` for nEstimators is rejected at once; integers read as integers; the equivalent command; then it trains', async () => {
    const s = start([]);
    await s.waitFor(/Dataset/);
    expect(s.screen).toMatch(/height_weight \(classification, 4231 records, may need a download\)/);
    await s.type(KEY.enter); // iris
    await s.waitFor(/Test split fraction/);
    await s.type(`0.25${KEY.enter}`);
    await s.waitFor(/Split seed/);
    await s.type(KEY.enter);
    await s.waitFor(/RandomForestClassifier/);
    await s.type(KEY.down.repeat(4), 300);
    await s.type(KEY.enter);
    await s.waitFor(/Loss \/ learning algorithm[\s\S]*gini\/cart/);
    await s.type(KEY.enter);
    await s.waitFor(/Keep the defaults of all \d+ hyper-parameters\?/);
    await s.type(KEY.enter); // No
    await s.waitFor(/nEstimators \(int, \[1, 10000\]\)/);
    let at = s.mark();
    await s.type(`abc${KEY.enter}`);
    await s.waitFor(/an integer with 1 <= x <= 10000/, { after: at });
    expect(s.screen.slice(at)).not.toMatch(/criterion/); // still on nEstimators
    await s.type(`${KEY.backspace.repeat(3)}5${KEY.enter}`);
    await s.waitFor(/criterion/, { after: at });
    at = s.mark();
    await enterUntilDone(s);
    expect(s.screen).toMatch(/minSamplesSplit \(number, \(0, inf\]\)/);
    await s.waitFor(
      /autolearn train --dataset iris --model RandomForestClassifier --split-test 0\.25 --seed 0 --loss gini --algorithm cart --param nEstimators=5/,
    );
    await s.waitFor(/training done after [\d.]+ s/, { timeoutMs: 60_000 });
    expect(await s.exited).toBe(0);
  });

  it('"keep the defaults" skips every hyper-parameter question', async () => {
    const s = start(['--json']);
    await s.waitFor(/Dataset/);
    await s.type(KEY.enter);
    await s.waitFor(/Test split fraction/);
    await s.type(KEY.enter);
    await s.waitFor(/Split seed/);
    await s.type(KEY.enter);
    await s.waitFor(/GaussianNB/);
    await s.type(KEY.down.repeat(5), 300);
    await s.type(KEY.enter);
    await s.waitFor(/Loss \/ learning algorithm/);
    await s.type(KEY.enter);
    await s.waitFor(/Keep the defaults of all \d+ hyper-parameters\?/);
    await s.type(KEY.left, 200); // Yes
    await s.type(KEY.enter);
    await s.waitFor(
      /autolearn train --dataset iris --model GaussianNB --split-test 0\.3 --seed 0 --loss \S+ --algorithm \S+\s/,
    );
    expect(s.screen).not.toMatch(/varSmoothing \(/);
    await s.waitFor(/"state": "done"/, { timeoutMs: 60_000 });
    expect(await s.exited).toBe(0);
  });
});

describe('train wizard, line mode', () => {
  it('a dataset that cannot be loaded stops the wizard right after it is chosen, before any other question', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += String(d)));
    input.end('2\n0.3\n0\n');
    const wizard = runWizard(buildCatalog(builtinRegistry()), {
      input,
      output,
      plain: true,
      checkDataset: async (name) => {
        throw new Error(`${name}: download failed (offline)`);
      },
    });
    await expect(wizard).rejects.toThrow(/dataset height_weight cannot be loaded here: .*offline/);
    expect(shown).not.toMatch(/Test split/);
  });

  it('a bad hyper-parameter answer is asked again at once, with what is allowed', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += String(d)));
    const catalog = buildCatalog(builtinRegistry());
    const rf = catalog.models.find((m) => m.model_name === 'RandomForestClassifier')!;
    const rest = rf.model_hyperparams.length - 1;
    input.end(`iris\n\n\nRandomForestClassifier\n\nabc\n7\n${'\n'.repeat(rest + 10)}`);
    const req = await runWizard(catalog, { input, output, plain: true });
    expect(shown).toMatch(/'abc' is not allowed: an integer with 1 <= x <= 10000\n {2}nEstimators/);
    expect(req.train_data.model.model_hyperparams).toEqual([
      { hyper_param_name: 'nEstimators', hyper_param_value: 7 },
    ]);
    expect(shown).toMatch(
      /the same from the command line:\n {2}autolearn train --dataset iris --model RandomForestClassifier .*--param nEstimators=7/,
    );
  });
});

describe.skipIf(!hasScript())('progress on a terminal', () => {
  it('train --csv draws a progress bar through its steps (loading, training, evaluating); a file named like a built-in dataset does not clash', async () => {
    const cwd = tmp();
    const csv = readFileSync(new URL('../../datasets/iris.csv', import.meta.url), 'utf8');
    writeFileSync(join(cwd, 'iris.csv'), csv);
    const s = new PtySession(
      [
        'train',
        '--csv',
        'iris.csv',
        '--label',
        'species',
        '--model',
        'RandomForestClassifier',
        '--param',
        'nEstimators=200',
      ],
      { cwd },
    );
    sessions.push(s);
    expect(await s.exited).toBe(0);
    expect(s.screen).toMatch(/\[[= ]{24}\]\s+\d+% training/);
    expect(s.screen).toMatch(/\] (loading|evaluating) /);
    expect(s.screen).toMatch(/RandomForestClassifier \(gini\/cart\) on csv:iris: /);
  }, 60_000);
});
