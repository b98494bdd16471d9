/**
 * The AccountStore logic over one users table; the SQLite and PostgreSQL adapters only run SQL
 * (`UserTable`). Names are unique among active users; a revoked name may be given to a new user,
 * who gets a new id (so it never inherits the old user's records).
 */
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { InvalidUserError, UserExistsError, UserNotFoundError } from './errors.js';
import { BOOTSTRAP_KEY_ID, generateApiKey, hashesEqual, hashKey, keyIdOf, MAX_KEY_CHARS } from './keys.js';
import {
  type AccountStore,
  type Actor,
  BOOTSTRAP_ADMIN,
  type CreatedUser,
  USER_ROLES,
  type UserInfo,
  type UserRole,
} from './types.js';

/** A stored user (`created_at` / `revoked_at` are BIGINT strings from pg). */
export interface UserRow {
  id: string;
  name: string;
  role: string;
  key_id: string;
  key_hash: string;
  created_at: number | string;
  revoked_at: number | string | null;
}

export interface UserTable {
  readonly kind: string;
  /** Inserts; returns false when an active user already has the name. */
  insert(row: UserRow): Promise<boolean>;
  byKeyId(keyId: string): Promise<UserRow | null>;
  activeByName(name: string): Promise<UserRow | null>;
  all(): Promise<UserRow[]>;
  /** Sets revoked_at on the active user `id`; returns the updated row or null. */
  revoke(id: string, at: number): Promise<UserRow | null>;
  /** Inserts or replaces the bootstrap admin's row (active, with this key hash). */
  upsertBootstrap(row: UserRow): Promise<void>;
  close(): Promise<void>;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Shortest accepted configured admin key (AUTOLEARN_ADMIN_TOKEN / adminToken). */
export const MIN_ADMIN_KEY_CHARS = 16;

export const USERS_TABLE_COLUMNS = 'id, name, role, key_id, key_hash, created_at, revoked_at';

export function userValues(r: UserRow): (string | number | null)[] {
  return [r.id, r.name, r.role, r.key_id, r.key_hash, Number(r.created_at), r.revoked_at];
}

export function toUserInfo(r: UserRow): UserInfo {
  return {
    id: r.id,
    name: r.name,
    role: r.role as UserRole,
    key_id: r.key_id,
    created_at: Number(r.created_at),
    revoked_at: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export class TableAccountStore implements AccountStore {
  readonly kind: string;
  private last = 0;

  constructor(
    private readonly table: UserTable,
    private readonly clock: () => number = Date.now,
  ) {
    this.kind = table.kind;
  }

  async create(name: string, role: UserRole = 'user'): Promise<CreatedUser> {
    checkName(name);
    if (!USER_ROLES.includes(role)) {
      throw new InvalidUserError(`role must be one of ${USER_ROLES.join(', ')}, got '${String(role)}'`);
    }
    if (name === BOOTSTRAP_ADMIN.name) throw new UserExistsError(name);
    const k = generateApiKey();
    const row: UserRow = {
      id: `u_${randomUUID()}`,
      name,
      role,
      key_id: k.keyId,
      key_hash: k.hash,
      created_at: this.now(),
      revoked_at: null,
    };
    if (!(await this.table.insert(row))) throw new UserExistsError(name);
    return { user: toUserInfo(row), api_key: k.key };
  }

  /** The clock, strictly increasing in this process (users list in creation order). */
  private now(): number {
    const t = this.clock();
    this.last = t > this.last ? t : this.last + 1;
    return this.last;
  }

  async list(): Promise<UserInfo[]> {
    return (await this.table.all()).map(toUserInfo);
  }

  async get(name: string): Promise<UserInfo | null> {
    if (typeof name !== 'string' || !NAME_RE.test(name)) return null;
    const row = await this.table.activeByName(name);
    return row ? toUserInfo(row) : null;
  }

  async revoke(name: string): Promise<UserInfo> {
    checkName(name);
    if (name === BOOTSTRAP_ADMIN.name) {
      throw new InvalidUserError(
        `the bootstrap admin cannot be revoked; change its key with AUTOLEARN_ADMIN_TOKEN or by replacing the admin-token file`,
      );
    }
    const row = await this.table.activeByName(name);
    const revoked = row ? await this.table.revoke(row.id, this.clock()) : null;
    if (!revoked) throw new UserNotFoundError(name);
    return toUserInfo(revoked);
  }

  async authenticate(apiKey: string): Promise<Actor | null> {
    if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > MAX_KEY_CHARS) return null;
    const row = await this.table.byKeyId(keyIdOf(apiKey));
    // hash even when no row matched, so the answer time does not tell a known key id apart
    const presented = hashKey(apiKey);
    if (!row || !hashesEqual(presented, row.key_hash) || row.revoked_at !== null) return null;
    return { id: row.id, name: row.name, role: row.role as UserRole };
  }

  async ensureBootstrapAdmin(key: string): Promise<Actor> {
    if (typeof key !== 'string' || key.trim().length < MIN_ADMIN_KEY_CHARS) {
      throw new ConfigError(
        `the admin key must be at least ${MIN_ADMIN_KEY_CHARS} characters (use a random one: 32 bytes of base64)`,
      );
    }
    await this.table.upsertBootstrap({
      id: BOOTSTRAP_ADMIN.id,
      name: BOOTSTRAP_ADMIN.name,
      role: 'admin',
      key_id: BOOTSTRAP_KEY_ID,
      key_hash: hashKey(key.trim()),
      created_at: this.clock(),
      revoked_at: null,
    });
    return BOOTSTRAP_ADMIN;
  }

  close(): Promise<void> {
    return this.table.close();
  }
}

function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new InvalidUserError(
      `a user name is 1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit; got ${JSON.stringify(name)}`,
    );
  }
}
