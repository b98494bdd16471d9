/** Runs examples/model-selection.ts as a user would and checks what it prints. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('examples/model-selection.ts', () => {
  it('grid-searches a scaled SVC pipeline, cross-validates it and reloads its checkpoint', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/model-selection.ts'], {
      cwd: ROOT,
      timeout: 120_000,
    });
    const params = JSON.parse(/best params: (\{.*\})/.exec(stdout)![1]!) as Record<string, number>;
    expect([0.1, 1, 10, 100]).toContain(params.svc__C);
    expect([0.01, 0.1, 1]).toContain(params.svc__gamma);
    expect(Number(/best mean accuracy: (\d\.\d+)/.exec(stdout)![1])).toBeGreaterThan(0.95);
    expect(Number(/test_balanced_accuracy: (\d\.\d+)/.exec(stdout)![1])).toBeGreaterThan(0.95);
    expect(stdout).toContain('restored predicts: setosa, virginica');
  }, 150_000);
});
