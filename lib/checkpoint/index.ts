// Checkpoints (docs/ARCHITECTURE.md, decision 14): d.save / d.load and their sync forms.
export { save, saveSync } from './save';
export type { CheckpointContents } from './save';
export { load, loadSync } from './load';
export type { LoadTargets, LoadedCheckpoint } from './load';
export type { Stateful, SavableModel, LoadableModel, Generators as CheckpointGenerators } from './layout';
