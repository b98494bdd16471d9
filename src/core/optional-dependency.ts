/**
 * The one door to autolearn's optional peer dependencies (the drivers, the HTTP server, the tfjs
 * devices): each is imported lazily through {@link importOptional}, so `npm install autolearn`
 * stays small and a layer used without its package fails with a {@link MissingDependencyError}
 * that names the command to run.
 */
import { AutolearnError } from './errors.js';

/**
 * An optional peer dependency is not installed but a feature that needs it was used. `pkg` is the
 * npm package, `feature` what needed it, `install` the command that fixes it.
 *
 * @example
 * ```ts
 * import { MissingDependencyError } from 'autolearn';
 *
 * const e = new MissingDependencyError('pg', 'the PostgreSQL event store');
 * console.log(e.install); // npm install pg
 * ```
 */
export class MissingDependencyError extends AutolearnError {
  /** The command that installs the missing package. */
  readonly install: string;
  constructor(
    readonly pkg: string,
    readonly feature: string,
    options?: { cause?: unknown },
  ) {
    const install = `npm install ${pkg}`;
    super(
      'E_MISSING_DEPENDENCY',
      `${feature} needs the optional package '${pkg}', which is not installed: run \`${install}\``,
      options,
    );
    this.install = install;
  }
}

/** True when `e` is Node's "cannot find package" error about `pkg` itself (not one of its own imports). */
export function isMissingPackage(e: unknown, pkg: string): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err || typeof err.message !== 'string') return false;
  if (err.code !== 'ERR_MODULE_NOT_FOUND' && err.code !== 'MODULE_NOT_FOUND') return false;
  return err.message.includes(`'${pkg}'`) || err.message.includes(`'${pkg}/`);
}

/**
 * Imports an optional peer dependency: runs `load` (a literal `() => import('pkg')`, so types and
 * bundlers see the specifier) and turns "package not found" into a {@link MissingDependencyError}.
 * Any other failure (a broken install, a native binding that does not load) is rethrown as is.
 *
 * @example
 * ```ts
 * import { importOptional, MissingDependencyError } from 'autolearn';
 *
 * try {
 *   const pg = await importOptional('pg', 'my report job', () => import('pg'));
 *   console.log(typeof pg);
 * } catch (e) {
 *   if (e instanceof MissingDependencyError) console.error(e.message);
 *   else throw e;
 * }
 * ```
 */
export async function importOptional<T>(pkg: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isMissingPackage(e, pkg)) throw new MissingDependencyError(pkg, feature, { cause: e });
    throw e;
  }
}
