/**
 * Accounts: users with API keys and a role. Every session / experiment record is owned by the user
 * who trained it; `admin` sees everything and manages users, `user` sees only its own records.
 */

export type UserRole = 'admin' | 'user';
export const USER_ROLES: readonly UserRole[] = ['admin', 'user'];

/** Who acts on the platform: the authenticated user (HTTP) or the local admin (in-process). */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly role: UserRole;
}

/** The bootstrap admin: owns records made before accounts existed; its key is the admin-token file. */
export const BOOTSTRAP_ADMIN: Actor = Object.freeze({ id: 'admin', name: 'admin', role: 'admin' });

/** The actor of the in-process mode (CLI without --server, library use): the local admin. */
export const LOCAL_ADMIN: Actor = BOOTSTRAP_ADMIN;

/** A user as listed (never its key, only the key's public id). */
export interface UserInfo {
  readonly id: string;
  readonly name: string;
  readonly role: UserRole;
  /** The public part of the key (`al_<key_id>_...`), to tell keys apart without showing them. */
  readonly key_id: string;
  /** ms since the epoch. */
  readonly created_at: number;
  /** ms since the epoch; null while the key works. */
  readonly revoked_at: number | null;
}

/** The answer to `create`: the only time the API key is shown. */
export interface CreatedUser {
  readonly user: UserInfo;
  readonly api_key: string;
}

export interface AccountStore {
  readonly kind: string;
  /** Creates a user with a fresh API key (UserExistsError when an active user has that name). */
  create(name: string, role?: UserRole): Promise<CreatedUser>;
  /** Every user, revoked ones included, by creation time. */
  list(): Promise<UserInfo[]>;
  /** The active user of that name, or null. */
  get(name: string): Promise<UserInfo | null>;
  /** Revokes the active user of that name: its key stops working at once (UserNotFoundError). */
  revoke(name: string): Promise<UserInfo>;
  /** The actor of a presented API key, or null (unknown, malformed or revoked key). */
  authenticate(apiKey: string): Promise<Actor | null>;
  /** Creates or updates the bootstrap admin so that `key` is its API key. */
  ensureBootstrapAdmin(key: string): Promise<Actor>;
  close(): Promise<void>;
}

/** Whether `actor` may see a record owned by `owner` (404 otherwise, never 403: no existence leak). */
export function canSee(actor: Actor, owner: string): boolean {
  return actor.role === 'admin' || actor.id === owner;
}
