/** Readable console output: aligned tables, the catalog summary, records, metrics, the admin log. */
import { type CatalogParamSpec, fromSeedParamSpec } from '../catalog/seed-param.js';
import type { SeedCatalog, SeedDataset } from '../catalog/types.js';
import { describeAllowed } from '../core/params.js';
import { formatLoggedRecord, type LoggedRecord } from '../eventsourcing/behavioural.js';
import type { JobStatus } from '../server/job-manager.js';
import type { RecordView } from '../services/experiment-service.js';
import type { MetricOutcome } from '../services/stores/types.js';

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((r) => r.map((c) => cell(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 3)}...`);

function cell(c: unknown): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : c.toFixed(4);
  return String(c);
}

export function formatCatalog(c: SeedCatalog): string {
  const ds = table(
    ['dataset', 'task', 'records', 'features', 'label'],
    c.data_lake.map((d) => [
      d.dataset_name,
      d.dataset_task,
      d.n_record,
      d.features.join(', '),
      d.label.join(', '),
    ]),
  );
  const models = table(
    ['model', 'task', 'hyper-parameters', 'loss / learning algorithm'],
    c.models.map((m) => [
      m.model_name,
      m.model_task,
      clip(m.model_hyperparams.map((p) => p.param_name).join(', '), 48),
      c.learning
        .filter(
          (l) =>
            l.model_reference.model_name === m.model_name && l.model_reference.model_task === m.model_task,
        )
        .map((l) => `${l.loss}/${l.learning_algorithm}`)
        .join(', '),
    ]),
  );
  const metrics = [...new Set(c.metrics.map((m) => m.metric_name))].join(', ');
  return `Datasets\n${ds}\n\nModels\n${models}\n\nMetrics: ${metrics}\n\n(autolearn catalog NAME shows one model or dataset in full)`;
}

/** A parameter's type as a user reads it: a float whose default is a whole number reads 'number'. */
export function paramType(p: CatalogParamSpec): string {
  if (p.param_type === 'float' && Number.isInteger(p.default)) return 'number';
  return p.param_type;
}

/** Every hyper-parameter of one spec list: name, type, default, allowed values, description. */
export function formatParams(specs: readonly CatalogParamSpec[]): string {
  if (specs.length === 0) return '(none)';
  return specs
    .map((p) => {
      const allowed = describeAllowed(fromSeedParamSpec(p));
      return `  ${p.param_name} (${paramType(p)}, default ${JSON.stringify(p.default)})\n    allowed: ${allowed}${p.description ? `\n    ${p.description}` : ''}`;
    })
    .join('\n');
}

/** One model in full: its hyper-parameters and, per loss / learning algorithm, theirs. */
export function formatModelDetail(c: SeedCatalog, name: string): string {
  const out: string[] = [];
  for (const m of c.models.filter((x) => x.model_name === name)) {
    out.push(
      `${m.model_name} (${m.model_task})`,
      '',
      'Hyper-parameters (--param name=value):',
      formatParams(m.model_hyperparams),
    );
    for (const l of c.learning.filter(
      (x) => x.model_reference.model_name === m.model_name && x.model_reference.model_task === m.model_task,
    )) {
      out.push('', `Loss / learning algorithm ${l.loss}/${l.learning_algorithm} (--lparam name=value):`);
      out.push(formatParams(l.learning_hyperparams));
    }
  }
  return out.join('\n');
}

/** One dataset in full. */
export function formatDatasetDetail(d: SeedDataset): string {
  return [
    `${d.dataset_name} (${d.dataset_task}, ${d.n_record} records)`,
    d.dataset_description,
    `features: ${d.features.join(', ')}`,
    `label: ${d.label.join(', ')}`,
    ...(d.pre_processing.length
      ? ['pre-processing:', ...d.pre_processing.map((p) => `  ${p.step}. ${p.computation}`)]
      : []),
  ].join('\n');
}

export function formatRecords(records: readonly RecordView[]): string {
  if (records.length === 0) return '(none)';
  return table(
    ['created', 'status', 'dataset', 'model', 'test acc', 'train acc', 'session id'],
    records.map((r) => [
      new Date(r.created_at).toISOString().replace('T', ' ').slice(0, 19),
      r.status,
      r.dataset,
      r.model,
      metric(r.eval_data, 'test_accuracy'),
      metric(r.eval_data, 'train_accuracy'),
      r.token,
    ]),
  );
}

const metric = (m: readonly MetricOutcome[], name: string): number | string =>
  m.find((x) => x.metric_name === name)?.metric_value ?? '';

/** test_* and train_* metrics side by side. */
export function formatMetrics(evalData: readonly MetricOutcome[]): string {
  const names = [...new Set(evalData.map((m) => m.metric_name.replace(/^(test|train)_/, '')))];
  return table(
    ['metric', 'test set', 'training set'],
    names.map((n) => [n, metric(evalData, `test_${n}`), metric(evalData, `train_${n}`)]),
  );
}

export function formatJob(s: JobStatus): string {
  const secs = (s.elapsed_ms / 1000).toFixed(1);
  return `training ${s.state} after ${secs} s${s.error ? `: ${s.error}` : ''}\nsession id: ${s.token}`;
}

export function formatLog(records: readonly LoggedRecord[]): string {
  return records.length === 0 ? '(no records)' : records.map(formatLoggedRecord).join('\n');
}
