/**
 * `autolearn experiments ID` / `autolearn sessions ID`: one record with its model summary and model
 * card (dataset and checksum, split, seed, hyper-parameters, library, device, fit time, metrics on
 * both sets, confusion matrices), as GET /experiments/{id} answers it.
 */
import type { Label } from '../core/data.js';
import type { ExperimentDetail } from '../services/experiment-service.js';
import type { CardedCheckpoint, ModelCard } from '../services/model-card.js';
import { modelSummary, type RecordDetail } from '../services/views.js';
import { formatMetrics, formatRecords, table } from './format.js';
import { withModelAccess } from './model-access.js';

export interface ShowCommand {
  readonly token: string;
  readonly kind: 'experiments' | 'sessions';
  readonly json: boolean;
  readonly server?: string;
  readonly apiKey?: string;
  readonly dataDir: string;
  readonly env?: Record<string, string | undefined>;
  readonly print: (s: string) => void;
}

/** A session record shown like an experiment (its checkpoint carries the same summary and card). */
export function sessionDetail(d: RecordDetail): ExperimentDetail & { checkpoint: string } {
  const ck = JSON.parse(d.checkpoint) as CardedCheckpoint;
  return { ...d, model_summary: modelSummary(ck), model_card: ck.card ?? null };
}

function confusion(labels: readonly Label[], m: readonly number[][]): string {
  return table(
    ['true \\ predicted', ...labels.map(String)],
    m.map((row, i) => [String(labels[i]), ...row]),
  );
}

export function formatCard(card: ModelCard | null): string {
  if (!card) return 'model card: (none: trained before model cards were recorded)';
  const kv = (rows: [string, unknown][]) =>
    table(
      ['field', 'value'],
      rows.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  return [
    'model card',
    kv([
      [
        'dataset',
        `${card.dataset.name} (${card.dataset.n_records} rows, ${card.dataset.n_features} features)`,
      ],
      ['sha256', card.dataset.sha256],
      [
        'split',
        `test ${card.split.test}, seed ${card.split.seed}: ${card.split.n_train} train / ${card.split.n_test} test rows`,
      ],
      ['seed', card.seed],
      ['params', card.params],
      ['learning', card.learning],
      ['library', `${card.library.name} ${card.library.version} (node ${card.library.node})`],
      ['device', card.device],
      ['fit time', `${card.fit_ms} ms`],
      ['trained at', card.trained_at],
    ]),
    '',
    table(
      ['metric', 'test set', 'training set'],
      (['accuracy', 'precision_macro', 'recall_macro', 'f1_macro'] as const).map((k) => [
        k,
        card.metrics.test[k],
        card.metrics.train[k],
      ]),
    ),
    '',
    'confusion matrix, test set',
    confusion(card.confusion.labels, card.confusion.test),
    '',
    'confusion matrix, training set',
    confusion(card.confusion.labels, card.confusion.train),
  ].join('\n');
}

export function formatDetail(d: ExperimentDetail): string {
  const s = d.model_summary;
  return [
    formatRecords([d]),
    '',
    `model: ${s.model} (checkpoint v${s.checkpoint_version}), classes ${s.classes.join(', ')}`,
    `features (${s.n_features}): ${s.feature_names.join(', ')}${s.scaled ? ' (scaled by the training scaler before the model)' : ''}`,
    '',
    d.eval_data.length > 0 ? formatMetrics(d.eval_data) : '(not evaluated)',
    '',
    formatCard(d.model_card),
  ].join('\n');
}

export async function showCommand(c: ShowCommand): Promise<number> {
  return withModelAccess(c, async (access) => {
    const d =
      c.kind === 'experiments'
        ? await access.experiment(c.token)
        : sessionDetail(await access.session(c.token));
    c.print(c.json ? JSON.stringify(d, null, 2) : formatDetail(d));
    return 0;
  });
}
