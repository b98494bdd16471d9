/**
 * Interactive training-request wizard built from the catalog (node:readline): dataset, split, model,
 * loss + algorithm, then every hyper-parameter with its type, default and range (empty answer = the
 * default). Reads answers line by line, so it also works with answers piped to stdin.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CatalogParamSpec } from '../catalog/seed-param.js';
import type { SeedCatalog, TrainRequest } from '../catalog/types.js';
import { UsageError } from './errors.js';
import { buildRequest, learningOf } from './request.js';

export interface WizardIo {
  readonly input: Readable;
  /** Where prompts go (stderr, so stdout stays clean for --json). */
  readonly output: Writable;
}

export async function runWizard(catalog: SeedCatalog, io: WizardIo): Promise<TrainRequest> {
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (q: string): Promise<string> => {
    io.output.write(q);
    const next = await lines.next();
    if (next.done) throw new UsageError('the wizard ran out of answers (stdin closed)');
    return next.value.trim();
  };
  try {
    const pick = async <T>(title: string, items: readonly T[], label: (x: T) => string): Promise<T> => {
      if (items.length === 0) throw new UsageError(`the catalog offers no ${title}`);
      io.output.write(`${title}:\n${items.map((x, i) => `  ${i + 1}) ${label(x)}`).join('\n')}\n`);
      for (;;) {
        const a = await ask(`choose 1-${items.length} [1]: `);
        if (a === '') return items[0]!;
        const n = Number(a);
        if (Number.isInteger(n) && n >= 1 && n <= items.length) return items[n - 1]!;
        const byName = items.find((x) => label(x).split(' ')[0] === a);
        if (byName) return byName;
        io.output.write(`  '${a}' is not one of the choices\n`);
      }
    };
    const number = async (q: string, dflt: number, ok: (x: number) => boolean): Promise<number> => {
      for (;;) {
        const a = await ask(`${q} [${dflt}]: `);
        if (a === '') return dflt;
        const n = Number(a);
        if (Number.isFinite(n) && ok(n)) return n;
        io.output.write(`  '${a}' is not allowed\n`);
      }
    };
    const params = async (title: string, specs: readonly CatalogParamSpec[]): Promise<string[]> => {
      if (specs.length === 0) return [];
      io.output.write(`${title} (empty answer keeps the default):\n`);
      const out: string[] = [];
      for (const s of specs) {
        const a = await ask(`  ${s.param_name} (${describe(s)}) [${JSON.stringify(s.default)}]: `);
        if (a !== '') out.push(`${s.param_name}=${a}`);
      }
      return out;
    };

    const ds = await pick(
      'Dataset',
      catalog.data_lake,
      (d) => `${d.dataset_name} (${d.dataset_task}, ${d.n_record} records)`,
    );
    const splitTest = await number('Test split fraction (0 < x < 1)', 0.3, (x) => x > 0 && x < 1);
    const splitSeed = await number('Split seed', 0, Number.isInteger);
    const models = catalog.models.filter((m) => m.model_task === ds.dataset_task);
    const model = await pick('Model', models, (m) => `${m.model_name}`);
    const learning = await pick(
      'Loss / learning algorithm',
      learningOf(catalog, model.model_name, model.model_task),
      (l) => `${l.loss}/${l.learning_algorithm}`,
    );
    const mp = await params('Model hyper-parameters', model.model_hyperparams);
    const lp = await params('Learning hyper-parameters', learning.learning_hyperparams);
    return buildRequest(catalog, {
      dataset: ds.dataset_name,
      model: model.model_name,
      splitTest,
      splitSeed,
      loss: learning.loss,
      algorithm: learning.learning_algorithm,
      params: mp,
      learningParams: lp,
    });
  } finally {
    rl.close();
  }
}

function describe(s: CatalogParamSpec): string {
  const parts: string[] = [s.param_type];
  const opts = (s.options ?? []).filter((o) => o !== null);
  if (opts.length) parts.push(`one of ${opts.map((o) => JSON.stringify(o)).join('|')}`);
  if (s.range_l !== null || s.range_u !== null) {
    parts.push(
      `${s.range_l_exclusive ? '(' : '['}${s.range_l ?? '-inf'}, ${s.range_u ?? 'inf'}${s.range_u_exclusive ? ')' : ']'}`,
    );
  }
  return parts.join(', ');
}
