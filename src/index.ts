/**
 * autolearn — classic machine learning from scratch in TypeScript on pluggable compute backends.
 *
 * This entry point is the core (backends, pipeline, datasets, models, losses, optimizers, metrics);
 * it loads no heavy or native dependency until a device that needs one is requested.
 * Optional layers: `autolearn/catalog`, `autolearn/eventsourcing`, `autolearn/services`.
 * @packageDocumentation
 */
export * from './core/index.js';
