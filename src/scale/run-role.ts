/**
 * The body of a role process: parse flags and environment, start the role, print one JSON line
 * per event (`ready`, `job-start`, `job-done` with the job's wall and CPU ms, `bus-*`, `stopping`,
 * `stopped`), and on SIGINT / SIGTERM stop consuming, let the job in hand finish and ack, and
 * close everything.
 */
import { parseScaleArgs } from './config.js';
import { type RoleHandle, startRole } from './roles.js';

export interface RunRoleIo {
  /** One event line (default: stdout). */
  readonly out?: (line: string) => void;
  /** One error message (default: stderr). */
  readonly err?: (message: string) => void;
  readonly env?: Record<string, string | undefined>;
}

/**
 * Runs one role from command-line arguments until SIGINT / SIGTERM, then stops it cleanly;
 * resolves with the exit code (0 stopped, 2 bad configuration, 1 failure). For `process-main`
 * and for a CLI command such as `autolearn serve --role training --bus ...`.
 */
export async function runRoleMain(argv: readonly string[], io: RunRoleIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const errOut = io.err ?? ((m: string) => process.stderr.write(`${m}\n`));
  const line = (o: Record<string, unknown>) => out(JSON.stringify({ ...o, pid: process.pid }));
  let parsed: ReturnType<typeof parseScaleArgs>;
  try {
    parsed = parseScaleArgs(argv, io.env ?? process.env);
  } catch (e) {
    errOut(`autolearn scale: ${(e as Error).message}`);
    return 2;
  }
  const { role, config } = parsed;
  const started = new Map<string, { at: number; cpu: NodeJS.CpuUsage }>();
  let handle: RoleHandle;
  try {
    handle = await startRole(role, config, {
      hooks: {
        onStart: (kind, info) => {
          started.set(info.messageId ?? '', { at: Date.now(), cpu: process.cpuUsage() });
          line({ event: 'job-start', kind, id: info.correlationId, attempt: info.attempt });
        },
        onDone: (kind, info, ok) => {
          const s = started.get(info.messageId ?? '');
          started.delete(info.messageId ?? '');
          const cpu = s ? process.cpuUsage(s.cpu) : null;
          line({
            event: 'job-done',
            kind,
            id: info.correlationId,
            ok,
            startedAt: s?.at,
            wallMs: s ? Date.now() - s.at : undefined,
            cpuMs: cpu ? Math.round((cpu.user + cpu.system) / 1000) : undefined,
          });
        },
        onBusEvent: (e) => line({ event: `bus-${e.type}`, ...e, type: undefined }),
      },
    });
  } catch (e) {
    errOut(`autolearn scale: cannot start role ${role}: ${(e as Error).message}`);
    return 1;
  }
  line({ event: 'ready', role, prefix: handle.bus.prefix });
  return new Promise<number>((resolve) => {
    let stopping = false;
    // a second signal while stopping is ignored (the job in hand still finishes)
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      line({ event: 'stopping', signal });
      handle.close().then(
        () => {
          line({ event: 'stopped' });
          done(0);
        },
        (e: Error) => {
          errOut(`autolearn scale: error while stopping: ${e.message}`);
          done(1);
        },
      );
    };
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
