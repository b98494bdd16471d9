/**
 * autolearn — classic machine learning from scratch in TypeScript on pluggable compute backends.
 *
 * This entry point is the core (backends, pipeline, datasets, models, losses, optimizers, metrics);
 * it loads no heavy or native dependency until a device that needs one is requested.
 * Optional layers: `autolearn/catalog`, `autolearn/eventsourcing`, `autolearn/services`.
 * @packageDocumentation
 * @module autolearn
 */
export * from './core/index.js';
export * from './datasets/index.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './model-selection/index.js';
export * from './models/index.js';
export * from './optimizers/index.js';
export * from './pipeline/index.js';
export * from './preprocessing/index.js';
/** Loads any autolearn checkpoint: a Pipeline's or a built-in model's (see `loadAnyCheckpoint`). */
export { loadAnyCheckpoint as loadCheckpoint } from './preprocessing/pipeline.js';
