/**
 * Compiles the wasm-simd kernels (AssemblyScript in src/core/devices/wasm-simd/assembly) into
 * src/core/devices/wasm-simd/kernels.wasm when a source is newer than it, with SIMD on and the stub
 * runtime (the host owns every buffer). Also the vitest globalSetup, so a fresh clone's tests build it.
 *
 *   node --import tsx scripts/build-wasm.ts          # src/.../kernels.wasm
 *   node --import tsx scripts/build-wasm.ts --dist   # and copy it into dist/ (npm run build)
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const device = join(root, 'src/core/devices/wasm-simd');
const sources = join(device, 'assembly');
const target = join(device, 'kernels.wasm');
const distTarget = join(root, 'dist/core/devices/wasm-simd/kernels.wasm');

function stale(): boolean {
  if (!existsSync(target)) return true;
  const built = statSync(target).mtimeMs;
  return readdirSync(sources).some((f) => statSync(join(sources, f)).mtimeMs > built);
}

/** Builds kernels.wasm when stale; throws with the compiler's output when it fails. */
export async function buildWasm(): Promise<void> {
  if (!stale()) return;
  const tmp = `${target}.${process.pid}.tmp`;
  const r = await asc.main([
    join(sources, 'index.ts'),
    '--outFile',
    tmp,
    '--optimizeLevel',
    '3',
    '--shrinkLevel',
    '0',
    '--enable',
    'simd',
    '--runtime',
    'stub',
    '--noAssert',
    '--use',
    'abort=',
  ]);
  if (r.error) throw new Error(`asc failed: ${r.error.message}\n${r.stderr.toString()}`);
  renameSync(tmp, target);
}

/** vitest globalSetup: the tests load kernels.wasm from the source tree. */
export async function setup(): Promise<void> {
  await buildWasm();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWasm();
  if (process.argv.includes('--dist')) {
    mkdirSync(dirname(distTarget), { recursive: true });
    copyFileSync(target, distTarget);
  }
}
