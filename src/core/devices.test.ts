import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, DEVICE_NAMES } from './backend.js';
import { cpuBackend } from './backends/cpu.js';
import {
  availableDevices,
  BACKEND_OPS,
  getBackend,
  registerBackend,
  resolveDevice,
  unregisterBackend,
} from './devices.js';
import { DeviceError, UnsupportedOpError } from './errors.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('availableDevices', () => {
  it('is synchronous and lists every device once, in DEVICE_NAMES order, with a reason exactly when unavailable', () => {
    const list = availableDevices();
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((d) => d.name)).toEqual([...DEVICE_NAMES]);
    for (const d of list) {
      expect(d.precision).toBe(d.name === 'cpu' || d.name === 'wasm-simd' ? 'float64' : 'float32');
      expect(['cpu', 'wasm', 'gpu']).toContain(d.kind);
      if (d.available) expect(d.reason).toBeUndefined();
      else expect(d.reason).toMatch(/\w{3,}/);
    }
  });

  it('has cpu, tfjs-cpu and wasm available (dependencies of the package)', () => {
    const avail = availableDevices()
      .filter((d) => d.available)
      .map((d) => d.name);
    expect(avail).toEqual(expect.arrayContaining(['cpu', 'tfjs-cpu', 'wasm']));
  });

  it('explains a missing tfjs-node in words a user can act on', () => {
    const tf = availableDevices().find((d) => d.name === 'tensorflow')!;
    if (!existsSync(join(root, 'node_modules/@tensorflow/tfjs-node'))) {
      expect(tf.available).toBe(false);
      expect(tf.reason).toBe(
        '@tensorflow/tfjs-node not installed (optional peer dependency; its install downloads libtensorflow)',
      );
    }
  });

  it('is cached: a second call is fast and returns equal data (a copy)', () => {
    const a = availableDevices();
    const t = performance.now();
    const b = availableDevices();
    expect(performance.now() - t).toBeLessThan(5);
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
  });
});

describe('resolveDevice / getBackend', () => {
  it('canonicalizes names and aliases', () => {
    expect(resolveDevice('CPU')).toBe('cpu');
    expect(resolveDevice(' wasm ')).toBe('wasm');
    expect(resolveDevice('tfjs')).toBe('tfjs-cpu');
    expect(resolveDevice('tfjs-node-gpu')).toBe('cuda');
  });

  it('rejects an unknown device with a DeviceError naming the known and available ones', async () => {
    let err: unknown;
    try {
      resolveDevice('tpu');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeviceError);
    const e = err as DeviceError;
    for (const n of DEVICE_NAMES) expect(e.message).toContain(n);
    expect(e.message).toContain('"tpu"');
    expect(e.available).toEqual(expect.arrayContaining(['cpu', 'tfjs-cpu', 'wasm']));
    await expect(getBackend('tpu')).rejects.toThrow(DeviceError);
  });

  it('rejects an unavailable device with its reason and the available devices', async () => {
    const missing = availableDevices().filter((d) => !d.available);
    for (const d of missing) {
      const p = getBackend(d.name);
      await expect(p).rejects.toBeInstanceOf(DeviceError);
      await expect(p).rejects.toThrow(d.reason as string);
      await expect(p).rejects.toThrow(/available devices: cpu, wasm-simd, tfjs-cpu, wasm/);
    }
  });

  it('returns one cached Backend per device', async () => {
    expect(await getBackend('cpu')).toBe(cpuBackend);
    const w1 = await getBackend('wasm');
    const w2 = await getBackend('WASM');
    expect(w1).toBe(w2);
    expect(w1.name).toBe('wasm');
    const t = await getBackend('tfjs-cpu');
    expect(t.name).toBe('tfjs-cpu');
    expect(t).not.toBe(w1);
  });

  it('lets tfjs-cpu and wasm interleave in one process (each switches the tfjs engine back)', async () => {
    const t = await getBackend('tfjs-cpu');
    const w = await getBackend('wasm');
    const a = t.fromArray([1, 2, 3, 4], [2, 2]);
    const b = w.fromArray([1, 2, 3, 4], [2, 2]);
    const ta = t.matmul(a, a);
    const wb = w.matmul(b, b);
    const ta2 = t.add(ta, a);
    expect(Array.from(t.readSync(ta2))).toEqual([8, 12, 18, 26]);
    expect(Array.from(await w.toArray(wb))).toEqual([7, 10, 15, 22]);
    t.dispose([a, ta, ta2]);
    w.dispose([b, wb]);
  });
});

describe('registerBackend', () => {
  afterEach(() => {
    unregisterBackend('cuda');
  });

  it('serves a user-provided backend under its device name until unregistered', async () => {
    let matmuls = 0;
    const counting: Backend = {
      ...cpuBackend,
      name: 'cuda',
      matmul(a, b, o) {
        matmuls++;
        return cpuBackend.matmul(a, b, o);
      },
    };
    const before = availableDevices().find((d) => d.name === 'cuda')!;
    registerBackend(counting);
    const info = availableDevices().find((d) => d.name === 'cuda')!;
    expect(info).toMatchObject({ available: true, custom: true, precision: 'float64' });
    expect(info.reason).toBeUndefined();
    const b = await getBackend('cuda');
    expect(b).toBe(counting);
    const x = b.fromArray([1, 2, 3, 4], [2, 2]);
    expect(Array.from(b.readSync(b.matmul(x, x)))).toEqual([7, 10, 15, 22]);
    expect(matmuls).toBe(1);
    expect(unregisterBackend('cuda')).toBe(true);
    expect(availableDevices().find((d) => d.name === 'cuda')).toEqual(before);
  });

  it('rejects a backend missing an op (UnsupportedOpError naming it) or with an unknown name', () => {
    const { rbfKernel: _dropped, ...partial } = cpuBackend;
    expect(() => registerBackend({ ...partial, name: 'cuda' } as unknown as Backend)).toThrow(
      UnsupportedOpError,
    );
    expect(() => registerBackend({ ...partial, name: 'cuda' } as unknown as Backend)).toThrow(/rbfKernel/);
    expect(() => registerBackend({ ...cpuBackend, name: 'tpu' } as unknown as Backend)).toThrow(DeviceError);
    expect(BACKEND_OPS.length).toBe(29);
  });
});

describe('laziness: importing autolearn loads no @tensorflow package', () => {
  it('at run time: src/index.ts loads no module from node_modules/@tensorflow until a tfjs device is requested', () => {
    const script = `
      import { createRequire } from 'node:module';
      const req = createRequire(import.meta.url);
      const tf = () => Object.keys(req.cache).filter((k) => k.includes('/node_modules/@tensorflow/')).length;
      const m = await import('./src/index.ts');
      const before = tf();
      // Concurrent first loads must not race on tfjs's single engine.
      const [t, w] = await Promise.all([m.getBackend('tfjs-cpu'), m.getBackend('wasm')]);
      const x = t.fromArray([1, 2], [2]);
      const y = w.fromArray([3, 4], [2]);
      if ((await t.toArray(t.add(x, x)))[1] !== 4 || (await w.toArray(w.add(y, y)))[1] !== 8) throw new Error('wrong sums');
      console.log(JSON.stringify({ before, after: tf() }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { before: number; after: number };
    expect(out.before).toBe(0);
    // Control: the same probe does see tfjs once a tfjs device is loaded.
    expect(out.after).toBeGreaterThan(0);
  });

  it('statically: no module reachable from src/index.ts imports a heavy package', () => {
    const heavy = /^(@tensorflow\/|webgpu$|better-sqlite3$|pg$|amqplib$|nats$)/;
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const re = /^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
      for (let m = re.exec(src); m; m = re.exec(src)) {
        if (m[1]) continue; // import type / export type: erased
        const spec = m[2] as string;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
          if (existsSync(target)) visit(target);
          else if (existsSync(target.replace(/\.ts$/, '/index.ts')))
            visit(target.replace(/\.ts$/, '/index.ts'));
        } else if (heavy.test(spec)) offenders.push(`${file.slice(root.length + 1)} imports ${spec}`);
      }
    };
    visit(join(root, 'src/index.ts'));
    expect(seen.has(join(root, 'src/core/devices.ts'))).toBe(true);
    expect(seen.has(join(root, 'src/core/backends/tfjs.ts'))).toBe(false);
    expect(offenders).toEqual([]);
  });
});
