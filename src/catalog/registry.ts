/**
 * The code registry the catalog is built from: register a model, dataset or metric here and it
 * appears in the catalog (and becomes trainable) with no client change.
 */
import { CatalogError } from './errors.js';
import type { DatasetEntry, MetricEntry, ModelEntry } from './types.js';

const key = (name: string, task: string): string => `${name}\u0000${task}`;

/**
 * The registry of models, datasets, metrics and learning algorithms that the catalog is rendered from
 * and training requests are validated against. A model or dataset registered here appears in the
 * catalog with no client change.
 *
 * @example
 * ```ts
 * import { buildCatalog, Registry, registerBuiltins } from 'autolearn/catalog';
 *
 * const registry = await registerBuiltins(new Registry());
 * console.log(registry.models().map((m) => m.name), buildCatalog(registry).metrics.length);
 * ```
 */
export class Registry {
  private readonly modelMap = new Map<string, ModelEntry>();
  private readonly datasetMap = new Map<string, DatasetEntry>();
  private readonly metricMap = new Map<string, MetricEntry>();

  registerModel(entry: ModelEntry): this {
    checkName('model', entry.name, entry.task);
    if (this.modelMap.has(key(entry.name, entry.task))) {
      throw new CatalogError(`model '${entry.name}' (${entry.task}) is already registered`);
    }
    const seen = new Set<string>();
    for (const l of entry.learning) {
      const k = key(l.loss, l.learningAlgorithm);
      if (seen.has(k)) {
        throw new CatalogError(
          `model '${entry.name}': loss '${l.loss}' + '${l.learningAlgorithm}' listed twice`,
        );
      }
      seen.add(k);
    }
    this.modelMap.set(key(entry.name, entry.task), entry);
    return this;
  }

  registerDataset(entry: DatasetEntry): this {
    checkName('dataset', entry.name, entry.task);
    if (this.datasetMap.has(key(entry.name, entry.task))) {
      throw new CatalogError(`dataset '${entry.name}' (${entry.task}) is already registered`);
    }
    this.datasetMap.set(key(entry.name, entry.task), entry);
    return this;
  }

  registerMetric(entry: MetricEntry): this {
    checkName('metric', entry.name, entry.task);
    if (!this.metricMap.has(key(entry.name, entry.task)))
      this.metricMap.set(key(entry.name, entry.task), entry);
    return this;
  }

  /** Removes a model (e.g. a test-only one); returns whether it was there. */
  unregisterModel(name: string, task: string): boolean {
    return this.modelMap.delete(key(name, task));
  }

  unregisterDataset(name: string, task: string): boolean {
    return this.datasetMap.delete(key(name, task));
  }

  model(name: string, task: string): ModelEntry | undefined {
    return this.modelMap.get(key(name, task));
  }

  dataset(name: string, task: string): DatasetEntry | undefined {
    return this.datasetMap.get(key(name, task));
  }

  /** First model with this name, whatever its task (checkpoints record the name only). */
  modelByName(name: string): ModelEntry | undefined {
    for (const m of this.modelMap.values()) if (m.name === name) return m;
    return undefined;
  }

  models(): ModelEntry[] {
    return [...this.modelMap.values()];
  }

  datasets(): DatasetEntry[] {
    return [...this.datasetMap.values()];
  }

  metrics(): MetricEntry[] {
    return [...this.metricMap.values()];
  }
}

function checkName(kind: string, name: unknown, task: unknown): void {
  if (typeof name !== 'string' || name.length === 0)
    throw new CatalogError(`${kind} name must be a non-empty string`);
  if (typeof task !== 'string' || task.length === 0)
    throw new CatalogError(`${kind} '${name}': task must be a non-empty string`);
}

/** The process-wide registry (the seed's Singleton); create your own `new Registry()` to isolate. */
export const globalRegistry = new Registry();

/** Precision and recall are the seed's metrics; F1 and accuracy come with the same report. */
export const CLASSIFICATION_METRICS: readonly MetricEntry[] = ['precision', 'recall', 'f1', 'accuracy'].map(
  (name) => ({ task: 'classification', name }),
);
