/**
 * `autolearn predict ID --csv FILE [--out FILE]` and `autolearn predict ID --row k=v,k=v ...`: the
 * model of a saved experiment (or a session record) predicts the rows; the answer is a CSV of
 * `label` plus one `p_<class>` column per class when the model has probabilities (to --out or
 * stdout), or the whole answer with --json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Prediction } from '../services/experiment-service.js';
import { UsageError } from './errors.js';
import { withModelAccess } from './model-access.js';

export interface PredictCommand {
  readonly token: string;
  readonly csv?: string;
  readonly rows?: readonly string[];
  readonly out?: string;
  readonly json: boolean;
  readonly server?: string;
  readonly apiKey?: string;
  readonly dataDir: string;
  readonly env?: Record<string, string | undefined>;
  readonly print: (s: string) => void;
}

/**
 * One `--row`: `name=value,name=value` (named features) or `v1,v2,...` (the model's feature order).
 */
export function parseRowFlag(flag: string): Record<string, string> | string[] {
  const parts = flag.split(',').map((p) => p.trim());
  const named = parts.map((p) => p.includes('='));
  if (named.every(Boolean)) {
    return Object.fromEntries(
      parts.map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
      }),
    );
  }
  if (named.some(Boolean)) {
    throw new UsageError(`--row '${flag}': either every value is named (k=v,k=v) or none is (v1,v2,...)`);
  }
  return parts;
}

/** The answer as CSV: label, then p_<class> per class when there are probabilities. */
export function predictionCsv(p: Prediction): string {
  const quote = (v: unknown) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = ['label', ...(p.probabilities ? p.classes.map((c) => `p_${c}`) : [])];
  const lines = p.labels.map((l, i) => [l, ...(p.probabilities?.[i] ?? [])].map(quote).join(','));
  return `${[header.map(quote).join(','), ...lines].join('\n')}\n`;
}

export async function predictCommand(c: PredictCommand): Promise<number> {
  if (!c.csv && !(c.rows && c.rows.length > 0)) {
    throw new UsageError('predict needs --csv FILE or one or more --row k=v,k=v (or --row v1,v2,...)');
  }
  if (c.csv && c.rows && c.rows.length > 0) throw new UsageError('predict takes --csv or --row, not both');
  const body: unknown = c.csv ? await readFile(c.csv, 'utf8') : { rows: c.rows!.map(parseRowFlag) };
  return withModelAccess(c, async (access) => {
    const p = await access.predict(c.token, body);
    const text = c.json ? `${JSON.stringify(p, null, 2)}\n` : predictionCsv(p);
    if (c.out) {
      await writeFile(c.out, text);
      c.print(`${p.n} predictions written to ${c.out}`);
    } else c.print(text);
    return 0;
  });
}
