/** Records a `train --csv` model as a session record of the in-process platform on the data dir. */
import { join } from 'node:path';
import { createEngine } from '../server/engine.js';
import { createLogger, fileSink } from '../services/logger.js';
import type { CsvTrainOptions } from './csv-train.js';

export function csvRecorder(
  dataDir: string,
  env?: Record<string, string | undefined>,
): CsvTrainOptions['record'] {
  return async (r) => {
    const logger = createLogger({ sinks: [fileSink(join(dataDir, 'autolearn.log'))] });
    const engine = await createEngine({ dataDir, env, logger });
    try {
      return await engine.client.exchange('train', () => engine.platform.service.recordTrained(r));
    } finally {
      await engine.close();
    }
  };
}
