/**
 * Datasets: upload a CSV (size-limited on the server; typed errors with line and column shown),
 * preview it, choose the label and feature columns, the scaling and, per column, the imputation of
 * empty cells and the encoding of text (categorical) columns, then train on it. Uploaded datasets
 * appear in the catalog, with their pre-processing steps, and can be deleted.
 */
import { useState } from 'preact/hooks';
import { call, send } from '../api.js';
import { ErrorBox, Loading, useAsync, when } from '../ui.js';

interface UploadedDataset {
  readonly name: string;
  readonly description: string;
  readonly label: string;
  readonly features: readonly string[];
  readonly scaling: string;
  readonly preProcessing?: readonly { step: number; computation: string }[];
  readonly nRecords: number;
  readonly createdAt: number;
  readonly preview?: readonly string[];
}

/** The header's column names (a plain comma split is enough to offer the choices). */
export function headerColumns(text: string): string[] {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first
    .split(',')
    .map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
    .filter((c) => c !== '');
}

/** What the preview tells of a column: text (some cell is not a number) and its empty cells. */
export interface ColumnProfile {
  readonly kind: 'number' | 'text';
  readonly missing: number;
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Per column of the header: whether it holds text and how many cells are empty (plain comma split). */
export function profileColumns(text: string): Record<string, ColumnProfile> {
  const [head, ...rows] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = headerColumns(head ?? '');
  const out: Record<string, ColumnProfile> = {};
  names.forEach((n, j) => {
    let missing = 0;
    let textual = false;
    for (const r of rows) {
      const c = (r.split(',')[j] ?? '').trim().replace(/^"(.*)"$/, '$1');
      if (c === '') missing++;
      else if (!NUMBER.test(c)) textual = true;
    }
    out[n] = { kind: textual ? 'text' : 'number', missing };
  });
  return out;
}

const IMPUTE = [
  ['none', 'none (an empty cell is refused)'],
  ['mean', 'mean'],
  ['median', 'median'],
  ['most_frequent', 'most frequent'],
  ['constant', 'constant'],
] as const;

/** `a:median,b:mean` for the columns whose choice is not 'none'. */
function choiceParam(choices: Record<string, string>, columns: readonly string[]): string {
  return columns
    .filter((c) => (choices[c] ?? 'none') !== 'none')
    .map((c) => `${c}:${choices[c]}`)
    .join(',');
}

export function DatasetsPage() {
  const list = useAsync(() => call<UploadedDataset[]>('GET', '/datasets'), []);
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [features, setFeatures] = useState<string[]>([]);
  const [scaling, setScaling] = useState('standard');
  const [impute, setImpute] = useState<Record<string, string>>({});
  const [encode, setEncode] = useState<Record<string, string>>({});
  const [fill, setFill] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<UploadedDataset | null>(null);
  const [busy, setBusy] = useState(false);
  const columns = text ? headerColumns(text) : [];
  const profile = text ? profileColumns(text) : {};
  const anyConstant = features.some((f) => impute[f] === 'constant');

  const pick = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setError(null);
    setDone(null);
    if (!file) return;
    const t = await file.text();
    const cols = headerColumns(t);
    setText(t);
    setFileName(file.name);
    setName(
      file.name
        .replace(/\.[^.]*$/, '')
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '_')
        .replace(/^[^a-z]+/, '')
        .slice(0, 48) || 'dataset',
    );
    setLabel(cols[cols.length - 1] ?? '');
    setFeatures(cols.slice(0, -1));
    setImpute({});
    setEncode({});
  };

  const upload = async (e: Event) => {
    e.preventDefault();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams({ name, label, scaling, features: features.join(',') });
      const imputeColumns = choiceParam(impute, features);
      const encodeColumns = choiceParam(
        encode,
        features.filter((f) => profile[f]?.kind === 'text'),
      );
      if (imputeColumns) q.set('impute_columns', imputeColumns);
      if (encodeColumns) q.set('encode_columns', encodeColumns);
      if (anyConstant && fill.trim() !== '') q.set('fill_value', fill.trim());
      setDone(await send<UploadedDataset>('POST', `/datasets?${q}`, text, 'text/csv'));
      list.reload();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (n: string) => {
    try {
      await call('DELETE', `/datasets/${n}`);
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <section>
      <h1>Datasets</h1>
      <form onSubmit={upload}>
        <fieldset>
          <legend>Upload a CSV</legend>
          <div class="field">
            <label for="f-file">CSV file (with a header row)</label>
            <input id="f-file" type="file" accept=".csv,text/csv" onChange={pick} />
          </div>
          {text ? (
            <>
              <p>
                {fileName}: {columns.length} columns, {text.split(/\r?\n/).filter((l) => l !== '').length - 1}{' '}
                rows
              </p>
              <table class="preview">
                <caption>First rows</caption>
                <tbody>
                  {text
                    .split(/\r?\n/, 6)
                    .filter((l) => l !== '')
                    .map((l, i) => (
                      <tr key={`${i}-${l}`}>
                        {l.split(',').map((c, j) =>
                          i === 0 ? (
                            <th key={`${j}-${c}`} scope="col">
                              {c}
                            </th>
                          ) : (
                            <td key={`${j}-${c}`}>{c}</td>
                          ),
                        )}
                      </tr>
                    ))}
                </tbody>
              </table>
              <div class="field">
                <label for="f-name">Dataset name</label>
                <input id="f-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="f-label">Label column</label>
                <select
                  id="f-label"
                  value={label}
                  onChange={(e) => {
                    const l = e.currentTarget.value;
                    setLabel(l);
                    setFeatures(columns.filter((c) => c !== l));
                  }}
                >
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset>
                <legend>Feature columns</legend>
                {columns
                  .filter((c) => c !== label)
                  .map((c) => (
                    <label key={c} class="inline">
                      <input
                        type="checkbox"
                        checked={features.includes(c)}
                        onChange={() =>
                          setFeatures(
                            features.includes(c) ? features.filter((f) => f !== c) : [...features, c],
                          )
                        }
                      />{' '}
                      {c}
                    </label>
                  ))}
              </fieldset>
              <div class="field">
                <label for="f-scaling">Pre-processing: scaling (fitted on the training part only)</label>
                <select id="f-scaling" value={scaling} onChange={(e) => setScaling(e.currentTarget.value)}>
                  <option value="standard">standard (x - mean) / std</option>
                  <option value="minmax">min-max to [0, 1]</option>
                  <option value="none">none</option>
                </select>
              </div>
              <table class="columns">
                <caption>
                  Pre-processing per feature column (fitted on the training part only): imputation of empty
                  cells, encoding of text columns
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Type</th>
                    <th scope="col">Empty cells</th>
                    <th scope="col">Imputation</th>
                    <th scope="col">Encoding</th>
                  </tr>
                </thead>
                <tbody>
                  {features.map((c) => {
                    const p = profile[c] ?? { kind: 'number', missing: 0 };
                    return (
                      <tr key={c}>
                        <th scope="row">{c}</th>
                        <td>{p.kind === 'text' ? 'text (categorical)' : 'number'}</td>
                        <td>{p.missing}</td>
                        <td>
                          <select
                            aria-label={`Imputation of ${c}`}
                            value={impute[c] ?? 'none'}
                            onChange={(e) => setImpute({ ...impute, [c]: e.currentTarget.value })}
                          >
                            {IMPUTE.filter(
                              ([v]) => p.kind === 'number' || (v !== 'mean' && v !== 'median'),
                            ).map(([v, t]) => (
                              <option key={v} value={v}>
                                {t}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          {p.kind === 'text' ? (
                            <select
                              aria-label={`Encoding of ${c}`}
                              value={encode[c] ?? 'none'}
                              onChange={(e) => setEncode({ ...encode, [c]: e.currentTarget.value })}
                            >
                              <option value="none">none (a text cell is refused)</option>
                              <option value="onehot">one-hot</option>
                            </select>
                          ) : (
                            'not needed (numbers)'
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {anyConstant ? (
                <div class="field">
                  <label for="f-fill">
                    Fill value of the constant imputation (default 0, or missing_value for text)
                  </label>
                  <input id="f-fill" value={fill} onInput={(e) => setFill(e.currentTarget.value)} />
                </div>
              ) : null}
              <button type="submit" disabled={busy || features.length === 0 || !name}>
                {busy ? 'Uploading…' : 'Upload'}
              </button>
            </>
          ) : null}
        </fieldset>
      </form>
      <ErrorBox error={error} />
      {done ? (
        <div role="status">
          <p>
            Uploaded <strong>{done.name}</strong> ({done.nRecords} records).{' '}
            <a class="button" href={`#/train?dataset=${done.name}`}>
              Train on {done.name}
            </a>
          </p>
          <Steps steps={done.preProcessing} label={`Pre-processing steps of ${done.name}`} />
        </div>
      ) : null}
      <h2>Uploaded datasets</h2>
      <ErrorBox error={list.error} />
      <Loading when={list.loading}>
        <table>
          <caption>{(list.data ?? []).length} uploaded datasets</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Records</th>
              <th scope="col">Label</th>
              <th scope="col">Features</th>
              <th scope="col">Pre-processing</th>
              <th scope="col">Uploaded</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((d) => (
              <tr key={d.name}>
                <th scope="row">{d.name}</th>
                <td>{d.nRecords}</td>
                <td>{d.label}</td>
                <td>{d.features.join(', ')}</td>
                <td>
                  <Steps steps={d.preProcessing} label={`Pre-processing steps of ${d.name}`} />
                </td>
                <td>{when(d.createdAt)}</td>
                <td>
                  <a class="button" href={`#/train?dataset=${d.name}`}>
                    Train
                  </a>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => remove(d.name)}
                    aria-label={`Delete ${d.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Loading>
    </section>
  );
}

/** A dataset's pre-processing steps, in order. */
function Steps({ steps, label }: { steps?: UploadedDataset['preProcessing']; label: string }) {
  if (!steps?.length) return null;
  return (
    <ol aria-label={label} class="steps">
      {steps.map((s) => (
        <li key={s.step}>{s.computation}</li>
      ))}
    </ol>
  );
}
