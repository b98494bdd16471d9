/**
 * Fault-test helper: a private nats-server (JetStream, file storage in a temp dir, random port on
 * 127.0.0.1) that a test may SIGKILL and restart. The shared NATS service is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_SERVER_BIN = process.env.AUTOLEARN_NATS_SERVER ?? '/usr/sbin/nats-server';

export function natsServerAvailable(): boolean {
  return existsSync(NATS_SERVER_BIN);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = new Socket();
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
    c.connect(port, '127.0.0.1');
  });
}

export interface PrivateNats {
  readonly url: string;
  readonly port: number;
  /** SIGKILLs the server (no clean shutdown) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and storage folder; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Kills it and removes its storage. */
  dispose(): Promise<void>;
}

export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'autolearn-nats-'));
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn(NATS_SERVER_BIN, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: 'ignore',
    });
    child = c;
    const until = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (c.exitCode !== null) throw new Error(`nats-server exited with ${c.exitCode}`);
      if (Date.now() > until) throw new Error('nats-server did not start within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
