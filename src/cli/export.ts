/**
 * `autolearn export ID --format onnx|json --out FILE`: writes a saved experiment's (or a session
 * record's) model as ONNX (ONNX-ML operators, the training Dataset's scaler embedded) or as the
 * versioned JSON checkpoint with its model card.
 */
import { writeFile } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { withModelAccess } from './model-access.js';

export interface ExportCommand {
  readonly token: string;
  readonly format?: string;
  readonly out?: string;
  readonly server?: string;
  readonly apiKey?: string;
  readonly dataDir: string;
  readonly env?: Record<string, string | undefined>;
  readonly print: (s: string) => void;
}

export async function exportCommand(c: ExportCommand): Promise<number> {
  const format = c.format ?? 'onnx';
  if (format !== 'onnx' && format !== 'json')
    throw new UsageError(`--format must be onnx or json, got '${format}'`);
  const out = c.out;
  if (!out) throw new UsageError(`export needs --out FILE (e.g. --out model.${format})`);
  return withModelAccess(c, async (access) => {
    const bytes =
      format === 'onnx'
        ? await access.onnx(c.token)
        : Buffer.from(`${JSON.stringify(await access.checkpoint(c.token), null, 2)}\n`);
    await writeFile(out, bytes);
    c.print(`${format === 'onnx' ? 'ONNX model' : 'checkpoint'} written to ${out} (${bytes.length} bytes)`);
    return 0;
  });
}
