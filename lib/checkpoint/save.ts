// d.save / d.saveSync: a training checkpoint as one safetensors file (layout.ts), written
// atomically. Everything is captured synchronously when save() is called, before its first await,
// so training may go on while the file is written.
import { RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';
import { atomicWrite, atomicWriteSync } from './atomic-write';
import {
  className, EPOCH_KEY, FORMAT_KEY, FORMAT_VERSION, GENERATOR_KEY, Generators, META_KEY, MODEL_PREFIX, SavableModel,
  STATEFUL_PART_NAMES, STATEFUL_PARTS, Stateful, STEP_KEY, tensorKey,
} from './layout';
import { checkPath } from './read-bytes';
import { serialize } from './safetensors/format';
import { encodeState } from './state-codec';

export interface CheckpointContents {
  /** The model (a Module): its stateDict() goes under model.* */
  model: SavableModel;
  /** An optimizer: its state tensors under optim.*, its groups and scalar state as JSON. */
  optimizer?: Stateful;
  /** A learning-rate scheduler (anything with stateDict/loadStateDict). */
  scheduler?: Stateful;
  /** The generator(s) whose positions must resume: dropout's, the loader's shuffling, ... */
  generator?: Generators;
  /** A data loader's position (anything with stateDict/loadStateDict). */
  loader?: Stateful;
  /** The epoch and step to resume from (any finite numbers; returned by load). */
  epoch?: number;
  step?: number;
  /** User data: JSON values, tensors and typed arrays. */
  meta?: Record<string, unknown>;
}

function generatorStates(op: string, g: Generators): unknown {
  if (g instanceof RandomGenerator) return { single: g.getState() };
  if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new TypeError(`${op}: generator must be a RandomGenerator or an object of them`);
  const named: Record<string, unknown> = {};
  for (const [name, x] of Object.entries(g)) {
    if (!(x instanceof RandomGenerator)) throw new TypeError(`${op}: generator.${name} is not a RandomGenerator`);
    named[name] = x.getState();
  }
  return { named };
}

function finite(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${op}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

/** The bytes of the checkpoint file (captured now, from the live objects). */
export function checkpointBytes(op: string, contents: CheckpointContents): Uint8Array {
  if (contents === null || typeof contents !== 'object') throw new TypeError(`${op}: expected { model, optimizer?, scheduler?, generator?, loader?, epoch?, step?, meta? }`);
  const { model } = contents;
  if (model === null || typeof model !== 'object' || typeof model.stateDict !== 'function') {
    throw new TypeError(`${op}: model must be a Module (an object with stateDict())`);
  }
  const tensors = new Map<string, Tensor>();
  for (const [key, t] of Object.entries(model.stateDict())) {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: the model's stateDict() entry ${key} is not a Tensor`);
    tensors.set(MODEL_PREFIX + key, t);
  }
  const metadata: Record<string, string> = { [FORMAT_KEY]: FORMAT_VERSION };
  for (const part of STATEFUL_PART_NAMES) {
    const obj = contents[part];
    if (obj === undefined) continue;
    if (obj === null || typeof obj !== 'object' || typeof obj.stateDict !== 'function') {
      throw new TypeError(`${op}: ${part} must be an object with stateDict() and loadStateDict()`);
    }
    const state = encodeState(obj.stateDict(), (path) => tensorKey(part, path), tensors, `${part}.stateDict()`);
    metadata[STATEFUL_PARTS[part].metadata] = JSON.stringify({ type: className(obj), state });
  }
  if (contents.generator !== undefined) metadata[GENERATOR_KEY] = JSON.stringify(generatorStates(op, contents.generator));
  if (contents.epoch !== undefined) metadata[EPOCH_KEY] = JSON.stringify(finite(op, 'epoch', contents.epoch));
  if (contents.step !== undefined) metadata[STEP_KEY] = JSON.stringify(finite(op, 'step', contents.step));
  if (contents.meta !== undefined) {
    const meta = contents.meta;
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new TypeError(`${op}: meta must be an object`);
    metadata[META_KEY] = JSON.stringify(encodeState(meta, (path) => tensorKey('meta', path), tensors, 'meta'));
  }
  return serialize(Object.fromEntries(tensors), metadata);
}

function prefixed(op: string, file: string, e: unknown): Error {
  if (!(e instanceof Error)) return new Error(`${op}: ${file}: ${String(e)}`);
  if (e.message.startsWith(`${op}: ${file}:`)) return e;
  const Ctor = e instanceof TypeError ? TypeError : e instanceof RangeError ? RangeError : Error;
  return new Ctor(`${op}: ${file}: ${e.message.replace(new RegExp(`^${op}: `), '')}`, { cause: e });
}

/**
 * Saves a training checkpoint to path (safetensors; see layout.ts for what goes where),
 * atomically: a temporary file in the same directory, fsync, rename. On failure the previous
 * file is unchanged and no temporary file is left. The state is captured before the first await.
 */
export async function save(path: string, contents: CheckpointContents): Promise<void> {
  checkPath('save', path);
  let bytes: Uint8Array;
  try {
    bytes = checkpointBytes('save', contents);
  } catch (e) {
    throw prefixed('save', path, e);
  }
  await atomicWrite('save', path, bytes);
}

/** The synchronous form of save (for exit handlers and scripts). */
export function saveSync(path: string, contents: CheckpointContents): void {
  checkPath('saveSync', path);
  let bytes: Uint8Array;
  try {
    bytes = checkpointBytes('saveSync', contents);
  } catch (e) {
    throw prefixed('saveSync', path, e);
  }
  atomicWriteSync('saveSync', path, bytes);
}
