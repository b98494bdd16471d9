/**
 * Child process for the kill-during-save test: moves every session record to the permanent store,
 * one `save` at a time, as fast as it can, until the parent kills it with SIGKILL. Several children
 * may run at once on the same file.
 * argv[2]: the SQLite file. Prints `ready` once the repository is open.
 */
import { NotFoundError } from '../../core/errors.js';
import { openSqliteRepository } from '../stores/sqlite-repository.js';

const file = process.argv[2];
if (!file) throw new Error('usage: save-child <sqlite file>');
const repo = await openSqliteRepository(file);
process.stdout.write('ready\n');
for (;;) {
  const batch = await repo.session.list({ limit: 64 });
  if (batch.length === 0) break;
  for (const r of batch) {
    try {
      await repo.save(r.id);
    } catch (e) {
      // Another child moved it first: the transaction saw no session row and changed nothing.
      if (!(e instanceof NotFoundError)) throw e;
    }
  }
}
process.stdout.write('done\n');
await repo.close();
