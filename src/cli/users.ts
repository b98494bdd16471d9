/**
 * `autolearn admin users create NAME [--admin] | list | revoke NAME`: user management, against a
 * server (`--server URL`, with an admin API key) or directly on the local data dir's account store.
 * Also where the CLI finds its API key: `--api-key`, AUTOLEARN_API_KEY, `--admin-token` /
 * AUTOLEARN_ADMIN_TOKEN, else the local data dir's admin key file.
 */
import { ADMIN_TOKEN_ENV, readAdminTokenFile } from '../server/admin-token.js';
import { AccountError } from '../services/accounts/errors.js';
import { openAccountStore } from '../services/accounts/open.js';
import type { CreatedUser, UserInfo } from '../services/accounts/types.js';
import { HttpStatusError, UsageError } from './errors.js';

export const API_KEY_ENV = 'AUTOLEARN_API_KEY';

export interface ApiKeySources {
  readonly apiKey?: string;
  readonly adminToken?: string;
  readonly env: Record<string, string | undefined>;
  /** The local data dir: its admin key file is the last resort (a server on this machine). */
  readonly dataDir: string;
}

/** The API key the CLI sends, from the first source that has one; undefined when none has. */
export function resolveApiKey(s: ApiKeySources): string | undefined {
  for (const v of [s.apiKey, s.env[API_KEY_ENV], s.adminToken, s.env[ADMIN_TOKEN_ENV]]) {
    if (v?.trim()) return v.trim();
  }
  return readAdminTokenFile(s.dataDir) ?? undefined;
}

export interface UsersCommandOptions {
  /** What follows `admin users`: `create NAME`, `list` or `revoke NAME`. */
  readonly args: readonly string[];
  /** `--admin`: the new user gets the admin role. */
  readonly admin?: boolean;
  readonly server?: string;
  readonly apiKey?: string;
  readonly dataDir: string;
  readonly json?: boolean;
  readonly out: (line: string) => void;
}

export const USERS_USAGE = `admin users create NAME [--admin]   create a user; prints its API key once
admin users list                    users (keys are never shown)
admin users revoke NAME             revoke a user's key at once (its records stay)`;

interface UserOps {
  create(name: string, role: 'admin' | 'user'): Promise<CreatedUser>;
  list(): Promise<UserInfo[]>;
  revoke(name: string): Promise<UserInfo>;
  close(): Promise<void>;
}

/** Runs the command; returns the exit code (errors are thrown, as everywhere in the CLI). */
export async function usersCommand(o: UsersCommandOptions): Promise<number> {
  const [sub, name, ...extra] = o.args;
  if (!sub || !['create', 'list', 'revoke'].includes(sub) || extra.length > 0) {
    throw new UsageError(`usage:\n${USERS_USAGE}`);
  }
  if (sub !== 'list' && !name) throw new UsageError(`missing NAME\n\nusage:\n${USERS_USAGE}`);
  if (sub === 'list' && name) throw new UsageError(`'admin users list' takes no NAME`);
  const ops = o.server ? httpOps(o.server, o.apiKey) : await localOps(o.dataDir);
  const print = (json: unknown, text: string) => o.out(o.json ? JSON.stringify(json, null, 2) : text);
  try {
    if (sub === 'create') {
      const c = await ops.create(name as string, o.admin ? 'admin' : 'user');
      print(
        c,
        [
          `created ${c.user.role} '${c.user.name}' (id ${c.user.id})`,
          `API key (shown only now; it is stored hashed and cannot be recovered):`,
          c.api_key,
        ].join('\n'),
      );
    } else if (sub === 'list') {
      const users = await ops.list();
      print(users, formatUsers(users));
    } else {
      const u = await ops.revoke(name as string);
      print(u, `revoked '${u.name}': its API key no longer works`);
    }
    return 0;
  } catch (e) {
    // a bad name, an existing or unknown user: bad input (exit code 2)
    if (e instanceof AccountError) throw new UsageError(e.message);
    throw e;
  } finally {
    await ops.close();
  }
}

export function formatUsers(users: readonly UserInfo[]): string {
  const rows = users.map((u) => [
    u.name,
    u.role,
    u.key_id,
    new Date(u.created_at).toISOString(),
    u.revoked_at === null ? 'active' : `revoked ${new Date(u.revoked_at).toISOString()}`,
  ]);
  const head = ['name', 'role', 'key id', 'created', 'status'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

async function localOps(dataDir: string): Promise<UserOps> {
  const store = await openAccountStore('sqlite', { dataDir });
  return {
    create: (name, role) => store.create(name, role),
    list: () => store.list(),
    revoke: (name) => store.revoke(name),
    close: () => store.close(),
  };
}

function httpOps(server: string, apiKey: string | undefined): UserOps {
  const base = server.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new HttpStatusError(
        0,
        'unreachable',
        `cannot reach the server at ${base}: ${(e as Error).message}`,
      );
    }
    const text = await res.text();
    let json: { error?: string; message?: string } | null = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { error: 'bad_response', message: text };
    }
    if (!res.ok)
      throw new HttpStatusError(res.status, json?.error ?? 'error', json?.message ?? res.statusText);
    return json as T;
  };
  return {
    create: (name, role) => call<CreatedUser>('POST', '/admin/users', { name, role }),
    list: () => call<UserInfo[]>('GET', '/admin/users'),
    revoke: (name) => call<UserInfo>('DELETE', `/admin/users/${encodeURIComponent(name)}`),
    close: async () => {},
  };
}
