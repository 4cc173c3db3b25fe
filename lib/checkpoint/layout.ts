// Where each part of a checkpoint lives in a safetensors file (docs/ARCHITECTURE.md, decision 14).
//
// Tensors: the model's state dict under `model.<key>` (PyTorch's keys: model.0.weight,
// model.1.running_mean, ...); the optimizer's state tensors under `optim.<paramIndex>.<name>`
// (optim.0.exp_avg); tensors inside the scheduler's or loader's state, or the user's meta, under
// `scheduler.<path>`, `loader.<path>`, `meta.<path>`.
//
// Metadata (strings): "descent.format": "1"; "descent.optimizer", "descent.scheduler" and
// "descent.loader" as JSON { "type": class name, "state": the stateDict() with tensors replaced
// by references (state-codec.ts) }; "descent.generator" as JSON { "single": { seed, offset } } or
// { "named": { name: { seed, offset } } }; "descent.epoch", "descent.step" as JSON numbers;
// "descent.meta" as the JSON of the user's meta.
//
// A file without "descent.format" (written by PyTorch's or Hugging Face's safetensors) is a plain
// state dict: every tensor is a model tensor under its own name.
import { RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';

export const FORMAT_KEY = 'descent.format';
export const FORMAT_VERSION = '1';
export const MODEL_PREFIX = 'model.';
export const GENERATOR_KEY = 'descent.generator';
export const EPOCH_KEY = 'descent.epoch';
export const STEP_KEY = 'descent.step';
export const META_KEY = 'descent.meta';

/** The parts saved through their stateDict(): metadata key and tensor-key prefix. */
export const STATEFUL_PARTS = {
  optimizer: { metadata: 'descent.optimizer', prefix: 'optim' },
  scheduler: { metadata: 'descent.scheduler', prefix: 'scheduler' },
  loader: { metadata: 'descent.loader', prefix: 'loader' },
} as const;

export type StatefulPart = keyof typeof STATEFUL_PARTS;
export const STATEFUL_PART_NAMES = Object.keys(STATEFUL_PARTS) as StatefulPart[];

/** Tensor keys of a part's state: the optimizer's per-parameter state drops the "state" level. */
export function tensorKey(part: StatefulPart | 'meta', path: string[]): string {
  const prefix = part === 'meta' ? 'meta' : STATEFUL_PARTS[part].prefix;
  const rest = part === 'optimizer' && path[0] === 'state' && path.length >= 3 ? path.slice(1) : path;
  return rest.length === 0 ? prefix : `${prefix}.${rest.join('.')}`;
}

/** Anything with PyTorch's state-dict pair: stateDict() returning data, loadStateDict(state). */
export interface Stateful {
  stateDict(): unknown;
  loadStateDict(state: unknown): unknown;
}

/** What a checkpoint needs of a model: a Module, or anything with the same state-dict methods. */
export interface SavableModel {
  stateDict(): Record<string, Tensor>;
}

export interface LoadableModel extends SavableModel {
  loadStateDict(sd: Record<string, Tensor>, opts?: { strict?: boolean }): unknown;
}

/** One generator, or several by name (e.g. dropout's and the loader's). */
export type Generators = RandomGenerator | Record<string, RandomGenerator>;

export function className(v: object): string {
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Object';
}
