/**
 * One scale-out role as its own process:
 *   node --import tsx src/scale/process-main.ts --role training --bus amqp://... [--store ...] [--events ...]
 *   node dist/scale/process-main.js --role training --bus amqp://...
 * Prints one JSON line per event on stdout (`ready`, `job-start`, `job-done`, bus events,
 * `stopped`) and stops cleanly on SIGINT / SIGTERM (the job in hand finishes and is acked).
 * Exit codes: 0 stopped, 2 bad configuration, 1 failure.
 */
import { parseScaleArgs } from './config.js';
import { type RoleHandle, startRole } from './roles.js';

const line = (o: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ ...o, pid: process.pid })}\n`);

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseScaleArgs>;
  try {
    parsed = parseScaleArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`autolearn scale: ${(e as Error).message}\n`);
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
    process.stderr.write(`autolearn scale: cannot start role ${role}: ${(e as Error).message}\n`);
    return 1;
  }
  line({ event: 'ready', role, prefix: handle.bus.prefix });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      line({ event: 'stopping', signal });
      handle.close().then(
        () => {
          line({ event: 'stopped' });
          resolve(0);
        },
        (e: Error) => {
          process.stderr.write(`autolearn scale: error while stopping: ${e.message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

process.exitCode = await main();
