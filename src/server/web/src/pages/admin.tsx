/** The behavioural log (admin only): one service's records or the whole system's, in time order. */
import { useState } from 'preact/hooks';
import { AGGREGATES } from '../../../../eventsourcing/behavioural.js';
import { adminLogs } from '../api.js';
import { ErrorBox, Loading, useAsync } from '../ui.js';

/** Every aggregate of the log (the seed's services and queues) and the client's side; '' = all. */
const SERVICES = ['', ...AGGREGATES, 'client'];
const PAGE = 50;

export function AdminPage() {
  const [service, setService] = useState('');
  const [payload, setPayload] = useState('');
  const [page, setPage] = useState(0);
  const { data, error, loading, reload } = useAsync(() => adminLogs(service || undefined), [service]);
  const rows = (data ?? []).filter((r) => !payload || r.value.payload.includes(payload));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const shown = rows.slice(page * PAGE, (page + 1) * PAGE);
  return (
    <section>
      <h1>Admin log</h1>
      <div class="toolbar">
        <label>
          <span id="l-service">Service</span>
          <select
            aria-labelledby="l-service"
            value={service}
            onChange={(e) => {
              setService(e.currentTarget.value);
              setPage(0);
            }}
          >
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {s || 'whole system'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Payload contains
          <input value={payload} onInput={(e) => setPayload(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <ErrorBox error={error} />
      <Loading when={loading}>
        <table class="log">
          <caption>
            {rows.length} records, page {page + 1} of {pages}
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Aggregate</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Type</th>
              <th scope="col">Payload</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r, i) => (
              <tr key={`${r.timestamp}-${i}`}>
                <td>{new Date(r.timestamp).toISOString()}</td>
                <td>{String(r.aggregate ?? r.key)}</td>
                <td>{r.value.source_service}</td>
                <td>{r.value.destination_service}</td>
                <td>
                  {r.value.message_type} / {r.value.com_type}
                </td>
                <td>
                  <code>{r.value.payload}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav class="pager" aria-label="Log pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      </Loading>
    </section>
  );
}
