/**
 * The CLI's everyday habits, on the compiled binary: --version, per-command help, "did you mean",
 * snake_case aliases, --json errors, strict --port, completion scripts, and read-only commands that
 * leave the current folder untouched.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cli } from './test-utils/proc.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'al-habits-'));
  dirs.push(d);
  return d;
};
beforeAll(() => assertBuilt());
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

describe('autolearn CLI habits', () => {
  it('--version prints the package version and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect([r.code, r.stdout.trim(), r.stderr]).toEqual([0, version, '']);
    }
  });

  it('train --help is the help of train (its options and examples), not the global help', async () => {
    const r = await cli(['train', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: autolearn train \[options\]/);
    expect(r.stdout).toMatch(/--param <name=value>/);
    expect(r.stdout).toMatch(/--split-test <fraction>/);
    expect(r.stdout).not.toMatch(/--grace-ms/);
    const help = await cli(['help', 'serve']);
    expect(help.stdout).toMatch(/--port <n>\s+TCP port, 0\.\.65535/);
    const top = await cli(['--help']);
    for (const c of [
      'quickstart',
      'catalog',
      'train',
      'evaluate',
      'sessions',
      'serve',
      'admin',
      'completion',
    ])
      expect(top.stdout).toMatch(new RegExp(`\\n  ${c}\\b`));
  });

  it('suggests the model, the command, the option and the parameter that were meant', async () => {
    const cwd = tmp();
    const model = await cli(['train', '--dataset', 'iris', '--model', 'svc'], { cwd });
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/unknown model 'svc' \(did you mean 'SVC'\?\)/);
    const forest = await cli(['train', '--dataset', 'iris', '--model', 'RandomForest'], { cwd });
    expect(forest.stderr).toMatch(/did you mean 'RandomForestClassifier'\?/);
    const command = await cli(['trian'], { cwd });
    expect([command.code, command.stderr]).toEqual([
      2,
      expect.stringMatching(/unknown command 'trian' \(did you mean 'train'\?\)/),
    ]);
    const option = await cli(['train', '--modle', 'SVC'], { cwd });
    expect([option.code, option.stderr]).toEqual([2, expect.stringMatching(/did you mean '--model'\?/)]);
    const param = await cli(
      ['train', '--dataset', 'iris', '--model', 'RandomForestClassifier', '--param', 'n_estimator=3'],
      { cwd },
    );
    expect([param.code, param.stderr]).toEqual([
      2,
      expect.stringMatching(/no hyper-parameter 'n_estimator' \(did you mean 'nEstimators'\?\)/),
    ]);
    // every rejected command line above was rejected before the data dir was created
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("accepts scikit-learn's snake_case parameter names (n_estimators -> nEstimators)", async () => {
    const cwd = tmp();
    const r = await cli(
      [
        'train',
        '--dataset',
        'iris',
        '--model',
        'RandomForestClassifier',
        '--param',
        'n_estimators=3',
        '--param',
        'max_depth=2',
        '--json',
      ],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    const job = JSON.parse(r.stdout);
    const rec = await cli(['sessions', job.token, '--json'], { cwd });
    expect(JSON.parse(rec.stdout).train_data.train_data.model.model_hyperparams).toEqual([
      { hyper_param_name: 'nEstimators', hyper_param_value: 3 },
      { hyper_param_name: 'maxDepth', hyper_param_value: 2 },
    ]);
  });

  it('--json errors are one JSON object on stderr with the code, message, exit code and suggestions', async () => {
    const r = await cli(['train', '--dataset', 'iris', '--model', 'svc', '--json'], { cwd: tmp() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        code: 'E_USAGE',
        message: expect.stringMatching(/unknown model 'svc'/),
        exit_code: 2,
        suggestions: ['SVC'],
      },
    });
    const parse = await cli(['serve', '--port', '1e3', '--json']);
    expect(parse.code).toBe(2);
    expect(JSON.parse(parse.stderr).error).toMatchObject({ code: 'E_USAGE', exit_code: 2 });
    const down = await cli(['catalog', '--server', 'http://127.0.0.1:9', '--json']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stderr).error).toMatchObject({ code: 'E_HTTP', status: 0, error: 'unreachable' });
  });

  it('--port takes an integer 0..65535 only', async () => {
    for (const bad of ['1e3', '65536', '-1', '80.5', 'http']) {
      const r = await cli(['serve', '--port', bad]);
      expect([bad, r.code, r.stderr]).toEqual([bad, 2, expect.stringMatching(/--port/)]);
    }
  });

  it('read-only commands create nothing on disk', async () => {
    const cwd = tmp();
    for (const args of [
      ['catalog'],
      ['catalog', 'SVC'],
      ['catalog', '--json'],
      ['--help'],
      ['--version'],
      ['train', '--help'],
      ['completion', 'bash'],
    ]) {
      const r = await cli(args, { cwd });
      expect([args, r.code]).toEqual([args, 0]);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('catalog SVC shows every hyper-parameter in full; an unknown name gets a suggestion', async () => {
    const cat = JSON.parse((await cli(['catalog', '--json'])).stdout);
    const svc = cat.models.find((m: { model_name: string }) => m.model_name === 'SVC');
    const r = await cli(['catalog', 'SVC']);
    expect(r.code).toBe(0);
    for (const p of svc.model_hyperparams) expect(r.stdout).toContain(`  ${p.param_name} (`);
    expect(r.stdout).toContain('Loss / learning algorithm hinge/smo');
    const bad = await cli(['catalog', 'SCV']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/did you mean 'SVC'/)]);
  });

  it('completion prints a bash script that bash accepts and that completes commands and models', async () => {
    const r = await cli(['completion', 'bash']);
    expect(r.code).toBe(0);
    const check = spawnSync(
      'bash',
      [
        '-c',
        `${r.stdout}\nCOMP_WORDS=(autolearn tr); COMP_CWORD=1; _autolearn_complete; echo "\${COMPREPLY[@]}"\nCOMP_WORDS=(autolearn train --model Ra); COMP_CWORD=3; _autolearn_complete; echo "\${COMPREPLY[@]}"\nCOMP_WORDS=(autolearn train --sp); COMP_CWORD=2; _autolearn_complete; echo "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.stdout.split('\n').slice(0, 3)).toEqual(['train', 'RandomForestClassifier', '--split-test']);
    const zsh = await cli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef autolearn/);
    const fish = await cli(['completion', 'fish']);
    expect(fish.code).toBe(2);
  });
});
