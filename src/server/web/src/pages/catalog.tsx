/** The catalog as the server publishes it: datasets, models with every parameter, learning, metrics. */
import type { SeedCatalog } from '../../../../catalog/types.js';
import { getCatalog } from '../api.js';
import { ParamTable } from '../params-view.js';
import { ErrorBox, Loading, useAsync } from '../ui.js';

export function CatalogPage() {
  const { data, error, loading } = useAsync(getCatalog, []);
  return (
    <section>
      <h1>Catalog</h1>
      <ErrorBox error={error} />
      <Loading when={loading}>{data ? <CatalogView catalog={data} /> : null}</Loading>
    </section>
  );
}

function CatalogView({ catalog }: { catalog: SeedCatalog }) {
  return (
    <>
      <h2>Datasets</h2>
      <div class="cards">
        {catalog.data_lake.map((d) => (
          <article key={d.dataset_name} class="card" aria-labelledby={`ds-${d.dataset_name}`}>
            <h3 id={`ds-${d.dataset_name}`}>{d.dataset_name}</h3>
            <p>{d.dataset_description}</p>
            <dl>
              <dt>Task</dt>
              <dd>{d.dataset_task}</dd>
              <dt>Records</dt>
              <dd>{d.n_record}</dd>
              <dt>Features</dt>
              <dd>{d.features.join(', ')}</dd>
              <dt>Label</dt>
              <dd>{d.label.join(', ')}</dd>
            </dl>
            <details>
              <summary>Pre-processing</summary>
              <ol>
                {d.pre_processing.map((p) => (
                  <li key={p.step}>{p.computation}</li>
                ))}
              </ol>
            </details>
            <a class="button" href={`#/train?dataset=${encodeURIComponent(d.dataset_name)}`}>
              Train on {d.dataset_name}
            </a>
          </article>
        ))}
      </div>
      <h2>Models</h2>
      {catalog.models.map((m) => (
        <details key={m.model_name} class="model">
          <summary>
            <strong>{m.model_name}</strong> ({m.model_task}, {m.model_hyperparams.length} hyper-parameters)
          </summary>
          <ParamTable specs={m.model_hyperparams} caption={`${m.model_name} hyper-parameters`} />
          <h4>Learning</h4>
          <ul>
            {catalog.learning
              .filter((l) => l.model_reference.model_name === m.model_name)
              .map((l) => (
                <li key={`${l.loss}/${l.learning_algorithm}`}>
                  loss <code>{l.loss}</code>, algorithm <code>{l.learning_algorithm}</code>
                  {l.learning_hyperparams.length > 0 ? (
                    <ParamTable
                      specs={l.learning_hyperparams}
                      caption={`${l.learning_algorithm} hyper-parameters`}
                    />
                  ) : null}
                </li>
              ))}
          </ul>
        </details>
      ))}
      <h2>Metrics</h2>
      <ul>
        {catalog.metrics.map((m) => (
          <li key={m.metric_name}>
            {m.metric_name} ({m.metric_task})
          </li>
        ))}
      </ul>
    </>
  );
}
