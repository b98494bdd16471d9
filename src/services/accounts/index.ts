/** Accounts: users, API keys (stored hashed), roles, and the ownership rule of records. */
export { TableAccountStore, type UserRow, type UserTable } from './account-store.js';
export { AccountError, InvalidUserError, UserExistsError, UserNotFoundError } from './errors.js';
export { generateApiKey, hashKey } from './keys.js';
export { openAccountStore } from './open.js';
export {
  type AccountStore,
  type Actor,
  BOOTSTRAP_ADMIN,
  type CreatedUser,
  canSee,
  LOCAL_ADMIN,
  USER_ROLES,
  type UserInfo,
  type UserRole,
} from './types.js';
