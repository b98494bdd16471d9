/**
 * The training form, generated from the catalog alone: a model or dataset registered on the server
 * appears here with its parameters and no console change. Every keystroke re-runs the server's own
 * request validation (the same module the server uses), so errors show next to the field at once;
 * the equivalent CLI command and JSON request are shown live.
 */
import { useMemo, useState } from 'preact/hooks';
import type { CatalogParamSpec } from '../../../../catalog/seed-param.js';
import type { HyperParamValue, SeedCatalog, TrainRequest } from '../../../../catalog/types.js';
import { validateTrainRequest } from '../../../../catalog/validate.js';
import { getCatalog, submitTraining } from '../api.js';
import { allowed } from '../params-view.js';
import { ErrorBox, fmt, Loading, useAsync } from '../ui.js';

export function TrainPage() {
  const { data, error, loading } = useAsync(getCatalog, []);
  return (
    <section>
      <h1>Train a model</h1>
      <ErrorBox error={error} />
      <Loading when={loading}>{data ? <TrainForm catalog={data} /> : null}</Loading>
    </section>
  );
}

type Values = Record<string, string>;

/** The text of a field -> the JSON value the request carries (typed by the spec). */
export function parseField(text: string, spec: CatalogParamSpec): HyperParamValue['hyper_param_value'] {
  const t = text.trim();
  if (t === 'null') return null;
  if (spec.param_type === 'bool') return t === 'true';
  if (spec.param_type === 'string') return t;
  if (spec.param_type === 'object' || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as HyperParamValue['hyper_param_value'];
    } catch {
      return t;
    }
  }
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function hyperParams(values: Values, specs: readonly CatalogParamSpec[]): HyperParamValue[] {
  return specs
    .filter((s) => (values[s.param_name] ?? '') !== '')
    .map((s) => ({
      hyper_param_name: s.param_name,
      hyper_param_value: parseField(values[s.param_name]!, s),
    }));
}

function queryParam(name: string): string | null {
  const q = location.hash.split('?')[1];
  return q ? new URLSearchParams(q).get(name) : null;
}

/** The CLI command that sends the same request. */
export function cliCommand(req: TrainRequest): string {
  const td = req.train_data;
  const q = (v: unknown) => {
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return /^[\w.:,=-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
  };
  const parts = [
    'autolearn train',
    `--dataset ${q(td.dataset.dataset_name)}`,
    `--model ${q(td.model.model_name)}`,
    `--loss ${q(td.learning.loss)}`,
    `--algorithm ${q(td.learning.learning_algorithm)}`,
    `--split-test ${td.dataset.split_test}`,
  ];
  if (td.dataset.split_seed !== undefined) parts.push(`--seed ${td.dataset.split_seed}`);
  for (const p of td.model.model_hyperparams)
    parts.push(`--param ${q(`${p.hyper_param_name}=${q(p.hyper_param_value)}`)}`);
  for (const p of td.learning.learning_hyperparams)
    parts.push(`--lparam ${q(`${p.hyper_param_name}=${q(p.hyper_param_value)}`)}`);
  return parts.join(' ');
}

function TrainForm({ catalog }: { catalog: SeedCatalog }) {
  const first =
    catalog.data_lake.find((d) => d.dataset_name === queryParam('dataset')) ?? catalog.data_lake[0];
  const [dataset, setDataset] = useState(first?.dataset_name ?? '');
  const ds = catalog.data_lake.find((d) => d.dataset_name === dataset);
  const models = catalog.models.filter((m) => !ds || m.model_task === ds.dataset_task);
  const [modelName, setModelName] = useState(models[0]?.model_name ?? '');
  const model = models.find((m) => m.model_name === modelName) ?? models[0];
  const choices = catalog.learning.filter((l) => l.model_reference.model_name === model?.model_name);
  const [choice, setChoice] = useState(0);
  const learning = choices[Math.min(choice, choices.length - 1)];
  const [splitTest, setSplitTest] = useState('0.3');
  const [splitSeed, setSplitSeed] = useState('0');
  const [values, setValues] = useState<Values>({});
  const [lvalues, setLValues] = useState<Values>({});
  const [submitError, setSubmitError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const modelSpecs = model?.model_hyperparams ?? [];
  const learnSpecs = learning?.learning_hyperparams ?? [];
  const request: TrainRequest = useMemo(() => {
    const seed = splitSeed.trim();
    return {
      train_data: {
        dataset: {
          dataset_name: dataset,
          dataset_task: ds?.dataset_task ?? '',
          split_test: Number(splitTest),
          ...(seed === '' ? {} : { split_seed: Number(seed) }),
        },
        model: {
          model_name: model?.model_name ?? '',
          model_task: model?.model_task ?? '',
          model_hyperparams: hyperParams(values, modelSpecs),
        },
        learning: {
          loss: learning?.loss ?? '',
          learning_algorithm: learning?.learning_algorithm ?? '',
          learning_hyperparams: hyperParams(lvalues, learnSpecs),
        },
      },
    };
  }, [dataset, ds, splitTest, splitSeed, model, learning, values, lvalues, modelSpecs, learnSpecs]);

  /** Violations by field: 'split_test', 'split_seed', 'model:<name>', 'learning:<name>', or 'form'. */
  const problems = useMemo(() => {
    const out = new Map<string, string>();
    try {
      validateTrainRequest(request, catalog);
    } catch (e) {
      const vs = (e as { violations?: { path: string; allowed: string }[] }).violations ?? [];
      const name = (list: HyperParamValue[], path: string) => {
        const m = /\[(\d+)\]/.exec(path);
        return m ? list[Number(m[1])]?.hyper_param_name : undefined;
      };
      for (const v of vs) {
        let key = 'form';
        if (v.path.endsWith('split_test')) key = 'split_test';
        else if (v.path.endsWith('split_seed')) key = 'split_seed';
        else if (v.path.includes('model_hyperparams'))
          key = `model:${name(request.train_data.model.model_hyperparams, v.path)}`;
        else if (v.path.includes('learning_hyperparams'))
          key = `learning:${name(request.train_data.learning.learning_hyperparams, v.path)}`;
        out.set(key, `allowed: ${v.allowed}`);
      }
    }
    return out;
  }, [request, catalog]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSubmitError(null);
    try {
      const job = await submitTraining(request);
      location.hash = `#/jobs/${job.token}`;
    } catch (err) {
      setSubmitError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-describedby="train-help">
      <p id="train-help">
        Every field is checked with the server's own rules as you type. Leave a hyper-parameter empty to use
        its default.
      </p>
      <fieldset>
        <legend>Dataset</legend>
        <label>
          <span id="l-dataset">Dataset</span>
          <select
            aria-labelledby="l-dataset"
            value={dataset}
            onChange={(e) => setDataset(e.currentTarget.value)}
            name="dataset"
          >
            {catalog.data_lake.map((d) => (
              <option key={d.dataset_name} value={d.dataset_name}>
                {d.dataset_name} ({d.n_record} records)
              </option>
            ))}
          </select>
        </label>
        <Field
          id="split_test"
          label="Test fraction"
          value={splitTest}
          onInput={setSplitTest}
          hint="0 < x < 1"
          problem={problems.get('split_test')}
        />
        <Field
          id="split_seed"
          label="Split seed"
          value={splitSeed}
          onInput={setSplitSeed}
          hint="integer >= 0"
          problem={problems.get('split_seed')}
        />
      </fieldset>
      <fieldset>
        <legend>Model</legend>
        <label>
          <span id="l-model">Model</span>
          <select
            aria-labelledby="l-model"
            name="model"
            value={model?.model_name}
            onChange={(e) => {
              setModelName(e.currentTarget.value);
              setValues({});
              setChoice(0);
              setLValues({});
            }}
          >
            {models.map((m) => (
              <option key={m.model_name} value={m.model_name}>
                {m.model_name}
              </option>
            ))}
          </select>
        </label>
        <ParamFields
          scope="model"
          specs={modelSpecs}
          values={values}
          setValues={setValues}
          problems={problems}
        />
      </fieldset>
      <fieldset>
        <legend>Learning</legend>
        <label>
          <span id="l-learning">Loss and algorithm</span>
          <select
            aria-labelledby="l-learning"
            name="learning"
            value={String(choice)}
            onChange={(e) => {
              setChoice(Number(e.currentTarget.value));
              setLValues({});
            }}
          >
            {choices.map((l, i) => (
              <option key={`${l.loss}/${l.learning_algorithm}`} value={String(i)}>
                {l.loss} / {l.learning_algorithm}
              </option>
            ))}
          </select>
        </label>
        <ParamFields
          scope="learning"
          specs={learnSpecs}
          values={lvalues}
          setValues={setLValues}
          problems={problems}
        />
      </fieldset>
      {problems.get('form') ? <p class="problem">{problems.get('form')}</p> : null}
      <ErrorBox error={submitError} />
      <button type="submit" disabled={busy || problems.size > 0}>
        {busy ? 'Submitting…' : 'Train'}
      </button>
      <details open>
        <summary>Equivalent CLI command</summary>
        <pre data-testid="cli-command">{cliCommand(request)}</pre>
      </details>
      <details>
        <summary>JSON request (POST /train)</summary>
        <pre>{JSON.stringify(request, null, 2)}</pre>
      </details>
    </form>
  );
}

function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  hint: string;
  problem?: string;
  placeholder?: string;
}) {
  const err = `${props.id}-problem`;
  const hint = `${props.id}-hint`;
  return (
    <div class="field">
      <label for={`f-${props.id}`}>{props.label}</label>
      <input
        id={`f-${props.id}`}
        name={props.id}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problem ? 'true' : 'false'}
        aria-describedby={props.problem ? `${hint} ${err}` : hint}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <small id={hint}>{props.hint}</small>
      {props.problem ? (
        <span id={err} class="problem" role="alert">
          {props.problem}
        </span>
      ) : null}
    </div>
  );
}

function ParamFields(props: {
  scope: 'model' | 'learning';
  specs: readonly CatalogParamSpec[];
  values: Values;
  setValues: (v: Values) => void;
  problems: Map<string, string>;
}) {
  if (props.specs.length === 0) return <p>No hyper-parameters.</p>;
  const set = (name: string, v: string) => props.setValues({ ...props.values, [name]: v });
  return (
    <div class="params">
      {props.specs.map((s) => {
        const id = `${props.scope}-${s.param_name}`;
        const value = props.values[s.param_name] ?? '';
        if (s.param_type === 'bool') {
          return (
            <label key={id} title={s.description}>
              <span id={`l-${id}`}>{s.param_name}</span>
              <select
                aria-labelledby={`l-${id}`}
                name={id}
                value={value}
                onChange={(e) => set(s.param_name, e.currentTarget.value)}
              >
                <option value="">default ({fmt(s.default)})</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
              <small>{s.description}</small>
            </label>
          );
        }
        if (s.param_type === 'string' && s.options.length > 0) {
          return (
            <label key={id} title={s.description}>
              <span id={`l-${id}`}>{s.param_name}</span>
              <select
                aria-labelledby={`l-${id}`}
                name={id}
                value={value}
                onChange={(e) => set(s.param_name, e.currentTarget.value)}
              >
                <option value="">default ({fmt(s.default)})</option>
                {s.options.map((o) => (
                  <option key={String(o)} value={o === null ? 'null' : String(o)}>
                    {String(o)}
                  </option>
                ))}
              </select>
              <small>{s.description}</small>
            </label>
          );
        }
        return (
          <Field
            key={id}
            id={id}
            label={s.param_name}
            value={value}
            placeholder={`default ${fmt(s.default)}`}
            onInput={(v) => set(s.param_name, v)}
            hint={`${s.param_type}, ${allowed(s)}. ${s.description}`}
            problem={props.problems.get(`${props.scope}:${s.param_name}`)}
          />
        );
      })}
    </div>
  );
}
