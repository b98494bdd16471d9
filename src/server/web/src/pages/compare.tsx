/** Two or more runs side by side: what differs in their requests, their metrics, a chart. */
import { getRecord, type RecordView } from '../api.js';
import { metricRows } from '../metrics.js';
import { ErrorBox, fmt, Loading, short, useAsync } from '../ui.js';

type Store = 'sessions' | 'experiments';

/** Every setting of a run as flat `name -> value` text (dataset, split, model, learning, params). */
export function settings(r: RecordView): Map<string, string> {
  const td = r.train_data.train_data;
  const out = new Map<string, string>([
    ['dataset', td.dataset.dataset_name],
    ['split_test', fmt(td.dataset.split_test)],
    ['split_seed', fmt(td.dataset.split_seed ?? 0)],
    ['model', td.model.model_name],
    ['loss', td.learning.loss],
    ['algorithm', td.learning.learning_algorithm],
  ]);
  for (const p of td.model.model_hyperparams) out.set(p.hyper_param_name, fmt(p.hyper_param_value));
  for (const p of td.learning.learning_hyperparams)
    out.set(`learning.${p.hyper_param_name}`, fmt(p.hyper_param_value));
  return out;
}

export function ComparePage({ store, tokens }: { store: Store; tokens: readonly string[] }) {
  const { data, error, loading } = useAsync(
    () => Promise.all(tokens.map((t) => getRecord(store, t))),
    [store, tokens.join(',')],
  );
  return (
    <section>
      <h1>Compare {tokens.length} runs</h1>
      <ErrorBox error={error} />
      <Loading when={loading}>{data ? <Comparison records={data} store={store} /> : null}</Loading>
    </section>
  );
}

function Comparison({ records, store }: { records: readonly RecordView[]; store: Store }) {
  const all = records.map(settings);
  const keys = [...new Set(all.flatMap((m) => [...m.keys()]))];
  const differs = (k: string) => new Set(all.map((m) => m.get(k) ?? 'default')).size > 1;
  const metricNames = [...new Set(records.flatMap((r) => metricRows(r.eval_data).map((m) => m.name)))];
  const rowsOf = records.map((r) => new Map(metricRows(r.eval_data).map((m) => [m.name, m])));
  const best = (name: string) =>
    Math.max(...rowsOf.map((m) => m.get(name)?.test ?? Number.NEGATIVE_INFINITY));
  const head = (first: string) => (
    <tr>
      <th scope="col">{first}</th>
      {records.map((r) => (
        <th key={r.token} scope="col">
          <a href={`#/${store}/${r.token}`}>
            {r.model} {short(r.token)}
          </a>
        </th>
      ))}
    </tr>
  );
  return (
    <>
      <table class="compare" data-testid="compare-params">
        <caption>Parameters (differences highlighted)</caption>
        <thead>{head('Setting')}</thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k} class={differs(k) ? 'differs' : undefined}>
              <th scope="row">{k}</th>
              {all.map((m, i) => (
                <td key={records[i]!.token}>{m.get(k) ?? 'default'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table class="compare" data-testid="compare-metrics">
        <caption>Metrics (test set; best in bold; train set in brackets)</caption>
        <thead>{head('Metric')}</thead>
        <tbody>
          {metricNames.map((name) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {rowsOf.map((m, i) => {
                const row = m.get(name);
                const isBest = row?.test !== undefined && row.test === best(name);
                return (
                  <td key={records[i]!.token}>
                    {row?.test === undefined ? (
                      '—'
                    ) : isBest ? (
                      <strong>{fmt(row.test)}</strong>
                    ) : (
                      fmt(row.test)
                    )}
                    {row?.train === undefined ? '' : ` (${fmt(row.train)})`}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {metricNames.length === 0 ? (
        <p>None of these runs is evaluated yet.</p>
      ) : (
        <CompareBars names={metricNames} records={records} rowsOf={rowsOf} />
      )}
    </>
  );
}

function CompareBars(props: {
  names: readonly string[];
  records: readonly RecordView[];
  rowsOf: readonly Map<string, { test?: number }>[];
}) {
  const shown = props.names.filter((n) => /accuracy|macro/.test(n));
  return (
    <figure class="bars">
      <figcaption>Test-set scores side by side</figcaption>
      {shown.map((n) => (
        <div key={n} class="bar-group">
          <strong>{n}</strong>
          {props.records.map((r, i) => {
            const v = props.rowsOf[i]!.get(n)?.test ?? 0;
            return (
              <div key={r.token} class="bar-row">
                <span class="bar-label">
                  {r.model} {short(r.token)}
                </span>
                <span class={`bar c${i % 6}`} style={{ width: `${Math.round(v * 100)}%` }} />
                <span>{fmt(v)}</span>
              </div>
            );
          })}
        </div>
      ))}
    </figure>
  );
}
