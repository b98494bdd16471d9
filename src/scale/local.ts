/**
 * Helpers for tests and scripts around the local services: probe RabbitMQ, restart its app with rabbitmqctl,
 * spawn role processes (process-main) and follow their JSON event lines.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { importOptional } from '../core/optional-dependency.js';

export const RABBIT_URL = process.env.AUTOLEARN_TEST_AMQP ?? 'amqp://guest:guest@127.0.0.1:5672';

export async function probeRabbit(url = RABBIT_URL): Promise<{ url: string | null; reason: string }> {
  try {
    const amqp = await importOptional('amqplib', 'the RabbitMQ bus', () => import('amqplib'));
    const c = await amqp.connect(url, { timeout: 2000 });
    await c.close();
    return { url, reason: '' };
  } catch (e) {
    return { url: null, reason: `${url}: ${(e as Error).message}` };
  }
}

export function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) =>
      resolve({ ok: !err, out: `${stdout}${stderr}${err ? ` (${err.message})` : ''}` }),
    );
  });
}

/** Whether `rabbitmqctl` can control the local broker (present and permitted). */
export async function rabbitmqctlUsable(): Promise<{ ok: boolean; reason: string }> {
  const r = await run('rabbitmqctl', ['status'], 20_000);
  return { ok: r.ok, reason: r.ok ? '' : r.out.slice(0, 300) };
}

export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host, port, timeout: 500 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/**
 * `rabbitmqctl stop_app && rabbitmqctl start_app`, then waits for the AMQP port. `whileDown` runs
 * between the two (the broker refuses connections then).
 */
export async function restartRabbitApp(
  whileDown: () => void = () => {},
  host = '127.0.0.1',
  port = 5672,
): Promise<void> {
  const stop = await run('rabbitmqctl', ['stop_app']);
  if (!stop.ok) throw new Error(`rabbitmqctl stop_app failed: ${stop.out}`);
  whileDown();
  const start = await run('rabbitmqctl', ['start_app']);
  if (!start.ok) throw new Error(`rabbitmqctl start_app failed: ${start.out}`);
  for (let i = 0; i < 120 && !(await portOpen(host, port)); i++) await new Promise((r) => setTimeout(r, 250));
}

export interface RoleEvent {
  readonly event: string;
  readonly pid: number;
  readonly id?: string;
  readonly attempt?: number;
  readonly ok?: boolean;
  readonly reconnect?: boolean;
  readonly [k: string]: unknown;
}

export interface RoleProcess {
  readonly child: ChildProcess;
  readonly events: RoleEvent[];
  /** Resolves with the first event (already seen or future) matching. */
  waitFor(pred: (e: RoleEvent) => boolean, timeoutMs?: number): Promise<RoleEvent>;
  onEvent(fn: (e: RoleEvent) => void): void;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

const MAIN = fileURLToPath(
  new URL(`./process-main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

/** Spawns `process-main` with the given flags (under tsx when running from source). */
export function spawnRole(args: readonly string[], env: NodeJS.ProcessEnv = process.env): RoleProcess {
  const exec = MAIN.endsWith('.ts') ? ['--import', 'tsx', MAIN] : [MAIN];
  const child = spawn(process.execPath, [...exec, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const events: RoleEvent[] = [];
  const listeners: ((e: RoleEvent) => void)[] = [];
  let buf = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        const e = JSON.parse(line) as RoleEvent;
        events.push(e);
        for (const l of listeners) l(e);
      } catch {
        // not an event line
      }
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    err = (err + d).slice(-4000);
  });
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return {
    child,
    events,
    exited,
    stderr: () => err,
    onEvent: (fn) => listeners.push(fn),
    waitFor(pred, timeoutMs = 30_000) {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`timed out waiting for an event of pid ${child.pid}; stderr: ${err}`)),
          timeoutMs,
        );
        listeners.push((e) => {
          if (pred(e)) {
            clearTimeout(t);
            resolve(e);
          }
        });
        void exited.then((code) => {
          clearTimeout(t);
          reject(new Error(`pid ${child.pid} exited (${code}) before the event; stderr: ${err}`));
        });
      });
    },
  };
}

/** The first reachable PostgreSQL of AUTOLEARN_PG, postgres@ and root@ on 127.0.0.1:5432/test. */
export async function findPostgres(): Promise<{ url: string | null; reason: string }> {
  const { default: pg } = await importOptional('pg', 'the PostgreSQL store', () => import('pg'));
  const reasons: string[] = [];
  const candidates = [
    process.env.AUTOLEARN_PG,
    'postgres://postgres@127.0.0.1:5432/test',
    'postgres://root@127.0.0.1:5432/test',
  ].filter((s): s is string => !!s);
  for (const url of candidates) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.end();
      return { url, reason: '' };
    } catch (e) {
      reasons.push(`${url}: ${(e as Error).message}`);
      await c.end().catch(() => {});
    }
  }
  return { url: null, reason: reasons.join('; ') };
}
