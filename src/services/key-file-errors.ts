import { AutolearnError } from '../core/errors.js';

/** Config / env flag that accepts starting over with a new key after the key file was lost. */
export const NEW_KEY_ENV = 'AUTOLEARN_NEW_KEY';

/**
 * The session-id key file is gone but the stores already hold records whose ids were encrypted
 * with it. autolearn refuses to generate a new key silently (every existing session id would stop
 * working); the user restores the file or opts in to a new key.
 */
export class KeyFileMissingError extends AutolearnError {
  constructor(
    readonly file: string,
    readonly records: number,
  ) {
    super(
      'E_KEY_FILE_MISSING',
      `the key file ${file} is missing, but the stores already hold ${records} experiment record${records === 1 ? '' : 's'} ` +
        'whose session ids were encrypted with the key it held. A new key would make every existing session id unusable, ' +
        'so none was generated. Either restore the file from a backup (or give the old key through AUTOLEARN_SECRET_KEY / ' +
        `the secretKey option) and start again, or accept that the old ids stop working and start once with a new key: ` +
        `set ${NEW_KEY_ENV}=1 (library option newKey: true). The records themselves are kept either way.`,
    );
  }
}
