import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors.js';
import { DuplicateRecordError } from '../services/errors.js';
import { openRepository } from '../services/stores/open.js';
import { makeRecord } from '../services/test-utils/records.js';
import { idempotentRepository } from './idempotent-repository.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-idem-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('idempotentRepository (SQLite)', () => {
  it('a redelivered insert or save of the same record changes nothing; a different record under the id still fails', async () => {
    const inner = await openRepository(`sqlite:${join(tmp, 'a.db')}`);
    const repo = idempotentRepository(inner);
    try {
      const r = makeRecord('100', 100);
      await repo.session.insert(r);
      await repo.session.insert(structuredClone(r)); // redelivery
      expect(await repo.session.count()).toBe(1);
      expect(await repo.session.get('100')).toEqual(r);

      const other = { ...makeRecord('100', 100), train_data: { ...r.train_data, checkpoint: '{"other":1}' } };
      await expect(repo.session.insert(other)).rejects.toBeInstanceOf(DuplicateRecordError);
      await expect(repo.session.insert(makeRecord('100', 101))).rejects.toBeInstanceOf(DuplicateRecordError);

      const saved = await repo.save('100');
      expect(saved.status).toBe('saved');
      expect(await repo.save('100')).toEqual(saved); // redelivered storageRecord
      expect([await repo.session.count(), await repo.permanent.count()]).toEqual([0, 1]);
      // the archived record's sessionRecord redelivered: still one record, in the permanent store
      await repo.session.insert(r);
      expect([await repo.session.count(), await repo.permanent.count()]).toEqual([0, 1]);
      await expect(repo.save('404')).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await repo.close();
    }
  });
});
