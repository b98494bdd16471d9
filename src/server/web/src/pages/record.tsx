/**
 * One session or experiment: its request, metrics on the test and the training set, per-class
 * precision/recall bars, confusion matrices (when the record carries them), evaluate / save, predict
 * one row or a CSV batch, and downloads of the checkpoint and the ONNX model.
 */
import { useState } from 'preact/hooks';
import { ApiError, call, evaluate, getRecord, type RecordView, saveSession, send } from '../api.js';
import { type MetricRow, metricRows, perClass } from '../metrics.js';
import { ErrorBox, fmt, Loading, useAsync, when } from '../ui.js';

type Store = 'sessions' | 'experiments';

export function RecordPage({ store, token }: { store: Store; token: string }) {
  const { data, error, loading, reload } = useAsync(() => getRecord(store, token), [store, token]);
  const [actionError, setActionError] = useState<Error | null>(null);
  const [busy, setBusy] = useState('');
  const act = (name: string, f: () => Promise<unknown>) => async () => {
    setBusy(name);
    setActionError(null);
    try {
      await f();
    } catch (e) {
      setActionError(e as Error);
    } finally {
      setBusy('');
    }
  };
  return (
    <section>
      <h1>{store === 'sessions' ? 'Session' : 'Experiment'}</h1>
      <ErrorBox error={error ?? actionError} />
      <Loading when={loading}>
        {data ? (
          <>
            <Summary record={data} />
            <div class="toolbar">
              {store === 'sessions' ? (
                <>
                  <button
                    type="button"
                    disabled={busy !== ''}
                    onClick={act('evaluate', async () => {
                      await evaluate(token);
                      reload();
                    })}
                  >
                    {busy === 'evaluate' ? 'Evaluating…' : 'Evaluate'}
                  </button>
                  <button
                    type="button"
                    disabled={busy !== ''}
                    onClick={act('save', async () => {
                      const saved = await saveSession(token);
                      location.hash = `#/experiments/${saved.token}`;
                    })}
                  >
                    {busy === 'save' ? 'Saving…' : 'Save to the permanent store'}
                  </button>
                </>
              ) : null}
              <Downloads store={store} record={data} />
            </div>
            <Metrics rows={metricRows(data.eval_data)} />
            <Confusion record={data} />
            <Predict store={store} token={token} />
          </>
        ) : null}
      </Loading>
    </section>
  );
}

function Summary({ record }: { record: RecordView }) {
  const td = record.train_data.train_data;
  return (
    <dl class="summary">
      <dt>Id</dt>
      <dd>
        <code>{record.token}</code>
      </dd>
      <dt>Created</dt>
      <dd>{when(record.created_at)}</dd>
      <dt>Status</dt>
      <dd data-testid="record-status">{record.status}</dd>
      <dt>Dataset</dt>
      <dd>
        {td.dataset.dataset_name} (test fraction {td.dataset.split_test}, seed {td.dataset.split_seed ?? 0})
      </dd>
      <dt>Model</dt>
      <dd>{td.model.model_name}</dd>
      <dt>Learning</dt>
      <dd>
        {td.learning.loss} / {td.learning.learning_algorithm}
      </dd>
      <dt>Hyper-parameters</dt>
      <dd>
        {[...td.model.model_hyperparams, ...td.learning.learning_hyperparams]
          .map((p) => `${p.hyper_param_name}=${fmt(p.hyper_param_value)}`)
          .join(', ') || 'defaults'}
      </dd>
    </dl>
  );
}

export function Metrics({ rows }: { rows: readonly MetricRow[] }) {
  if (rows.length === 0) return <p>Not evaluated yet.</p>;
  const overall = rows.filter((r) => !perClass(rows, r.name.split('_')[0]!).includes(r));
  const classes = [...perClass(rows, 'precision'), ...perClass(rows, 'recall')];
  return (
    <>
      <table class="metrics">
        <caption>Metrics on the test and the training set</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Test</th>
            <th scope="col">Train</th>
          </tr>
        </thead>
        <tbody>
          {overall.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{r.test === undefined ? '—' : fmt(r.test)}</td>
              <td>{r.train === undefined ? '—' : fmt(r.train)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {classes.length > 0 ? <Bars rows={classes} /> : null}
    </>
  );
}

function Bars({ rows }: { rows: readonly MetricRow[] }) {
  return (
    <figure class="bars">
      <figcaption>Per-class precision and recall (test set)</figcaption>
      {rows.map((r) => (
        <div key={r.name} class="bar-row">
          <span class="bar-label">{r.name}</span>
          <span class="bar" style={{ width: `${Math.round((r.test ?? 0) * 100)}%` }} />
          <span>{fmt(r.test ?? 0)}</span>
        </div>
      ))}
    </figure>
  );
}

interface ConfusionMatrix {
  readonly labels: readonly string[];
  readonly matrix: readonly (readonly number[])[];
}

interface Card {
  readonly dataset: { name: string; sha256: string; n_records: number; feature_names: string[] };
  readonly split: { test: number; seed: number; n_train: number; n_test: number };
  readonly params: Record<string, unknown>;
  readonly learning: { loss: string; algorithm: string; params: Record<string, unknown> };
  readonly library: { name: string; version: string; node: string };
  readonly device: string;
  readonly fit_ms: number | null;
  readonly trained_at: string | null;
  readonly confusion: { labels: (string | number)[]; test: number[][]; train: number[][] };
}

/** The model card: in an experiment's answer, or inside a session's checkpoint. */
export function cardOf(record: RecordView): Card | null {
  if (record.model_card) return record.model_card as Card;
  if (!record.checkpoint) return null;
  try {
    return ((JSON.parse(record.checkpoint) as { card?: Card }).card ?? null) as Card | null;
  } catch {
    return null;
  }
}

/** Per-class precision and recall from a confusion matrix (rows: true class, columns: predicted). */
export function perClassFromConfusion(
  cm: ConfusionMatrix,
): { label: string; precision: number; recall: number }[] {
  return cm.labels.map((label, k) => {
    const tp = cm.matrix[k]?.[k] ?? 0;
    const predicted = cm.matrix.reduce((s, row) => s + (row[k] ?? 0), 0);
    const actual = (cm.matrix[k] ?? []).reduce((s, v) => s + v, 0);
    return { label, precision: predicted ? tp / predicted : 0, recall: actual ? tp / actual : 0 };
  });
}

/** The model card, confusion matrices of both sets and per-class bars (when the record carries a card). */
function Confusion({ record }: { record: RecordView }) {
  const card = cardOf(record);
  if (!card) return null;
  const labels = card.confusion.labels.map(String);
  const test = { labels, matrix: card.confusion.test };
  const train = { labels, matrix: card.confusion.train };
  const bars = perClassFromConfusion(test);
  return (
    <>
      <h2>Model card</h2>
      <dl class="summary" data-testid="model-card">
        <dt>Dataset</dt>
        <dd>
          {card.dataset.name}: {card.dataset.n_records} records, features{' '}
          {card.dataset.feature_names.join(', ')}
        </dd>
        <dt>Dataset checksum</dt>
        <dd>
          <code>sha256 {card.dataset.sha256}</code>
        </dd>
        <dt>Split</dt>
        <dd>
          {card.split.n_train} training rows, {card.split.n_test} test rows (fraction {card.split.test}, seed{' '}
          {card.split.seed})
        </dd>
        <dt>Resolved hyper-parameters</dt>
        <dd>
          <code>{JSON.stringify(card.params)}</code>
        </dd>
        <dt>Learning</dt>
        <dd>
          {card.learning.loss} / {card.learning.algorithm} <code>{JSON.stringify(card.learning.params)}</code>
        </dd>
        <dt>Library, device</dt>
        <dd>
          {card.library.name} {card.library.version} (Node {card.library.node}), device {card.device}
        </dd>
        <dt>Fit time</dt>
        <dd>
          {card.fit_ms === null ? '—' : `${card.fit_ms} ms`}
          {card.trained_at ? `, ${card.trained_at}` : ''}
        </dd>
      </dl>
      <div class="cards">
        <Heatmap title="Confusion matrix (test set)" cm={test} />
        <Heatmap title="Confusion matrix (training set)" cm={train} />
      </div>
      <figure class="bars">
        <figcaption>Per-class precision and recall (test set, from its confusion matrix)</figcaption>
        {bars.flatMap((b) => [
          <div key={`p-${b.label}`} class="bar-row">
            <span class="bar-label">precision {b.label}</span>
            <span class="bar" style={{ width: `${Math.round(b.precision * 100)}%` }} />
            <span>{fmt(b.precision)}</span>
          </div>,
          <div key={`r-${b.label}`} class="bar-row">
            <span class="bar-label">recall {b.label}</span>
            <span class="bar c1" style={{ width: `${Math.round(b.recall * 100)}%` }} />
            <span>{fmt(b.recall)}</span>
          </div>,
        ])}
      </figure>
    </>
  );
}

export function Heatmap({ title, cm }: { title: string; cm: ConfusionMatrix }) {
  const max = Math.max(1, ...cm.matrix.flat());
  return (
    <table class="heatmap">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">true \ predicted</th>
          {cm.labels.map((l) => (
            <th key={l} scope="col">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {cm.matrix.map((row, i) => (
          <tr key={cm.labels[i]}>
            <th scope="row">{cm.labels[i]}</th>
            {row.map((v, j) => {
              // navy over white; the text flips to white where black would fall under 4.5:1 contrast
              const alpha = 0.08 + (0.92 * v) / max;
              return (
                <td
                  key={cm.labels[j]}
                  style={{
                    background: `rgba(30, 58, 138, ${alpha.toFixed(3)})`,
                    color: alpha > 0.71 ? '#fff' : '#111',
                  }}
                >
                  {v}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Downloads({ store, record }: { store: Store; record: RecordView }) {
  const [error, setError] = useState<Error | null>(null);
  const download = async (path: string, name: string) => {
    setError(null);
    try {
      const res = await fetch(path, { headers: authHeader() });
      if (!res.ok) throw new ApiError(res.status, 'download_failed', `${res.status} ${res.statusText}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      {record.checkpoint ? (
        <a
          class="button"
          download={`${record.model}-${record.created_at}.json`}
          href={`data:application/json;charset=utf-8,${encodeURIComponent(record.checkpoint)}`}
        >
          Download checkpoint (JSON)
        </a>
      ) : null}
      {store === 'experiments' ? (
        <button
          type="button"
          onClick={() => download(`/experiments/${record.token}/model?format=onnx`, `${record.model}.onnx`)}
        >
          Download ONNX
        </button>
      ) : null}
      <ErrorBox error={error} />
    </>
  );
}

function authHeader(): Record<string, string> {
  const k = localStorage.getItem('autolearn.apiKey');
  return k ? { authorization: `Bearer ${k}` } : {};
}

function Predict({ store, token }: { store: Store; token: string }) {
  const [row, setRow] = useState('');
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<unknown>(null);
  const [error, setError] = useState<Error | null>(null);
  const path = `/${store}/${token}/predict`;
  const run = (f: () => Promise<unknown>) => async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await f());
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <section aria-labelledby="predict-title">
      <h2 id="predict-title">Predict</h2>
      <form onSubmit={run(() => call('POST', path, { rows: [row.split(',').map((v) => v.trim())] }))}>
        <label>
          One row (comma-separated feature values, raw units)
          <input
            name="row"
            value={row}
            onInput={(e) => setRow(e.currentTarget.value)}
            placeholder="5.1, 3.5, 1.4, 0.2"
          />
        </label>
        <button type="submit">Predict row</button>
      </form>
      <form onSubmit={run(() => send('POST', path, csv, 'text/csv'))}>
        <label>
          A CSV batch (header row with the feature names)
          <textarea name="csv" rows={4} value={csv} onInput={(e) => setCsv(e.currentTarget.value)} />
        </label>
        <button type="submit">Predict CSV</button>
      </form>
      <ErrorBox error={error} />
      {result !== null ? <pre data-testid="prediction">{JSON.stringify(result, null, 2)}</pre> : null}
    </section>
  );
}
