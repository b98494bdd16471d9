import { AutolearnError } from '../../core/errors.js';

/** A user-management request that cannot be done; `status` is its HTTP answer. */
export class AccountError extends AutolearnError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
  ) {
    super(code, message);
  }
}

export class UserExistsError extends AccountError {
  constructor(readonly userName: string) {
    super('E_USER_EXISTS', `a user named '${userName}' already exists (revoke it first)`, 409);
  }
}

export class UserNotFoundError extends AccountError {
  constructor(readonly userName: string) {
    super('E_USER_NOT_FOUND', `no active user named '${userName}'`, 404);
  }
}

export class InvalidUserError extends AccountError {
  constructor(message: string) {
    super('E_INVALID_USER', message, 400);
  }
}
