/**
 * Datasets: upload a CSV (size-limited on the server; typed errors with line and column shown),
 * preview it, choose the label and feature columns and the scaling, then train on it. Uploaded
 * datasets appear in the catalog and can be deleted.
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

export function DatasetsPage() {
  const list = useAsync(() => call<UploadedDataset[]>('GET', '/datasets'), []);
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [features, setFeatures] = useState<string[]>([]);
  const [scaling, setScaling] = useState('standard');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<UploadedDataset | null>(null);
  const [busy, setBusy] = useState(false);
  const columns = text ? headerColumns(text) : [];

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
  };

  const upload = async (e: Event) => {
    e.preventDefault();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams({ name, label, scaling, features: features.join(',') });
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
              <button type="submit" disabled={busy || features.length === 0 || !name}>
                {busy ? 'Uploading…' : 'Upload'}
              </button>
            </>
          ) : null}
        </fieldset>
      </form>
      <ErrorBox error={error} />
      {done ? (
        <p role="status">
          Uploaded <strong>{done.name}</strong> ({done.nRecords} records).{' '}
          <a class="button" href={`#/train?dataset=${done.name}`}>
            Train on {done.name}
          </a>
        </p>
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
              <th scope="col">Scaling</th>
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
                <td>{d.scaling}</td>
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
