/**
 * Scale-out configuration from flags and environment (flags win):
 *   --role        AUTOLEARN_ROLE          api | session | training | evaluation
 *   --bus         AUTOLEARN_BUS           amqp://user:pass@host:5672/vhost
 *   --store       AUTOLEARN_STORE         sqlite | sqlite:<file> | postgres://...[?schema=]
 *   --events      AUTOLEARN_EVENTS        sqlite | postgres://... | nats://...
 *   --data-dir    AUTOLEARN_DATA_DIR      key file / SQLite folder (default ./.autolearn)
 *   --prefix      AUTOLEARN_QUEUE_PREFIX  queue name prefix (default autolearn.)
 *   --max-attempts AUTOLEARN_MAX_ATTEMPTS tries before a message is dead-lettered (default 5)
 *   --prefetch    AUTOLEARN_PREFETCH      jobs a worker holds at a time (default 1)
 *   --setup       AUTOLEARN_SETUP         module URL/path registering models and datasets
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../services/errors.js';

export const SCALE_ROLES = ['api', 'session', 'training', 'evaluation'] as const;
export type ScaleRole = (typeof SCALE_ROLES)[number];

export interface ScaleConfig {
  /** RabbitMQ URL. */
  readonly bus: string;
  readonly store?: string;
  readonly events?: string;
  readonly dataDir?: string;
  readonly prefix?: string;
  readonly maxAttempts?: number;
  readonly prefetch?: number;
  /** Module URL whose default export fills a Registry (default: the built-ins). */
  readonly setup?: string;
  readonly secretKey?: string;
}

const FLAGS: Record<string, [keyof ScaleConfig | 'role', string]> = {
  '--role': ['role', 'AUTOLEARN_ROLE'],
  '--bus': ['bus', 'AUTOLEARN_BUS'],
  '--store': ['store', 'AUTOLEARN_STORE'],
  '--events': ['events', 'AUTOLEARN_EVENTS'],
  '--data-dir': ['dataDir', 'AUTOLEARN_DATA_DIR'],
  '--prefix': ['prefix', 'AUTOLEARN_QUEUE_PREFIX'],
  '--max-attempts': ['maxAttempts', 'AUTOLEARN_MAX_ATTEMPTS'],
  '--prefetch': ['prefetch', 'AUTOLEARN_PREFETCH'],
  '--setup': ['setup', 'AUTOLEARN_SETUP'],
};

/**
 * Parses `--flag value` / `--flag=value` arguments over the environment.
 *
 * @example
 * ```ts
 * import { parseScaleArgs } from 'autolearn/scale';
 *
 * const { role, config } = parseScaleArgs(['--role', 'training', '--bus', 'amqp://guest:guest@127.0.0.1:5672'], {});
 * console.log(role, config.bus);
 * ```
 */
export function parseScaleArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): { role: ScaleRole; config: ScaleConfig } {
  const raw: Record<string, string | undefined> = {};
  for (const [, [key, envName]] of Object.entries(FLAGS)) raw[key] = env[envName] || undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const spec = FLAGS[flag];
    if (!spec) throw new ConfigError(`unknown option '${flag}'; known: ${Object.keys(FLAGS).join(', ')}`);
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new ConfigError(`option ${flag} needs a value`);
    raw[spec[0]] = value;
  }
  const role = raw.role;
  if (!role || !(SCALE_ROLES as readonly string[]).includes(role))
    throw new ConfigError(`--role must be one of ${SCALE_ROLES.join(', ')}, got '${role ?? ''}'`);
  if (!raw.bus) throw new ConfigError('--bus (or AUTOLEARN_BUS) is required: amqp://user:pass@host:5672');
  const int = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new ConfigError(`${name} must be an integer >= ${min}, got '${v}'`);
    return n;
  };
  return {
    role: role as ScaleRole,
    config: {
      bus: raw.bus,
      store: raw.store,
      events: raw.events,
      dataDir: raw.dataDir,
      prefix: raw.prefix,
      maxAttempts: int('--max-attempts', raw.maxAttempts, 1),
      prefetch: int('--prefetch', raw.prefetch, 1),
      setup: raw.setup === undefined ? undefined : moduleUrl(raw.setup),
    },
  };
}

/** A file path or URL as a module URL. */
export function moduleUrl(spec: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)) return spec;
  return pathToFileURL(isAbsolute(spec) ? spec : resolve(spec)).href;
}
