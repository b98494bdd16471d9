/** importOptional: a missing optional package becomes a MissingDependencyError; other failures pass through. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AutolearnError } from './errors.js';
import { importOptional, isMissingPackage, MissingDependencyError } from './optional-dependency.js';

const dir = mkdtempSync(join(tmpdir(), 'al-optional-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importOptional', () => {
  it('loads an installed package as import() would', async () => {
    const m = await importOptional('csv-parse', 'CSV sources', () => import('csv-parse'));
    expect(typeof m.parse).toBe('function');
  });

  it('a package that is not installed is a MissingDependencyError naming it and the install command', async () => {
    const pkg = 'autolearn-no-such-package-4e1f';
    const err = await importOptional(pkg, 'the frobnicator', () => import(pkg)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingDependencyError);
    expect(err).toBeInstanceOf(AutolearnError);
    expect(err).toMatchObject({
      code: 'E_MISSING_DEPENDENCY',
      pkg,
      feature: 'the frobnicator',
      install: `npm install ${pkg}`,
    });
    expect((err as Error).message).toBe(
      `the frobnicator needs the optional package '${pkg}', which is not installed: run \`npm install ${pkg}\``,
    );
    expect(isMissingPackage((err as Error).cause, pkg)).toBe(true);
  });

  it('an installed package failing on one of its own imports is not reported as missing: the original error passes', async () => {
    const file = join(dir, 'broken.mjs');
    writeFileSync(file, "import 'autolearn-inner-missing-77aa';\nexport const x = 1;\n");
    const err = await importOptional('broken', 'a feature', () => import(pathToFileURL(file).href)).catch(
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(MissingDependencyError);
    expect((err as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
    expect((err as Error).message).toMatch(/autolearn-inner-missing-77aa/);
  });
});
