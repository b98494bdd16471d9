/**
 * `autolearn quickstart` (what `npm start` runs): the whole tour in-process on the embedded defaults —
 * catalog summary, train SVC on the bundled Iris, evaluate on the test and training sets, save to the
 * permanent store, list experiments, and the admin log of this very exchange.
 */
import type { Writable } from 'node:stream';
import { InProcessApi } from './api.js';
import { formatCatalog, formatJob, formatLog, formatMetrics, formatRecords } from './format.js';
import { ProgressBar } from './progress.js';
import { buildRequest } from './request.js';

export interface QuickstartOptions {
  readonly dataDir: string;
  readonly out: (text: string) => void;
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env?: Record<string, string | undefined>;
  /** Model to train (default SVC). */
  readonly model?: string;
}

export async function quickstart(o: QuickstartOptions): Promise<number> {
  const start = Date.now();
  const api = await InProcessApi.open(o.dataDir, o.env);
  const step = (n: number, title: string) => o.out(`\n== ${n}. ${title} ==`);
  try {
    o.out(`autolearn quickstart (in-process; stores and event log in ${o.dataDir}/autolearn.db)`);
    step(1, 'Catalog');
    const catalog = await api.catalog();
    o.out(formatCatalog(catalog));

    const model = o.model ?? 'SVC';
    step(2, `Train ${model} on iris (30% test split, seed 0)`);
    const request = buildRequest(catalog, { dataset: 'iris', model, splitTest: 0.3, splitSeed: 0 });
    const l = request.train_data.learning;
    o.out(`loss ${l.loss}, learning algorithm ${l.learning_algorithm}, default hyper-parameters`);
    const bar = new ProgressBar(o.stderr);
    const job = await api
      .train(
        request,
        (s) => bar.update(s),
        (p) => bar.progress(p),
      )
      .finally(() => bar.stop());
    o.out(formatJob(job));
    if (job.state !== 'done') return 1;

    step(3, 'Evaluate on the test and the training set');
    const ev = await api.evaluate(job.token);
    o.out(formatMetrics(ev.eval_data));

    step(4, 'Save the session record to the permanent store');
    const saved = await api.save(job.token);
    o.out(formatRecords([saved]));

    step(5, 'Experiments in the permanent store');
    o.out(formatRecords(await api.experiments()));

    step(6, 'Admin log of this exchange (behavioural records, time order)');
    o.out(formatLog(await api.logs({ from: start })));
    return 0;
  } finally {
    await api.close();
  }
}
