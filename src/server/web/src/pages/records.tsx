/** Sessions or experiments: a sortable, filterable list; tick two or more to compare them. */
import { useState } from 'preact/hooks';
import { listRecords, type RecordView } from '../api.js';
import { metricValue } from '../metrics.js';
import { ErrorBox, fmt, Loading, short, useAsync, when } from '../ui.js';

type Store = 'sessions' | 'experiments';
type Key = 'created_at' | 'dataset' | 'model' | 'status' | 'accuracy';

const value = (r: RecordView, k: Key): string | number =>
  k === 'accuracy' ? (metricValue(r.eval_data, 'test_accuracy') ?? -1) : r[k];

export function RecordsPage({ store }: { store: Store }) {
  const { data, error, loading, reload } = useAsync(() => listRecords(store), [store]);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'created_at', desc: true });
  const [picked, setPicked] = useState<string[]>([]);
  const title = store === 'sessions' ? 'Sessions' : 'Experiments';
  const f = filter.trim().toLowerCase();
  const rows = (data ?? [])
    .filter((r) => !f || `${r.dataset} ${r.model} ${r.status}`.toLowerCase().includes(f))
    .sort((a, b) => {
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -c : c;
    });
  const head = (key: Key, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        class="link"
        onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : false })}
      >
        {label}
      </button>
    </th>
  );
  const toggle = (t: string) =>
    setPicked(picked.includes(t) ? picked.filter((p) => p !== t) : [...picked, t]);
  return (
    <section>
      <h1>{title}</h1>
      <p>
        {store === 'sessions'
          ? 'Trained models not yet confirmed: evaluate them, compare them, save the good ones.'
          : 'Confirmed experiments in the permanent store (immutable).'}
      </p>
      <div class="toolbar">
        <label>
          Filter
          <input
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
            placeholder="dataset, model…"
          />
        </label>
        <button type="button" onClick={reload}>
          Refresh
        </button>
        <a
          class={`button${picked.length < 2 ? ' disabled' : ''}`}
          aria-disabled={picked.length < 2}
          href={picked.length < 2 ? undefined : `#/compare/${store}/${picked.join(',')}`}
        >
          Compare {picked.length > 0 ? `(${picked.length})` : ''}
        </a>
      </div>
      <ErrorBox error={error} />
      <Loading when={loading}>
        <table class="records">
          <caption>
            {rows.length} {title.toLowerCase()}
          </caption>
          <thead>
            <tr>
              <th scope="col">Pick</th>
              {head('created_at', 'Created')}
              {head('dataset', 'Dataset')}
              {head('model', 'Model')}
              {head('status', 'Status')}
              {head('accuracy', 'Test accuracy')}
              <th scope="col">Id</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.token}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`pick ${r.model} on ${r.dataset} of ${when(r.created_at)}`}
                    checked={picked.includes(r.token)}
                    onChange={() => toggle(r.token)}
                  />
                </td>
                <td>{when(r.created_at)}</td>
                <td>{r.dataset}</td>
                <td>{r.model}</td>
                <td>{r.status}</td>
                <td>{fmt(metricValue(r.eval_data, 'test_accuracy') ?? '—')}</td>
                <td>
                  <a href={`#/${store}/${r.token}`}>{short(r.token)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Loading>
    </section>
  );
}
