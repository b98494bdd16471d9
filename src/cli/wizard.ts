/**
 * Interactive training-request wizard built from the catalog: dataset (checked before going on when
 * it may need a download), split, model, loss + algorithm, then every hyper-parameter, each answer
 * validated at once against the model's ParamSpec, and the equivalent `autolearn train` command at
 * the end. On a terminal it runs on @clack/prompts (arrow-key menus, "keep all defaults");
 * with piped stdin it reads one answer per line (numbers or names for choices, empty = default).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type CatalogParamSpec, fromSeedParamSpec } from '../catalog/seed-param.js';
import type { SeedCatalog, TrainRequest } from '../catalog/types.js';
import { checkParam } from '../core/params.js';
import { UsageError } from './errors.js';
import { paramType } from './format.js';
import { buildRequest, learningOf, parseValue, type RequestChoice } from './request.js';

export interface WizardIo {
  readonly input: Readable & { isTTY?: boolean };
  /** Where prompts go (stderr, so stdout stays clean for --json). */
  readonly output: Writable & { isTTY?: boolean };
  /**
   * Checks that a dataset can be loaded here (a download that fails offline throws); the wizard asks
   * again for another one. Absent with `--server` (the server loads its datasets).
   */
  readonly checkDataset?: (name: string) => Promise<void>;
  /** Force the line-by-line mode even on a terminal (default: prompts on a TTY). */
  readonly plain?: boolean;
}

interface Choice<T> {
  readonly value: T;
  readonly label: string;
  readonly hint?: string;
}

/** The questions the wizard asks, answered by a prompt library or by lines of stdin. */
interface Asker {
  pick<T>(title: string, items: readonly Choice<T>[]): Promise<T>;
  /** Asks until `validate` (null = fine, else the reason) accepts; empty answer = `dflt`. */
  text(q: string, dflt: string, validate: (answer: string) => string | null, hint?: string): Promise<string>;
  /** Yes/no; only asked on a terminal (the line mode answers `dflt`). */
  confirm(q: string, dflt: boolean): Promise<boolean>;
  info(s: string): void;
  step<T>(message: string, f: () => Promise<T>): Promise<T>;
  close(): void;
}

/** Datasets whose rows ship inside the package; the others may be downloaded on first use. */
const SHIPPED = new Set(['iris']);

export async function runWizard(catalog: SeedCatalog, io: WizardIo): Promise<TrainRequest> {
  const tty = !io.plain && io.input.isTTY === true && io.output.isTTY === true;
  const ask = tty ? await clackAsker(io) : lineAsker(io);
  try {
    const choice = await questions(catalog, ask, io, tty);
    const request = buildRequest(catalog, choice);
    ask.info(`the same from the command line:\n  ${equivalentCommand(choice)}`);
    return request;
  } finally {
    ask.close();
  }
}

async function questions(
  catalog: SeedCatalog,
  ask: Asker,
  io: WizardIo,
  tty: boolean,
): Promise<RequestChoice> {
  if (catalog.data_lake.length === 0) throw new UsageError('the catalog offers no dataset');
  let ds = catalog.data_lake[0]!;
  for (;;) {
    ds = await ask.pick(
      'Dataset',
      catalog.data_lake.map((d) => ({
        value: d,
        label: `${d.dataset_name} (${d.dataset_task}, ${d.n_record} records${SHIPPED.has(d.dataset_name) ? '' : ', may need a download'})`,
      })),
    );
    if (!io.checkDataset || SHIPPED.has(ds.dataset_name)) break;
    const check = io.checkDataset;
    try {
      await ask.step(`checking ${ds.dataset_name}`, () => check(ds.dataset_name));
      break;
    } catch (e) {
      const why = (e as Error).message;
      ask.info(`${ds.dataset_name} cannot be loaded here: ${why}; choose another dataset`);
      if (!tty) throw new UsageError(`dataset ${ds.dataset_name} cannot be loaded here: ${why}`);
    }
  }
  const fraction = (a: string) => {
    const n = Number(a);
    return a.trim() !== '' && Number.isFinite(n) && n > 0 && n < 1
      ? null
      : 'a number between 0 and 1 (exclusive)';
  };
  const int = (a: string) => (/^-?\d+$/.test(a.trim()) ? null : 'an integer');
  const splitTest = Number(await ask.text('Test split fraction (0 < x < 1)', '0.3', fraction));
  const splitSeed = Number(await ask.text('Split seed', '0', int));
  const models = catalog.models.filter((m) => m.model_task === ds.dataset_task);
  if (models.length === 0) throw new UsageError(`the catalog offers no model for ${ds.dataset_task}`);
  const model = await ask.pick(
    'Model',
    models.map((m) => ({
      value: m,
      label: m.model_name,
      hint: `${m.model_hyperparams.length} hyper-parameters`,
    })),
  );
  const pairs = learningOf(catalog, model.model_name, model.model_task);
  if (pairs.length === 0)
    throw new UsageError(`the catalog offers no loss / learning algorithm for ${model.model_name}`);
  const learning = await ask.pick(
    'Loss / learning algorithm',
    pairs.map((l) => ({ value: l, label: `${l.loss}/${l.learning_algorithm}` })),
  );
  const all = model.model_hyperparams.length + learning.learning_hyperparams.length;
  const keep = all > 0 && (await ask.confirm(`Keep the defaults of all ${all} hyper-parameters?`, false));
  const params = async (title: string, specs: readonly CatalogParamSpec[]): Promise<string[]> => {
    if (keep || specs.length === 0) return [];
    ask.info(`${title} (empty answer keeps the default):`);
    const out: string[] = [];
    for (const s of specs) {
      const spec = fromSeedParamSpec(s);
      const options = (s.options ?? []).filter((o) => o !== null);
      let a: string;
      if (tty && options.length > 0 && (s.param_type === 'string' || s.param_type === 'bool')) {
        const v = await ask.pick(
          `${s.param_name}${s.description ? `: ${s.description}` : ''}`,
          [s.default, ...options.filter((o) => o !== s.default)].map((o) => ({
            value: JSON.stringify(o),
            label: `${String(o)}${o === s.default ? ' (default)' : ''}`,
          })),
        );
        a = v === JSON.stringify(s.default) ? '' : String(JSON.parse(v));
      } else {
        a = await ask.text(
          `  ${s.param_name} (${describe(s)})`,
          JSON.stringify(s.default),
          (text) => (text.trim() === '' ? null : checkParam(spec, parseValue(text, s))),
          s.description,
        );
        if (a === JSON.stringify(s.default)) a = '';
      }
      if (a !== '') out.push(`${s.param_name}=${a}`);
    }
    return out;
  };
  const mp = await params('Model hyper-parameters', model.model_hyperparams);
  const lp = await params('Learning hyper-parameters', learning.learning_hyperparams);
  return {
    dataset: ds.dataset_name,
    model: model.model_name,
    splitTest,
    splitSeed,
    loss: learning.loss,
    algorithm: learning.learning_algorithm,
    params: mp,
    learningParams: lp,
  };
}

const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The `autolearn train ...` command line that sends the same request. */
export function equivalentCommand(c: RequestChoice): string {
  const words = ['autolearn', 'train', '--dataset', c.dataset, '--model', c.model];
  if (c.splitTest !== undefined) words.push('--split-test', String(c.splitTest));
  if (c.splitSeed !== undefined) words.push('--seed', String(c.splitSeed));
  if (c.loss) words.push('--loss', c.loss);
  if (c.algorithm) words.push('--algorithm', c.algorithm);
  for (const p of c.params ?? []) words.push('--param', p);
  for (const p of c.learningParams ?? []) words.push('--lparam', p);
  return words.map(shellWord).join(' ');
}

/** Type, allowed values and range as the user reads them: `number (0, inf]`, `int [1, inf]`. */
function describe(s: CatalogParamSpec): string {
  const parts: string[] = [paramType(s)];
  const opts = (s.options ?? []).filter((o) => o !== null);
  if (opts.length) parts.push(`one of ${opts.map((o) => JSON.stringify(o)).join('|')}`);
  if (s.range_l !== null || s.range_u !== null) {
    parts.push(
      `${s.range_l_exclusive ? '(' : '['}${s.range_l ?? '-inf'}, ${s.range_u ?? 'inf'}${s.range_u_exclusive ? ')' : ']'}`,
    );
  }
  return parts.join(', ');
}

/** One answer per line of stdin (answers piped in by scripts and tests). */
function lineAsker(io: WizardIo): Asker {
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const write = (s: string) => io.output.write(s);
  const read = async (q: string): Promise<string> => {
    write(q);
    const next = await lines.next();
    if (next.done) throw new UsageError('the wizard ran out of answers (stdin closed)');
    return next.value.trim();
  };
  return {
    async pick(title, items) {
      write(`${title}:\n${items.map((x, i) => `  ${i + 1}) ${x.label}`).join('\n')}\n`);
      for (;;) {
        const a = await read(`choose 1-${items.length} [1]: `);
        if (a === '') return items[0]!.value;
        const n = Number(a);
        if (Number.isInteger(n) && n >= 1 && n <= items.length) return items[n - 1]!.value;
        const byName = items.find((x) => x.label.split(' ')[0] === a);
        if (byName) return byName.value;
        write(`  '${a}' is not one of the choices\n`);
      }
    },
    async text(q, dflt, validate) {
      for (;;) {
        const a = await read(`${q} [${dflt}]: `);
        if (a === '') return dflt;
        const why = validate(a);
        if (why === null) return a;
        write(`  '${a}' is not allowed: ${why}\n`);
      }
    },
    async confirm(_q, dflt) {
      return dflt;
    },
    info(s) {
      write(`${s}\n`);
    },
    async step(_message, f) {
      return f();
    },
    close() {
      rl.close();
    },
  };
}

/** Arrow-key menus and inline validation on a terminal (@clack/prompts). */
async function clackAsker(io: WizardIo): Promise<Asker> {
  const p = await import('@clack/prompts');
  const common = { input: io.input, output: io.output };
  function answer<T>(v: T | symbol): Exclude<T, symbol> {
    if (p.isCancel(v) || typeof v === 'symbol') throw new UsageError('wizard cancelled');
    return v as Exclude<T, symbol>;
  }
  p.intro('autolearn train: the wizard (Ctrl+C cancels)', common);
  return {
    async pick(title, items) {
      const i = answer(
        await p.select<number>({
          ...common,
          message: title,
          options: items.map((x, k) => ({ value: k, label: x.label, ...(x.hint ? { hint: x.hint } : {}) })),
          initialValue: 0,
          maxItems: 10,
        }),
      );
      return items[i]!.value;
    },
    async text(q, dflt, validate, hint) {
      const v = answer(
        await p.text({
          ...common,
          message: hint ? `${q.trim()}: ${hint}` : q.trim(),
          placeholder: dflt,
          defaultValue: dflt,
          validate: (a) => (a === undefined || a === '' ? undefined : (validate(a) ?? undefined)),
        }),
      );
      return v === '' ? dflt : v;
    },
    async confirm(q, dflt) {
      return answer(await p.confirm({ ...common, message: q, initialValue: dflt }));
    },
    info(s) {
      p.log.info(s, common);
    },
    async step(message, f) {
      const s = p.spinner({ output: io.output });
      s.start(message);
      try {
        const r = await f();
        s.stop(`${message}: ok`);
        return r;
      } catch (e) {
        s.stop(`${message}: failed`);
        throw e;
      }
    },
    close() {
      p.outro('submitting the training request', common);
    },
  };
}
