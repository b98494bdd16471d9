/**
 * Live training: the job's state and progress streamed over server-sent events, the model's own
 * training curve (loss or objective per iteration when the model reports one, else the fraction done
 * over time), elapsed time and an estimate of the time left, and a stop button that cancels the job.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { cancelJob, followJob, type JobProgress, type JobStatus } from '../api.js';
import { LineChart } from '../chart.js';
import { ErrorBox } from '../ui.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function JobPage({ token }: { token: string }) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [now, setNow] = useState(Date.now());
  const curve = useRef<{ x: number[]; loss: number[]; fraction: number[]; t: number[] }>({
    x: [],
    loss: [],
    fraction: [],
    t: [],
  });
  const started = useRef(Date.now());

  useEffect(() => {
    curve.current = { x: [], loss: [], fraction: [], t: [] };
    started.current = Date.now();
    const stream = followJob(token, {
      status: (s) => {
        setStatus(s);
        if (s.elapsed_ms !== undefined) started.current = Date.now() - s.elapsed_ms;
      },
      progress: (p) => {
        const c = curve.current;
        c.t.push((Date.now() - started.current) / 1000);
        c.fraction.push(p.fraction);
        if (p.loss !== undefined && Number.isFinite(p.loss)) {
          c.x.push(p.iteration ?? c.x.length);
          c.loss.push(p.loss);
        }
        setProgress(p);
      },
      error: setError,
    });
    const tick = setInterval(() => setNow(Date.now()), 500);
    return () => {
      stream.close();
      clearInterval(tick);
    };
  }, [token]);

  const state = status?.state ?? 'connecting';
  const over = state === 'done' || state === 'failed' || state === 'cancelled';
  const fraction = state === 'done' ? 1 : (progress?.fraction ?? status?.progress?.fraction ?? 0);
  const elapsed = over && status?.elapsed_ms !== undefined ? status.elapsed_ms : now - started.current;
  const eta = fraction > 0.02 && !over ? (elapsed * (1 - fraction)) / fraction : null;
  const c = curve.current;

  const stop = async () => {
    try {
      setStatus(await cancelJob(token));
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section>
      <h1>Training job</h1>
      <p>
        Session id <code>{token}</code>
      </p>
      <ErrorBox error={error} />
      <dl class="job">
        <dt>State</dt>
        <dd data-testid="job-state">{state}</dd>
        <dt>Progress</dt>
        <dd>
          <progress max={1} value={fraction} aria-label="Training progress" />{' '}
          <span data-testid="job-percent">{Math.round(fraction * 100)}%</span>
          {progress?.total ? ` (${progress.iteration ?? 0} of ${progress.total})` : null}
        </dd>
        <dt>Elapsed</dt>
        <dd>{seconds(elapsed)}</dd>
        <dt>Time left</dt>
        <dd>{eta === null ? '—' : `about ${seconds(eta)}`}</dd>
        {progress?.message ? (
          <>
            <dt>Last report</dt>
            <dd>{progress.message}</dd>
          </>
        ) : null}
        {status?.error ? (
          <>
            <dt>Error</dt>
            <dd class="problem">{status.error}</dd>
          </>
        ) : null}
      </dl>
      {!over ? (
        <button type="button" class="danger" onClick={stop}>
          Stop training
        </button>
      ) : null}
      {state === 'done' ? (
        <p>
          <a class="button" href={`#/sessions/${token}`}>
            Open the session record
          </a>
        </p>
      ) : null}
      {c.loss.length > 1 ? (
        <LineChart
          title="Training curve"
          x={c.x}
          xLabel="iteration"
          series={[{ label: 'loss', values: c.loss }]}
        />
      ) : c.t.length > 1 ? (
        <LineChart
          title="Progress"
          x={c.t}
          xLabel="seconds"
          series={[{ label: 'fraction done', values: c.fraction }]}
        />
      ) : null}
    </section>
  );
}
