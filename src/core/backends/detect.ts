/**
 * Synchronous device detection: resolves packages without loading them, looks for native files,
 * and probes Dawn for a WebGPU adapter in a short child process (so this process never loads
 * Dawn just to ask). Results are computed once per process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeviceName } from '../backend.js';
import { simdModuleProblem } from '../devices/wasm-simd/index.js';
import { WA } from '../devices/wasm-simd/webassembly.js';

const require = createRequire(import.meta.url);

/** Outcome of probing one device. */
export interface Detection {
  readonly available: boolean;
  readonly reason?: string;
}

/** Path of a package's main file, or null when it is not installed. */
export function resolvePackage(pkg: string): string | null {
  try {
    return require.resolve(pkg);
  } catch {
    return null;
  }
}

/** Directory of a package (the one holding its package.json), or null. */
export function packageDir(pkg: string): string | null {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    const main = resolvePackage(pkg);
    return main ? dirname(main) : null;
  }
}

function missing(pkg: string, why: string): Detection {
  return { available: false, reason: `${pkg} not installed (${why})` };
}

function tfjsCore(): Detection | null {
  if (!resolvePackage('@tensorflow/tfjs-core'))
    return missing('@tensorflow/tfjs-core', 'optional peer dependency of the tfjs devices');
  return null;
}

/** Directory holding tfjs-backend-wasm's .wasm binaries, or null. */
export function wasmDir(): string | null {
  const main = resolvePackage('@tensorflow/tfjs-backend-wasm');
  if (!main) return null;
  const dir = dirname(main);
  return existsSync(join(dir, 'tfjs-backend-wasm.wasm')) ? dir : null;
}

function nativeBinding(pkg: string): Detection {
  const dir = packageDir(pkg);
  if (!dir) {
    return missing(pkg, 'optional peer dependency; its install downloads libtensorflow');
  }
  const lib = join(dir, 'lib');
  const found =
    existsSync(lib) &&
    readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')));
  if (!found) {
    return {
      available: false,
      reason: `${pkg} is installed but its native binding (lib/napi-v*/tfjs_binding.node) is missing: its install script could not download libtensorflow`,
    };
  }
  return { available: true };
}

let nvidiaCache: Detection | undefined;
function nvidiaGpu(): Detection {
  if (nvidiaCache) return nvidiaCache;
  const r = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) {
    nvidiaCache = {
      available: false,
      reason: `no NVIDIA GPU found (nvidia-smi: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`,
    };
  } else if (r.status !== 0 || !/GPU \d+/.test(r.stdout)) {
    const msg = `${r.stderr || r.stdout}`.trim().split('\n')[0] ?? '';
    nvidiaCache = {
      available: false,
      reason: `no NVIDIA GPU found (nvidia-smi exited with ${r.status}${msg ? `: ${msg}` : ''})`,
    };
  } else {
    nvidiaCache = { available: true };
  }
  return nvidiaCache;
}

const PROBE_TIMEOUT_MS = 15_000;

/** Probes Dawn (the `webgpu` package) for an adapter in a child process. */
function webgpuAdapter(webgpuMain: string): Detection {
  const url = pathToFileURL(webgpuMain).href;
  const script = `
    const { create } = await import(${JSON.stringify(url)});
    const gpu = create([]);
    const a = await gpu.requestAdapter();
    const info = a && a.info ? [a.info.vendor, a.info.architecture, a.info.device, a.info.description].filter(Boolean).join(' ') : '';
    process.stdout.write(JSON.stringify({ ok: !!a, info }));
    process.exit(0);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return {
      available: false,
      reason:
        code === 'ETIMEDOUT'
          ? `WebGPU adapter probe timed out after ${PROBE_TIMEOUT_MS / 1000} s`
          : `WebGPU probe failed: ${r.error.message}`,
    };
  }
  const dawn = dawnMessage(r.stderr);
  let parsed: { ok?: boolean } = {};
  try {
    parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok?: boolean };
  } catch {
    return {
      available: false,
      reason: `WebGPU probe crashed (exit ${r.status ?? r.signal})${dawn ? `: ${dawn}` : ''}`,
    };
  }
  if (!parsed.ok)
    return { available: false, reason: `no WebGPU adapter found${dawn ? ` (Dawn: ${dawn})` : ''}` };
  return { available: true };
}

/**
 * The most telling line of the probe's stderr: a thrown error's message when it crashed, else the
 * first line Dawn printed, e.g. "Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file".
 */
function dawnMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l && !l.startsWith('at ') && !l.startsWith('node:') && !/^\^+$/.test(l) && !l.startsWith('Node.js v'),
    );
  const line = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0];
  if (!line) return '';
  return line.replace(/^Warning:\s*/, '').replace(/: No such file or directory$/, '');
}

/** Detects one device; never throws. */
/** A module using one v128 instruction: validates only where WebAssembly SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
]);

function wasmSimdSupport(): Detection {
  if (!WA.validate(SIMD_PROBE))
    return { available: false, reason: 'this runtime has no WebAssembly SIMD (v128)' };
  const problem = simdModuleProblem();
  return problem ? { available: false, reason: problem } : { available: true };
}

export function detectDevice(name: DeviceName): Detection {
  switch (name) {
    case 'cpu':
      return { available: true };
    case 'wasm-simd':
      return wasmSimdSupport();
    case 'tfjs-cpu':
      return (
        tfjsCore() ??
        (resolvePackage('@tensorflow/tfjs-backend-cpu')
          ? { available: true }
          : missing('@tensorflow/tfjs-backend-cpu', 'optional peer dependency of the tfjs-cpu device'))
      );
    case 'wasm': {
      const core = tfjsCore();
      if (core) return core;
      if (!resolvePackage('@tensorflow/tfjs-backend-wasm'))
        return missing('@tensorflow/tfjs-backend-wasm', 'optional peer dependency of the wasm device');
      if (!wasmDir())
        return {
          available: false,
          reason: '@tensorflow/tfjs-backend-wasm is installed but dist/tfjs-backend-wasm.wasm is missing',
        };
      return { available: true };
    }
    case 'webgpu': {
      // The kernels are raw WGSL on Dawn: only the `webgpu` package and an adapter are needed (the
      // primitive op table behind getBackend('webgpu') additionally loads tfjs-backend-webgpu).
      const dawn = resolvePackage('webgpu');
      if (!dawn)
        return missing(
          'webgpu',
          'optional peer dependency providing Dawn, the WebGPU implementation for Node',
        );
      return webgpuAdapter(dawn);
    }
    case 'tensorflow':
      return nativeBinding('@tensorflow/tfjs-node');
    case 'cuda': {
      const pkg = nativeBinding('@tensorflow/tfjs-node-gpu');
      if (!pkg.available) return pkg;
      return nvidiaGpu();
    }
  }
}
