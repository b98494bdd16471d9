import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globalRegistry } from '../catalog/registry.js';
import { tinyModelEntry } from '../catalog/test-utils/tiny.js';
import { createPlatform } from './config.js';
import { ConfigError } from './errors.js';
import { silentLogger } from './logger.js';
import { KEY_FILE } from './tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-cfg-'));
afterAll(() => {
  globalRegistry.unregisterModel(tinyModelEntry.name, tinyModelEntry.task);
  rmSync(tmp, { recursive: true, force: true });
});

describe('createPlatform defaults', () => {
  it('embedded defaults: one SQLite file, a generated 0600 key file, the global registry with the built-ins', async () => {
    globalRegistry.registerModel(tinyModelEntry);
    const p = await createPlatform({ dataDir: tmp, logger: silentLogger, env: {} });
    try {
      expect(p.repository.kind).toBe('sqlite');
      expect(p.events.kind).toBe('sqlite');
      expect(statSync(join(tmp, 'autolearn.db')).isFile()).toBe(true);
      expect(statSync(join(tmp, KEY_FILE)).mode & 0o777).toBe(0o600);
      const cat = await p.service.catalog();
      const models = cat.models.map((m) => m.model_name);
      expect(models).toEqual(
        expect.arrayContaining(['SVC', 'LogisticRegression', 'GaussianNB', 'TinyCentroid']),
      );
      expect(cat.data_lake.map((d) => d.dataset_name)).toEqual(
        expect.arrayContaining(['iris', 'height_weight']),
      );
      // the event log and the stores share the file
      expect((await p.service.log()).length).toBe(2);
    } finally {
      await p.close();
    }
  });

  it('unknown store or event specs are typed errors', async () => {
    await expect(
      createPlatform({ dataDir: tmp, store: 'mongo://x', logger: silentLogger, env: {} }),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(
      createPlatform({ dataDir: tmp, events: 'kafka://x', logger: silentLogger, env: {} }),
    ).rejects.toThrow(/unknown event store/);
  });
});
