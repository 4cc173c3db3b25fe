// d.load / d.loadSync: reads a checkpoint (layout.ts), validates all of it against the targets
// first, and only then applies it, as one transaction: if a target's loadStateDict still rejects
// its state, the targets already restored are put back, so a failed load changes nothing.
import { Optimizer, ParamState } from '../optim/optimizer';
import { GeneratorState, RandomGenerator } from '../tensor/random';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import {
  className, EPOCH_KEY, FORMAT_KEY, FORMAT_VERSION, GENERATOR_KEY, Generators, LoadableModel, META_KEY, MODEL_PREFIX,
  STATEFUL_PART_NAMES, STATEFUL_PARTS, Stateful, StatefulPart, STEP_KEY,
} from './layout';
import { readBytes, readBytesSync } from './read-bytes';
import { parse, SafetensorsContents } from './safetensors/format';
import { decodeState } from './state-codec';

export interface LoadTargets {
  /** The model to restore (a Module): strict by default. */
  model?: LoadableModel;
  optimizer?: Stateful;
  scheduler?: Stateful;
  /** The generator(s) to reposition: the same form (one, or the same names) as saved. */
  generator?: Generators;
  loader?: Stateful;
  /** Require the checkpoint's model keys to equal the model's (default true). Shapes must always match. */
  strict?: boolean;
}

export interface LoadedCheckpoint {
  /** The model tensors by state-dict key (every tensor of a plain safetensors file). */
  model: Record<string, Tensor>;
  /** The saved stateDict() of each part (tensors restored), or null when not saved. */
  optimizer: unknown;
  scheduler: unknown;
  loader: unknown;
  generator: GeneratorState | Record<string, GeneratorState> | null;
  epoch: number | null;
  step: number | null;
  meta: Record<string, unknown> | null;
  /** The raw safetensors metadata strings. */
  metadata: Record<string, string>;
  /** With a model target: its keys the checkpoint lacks / checkpoint keys it lacks (non-strict). */
  missingKeys: string[];
  unexpectedKeys: string[];
}

interface PartState {
  type: string;
  state: unknown;
}

type GeneratorStates = { single: GeneratorState } | { named: Record<string, GeneratorState> };

interface Decoded {
  model: Record<string, Tensor>;
  parts: Partial<Record<StatefulPart, PartState>>;
  generator: GeneratorStates | null;
  epoch: number | null;
  step: number | null;
  meta: Record<string, unknown> | null;
}

/** Thrown for anything wrong with the file or its fit to the targets; the message names both. */
class CheckpointProblem extends Error {}

function problem(message: string): never {
  throw new CheckpointProblem(message);
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    problem(`metadata ${key} is not valid JSON (${(e as Error).message})`);
  }
}

const MAX_U64 = (1n << 64n) - 1n;

function isGeneratorState(v: unknown): v is GeneratorState {
  if (v === null || typeof v !== 'object') return false;
  const { seed, offset } = v as Record<string, unknown>;
  const u64 = (s: unknown) => typeof s === 'string' && /^[0-9]{1,20}$/.test(s) && BigInt(s) <= MAX_U64;
  return u64(seed) && u64(offset);
}

function decodeGenerator(text: string): GeneratorStates {
  const v = parseJson(GENERATOR_KEY, text) as Record<string, unknown> | null;
  if (v !== null && typeof v === 'object' && 'single' in v && isGeneratorState(v.single)) return { single: v.single };
  if (v !== null && typeof v === 'object' && 'named' in v && v.named !== null && typeof v.named === 'object' && !Array.isArray(v.named)) {
    const named = v.named as Record<string, unknown>;
    if (Object.values(named).every(isGeneratorState)) return { named: named as Record<string, GeneratorState> };
  }
  problem(`metadata ${GENERATOR_KEY} is not a generator state ({ single: { seed, offset } } or { named: {...} } with decimal strings)`);
}

function decodeNumber(key: string, text: string): number {
  const v = parseJson(key, text);
  if (typeof v !== 'number') problem(`metadata ${key} must be a JSON number, got ${text.slice(0, 40)}`);
  return v;
}

/** Interprets a parsed file: which tensors and metadata belong to which part. */
function decode(file: SafetensorsContents): Decoded {
  const { tensors, metadata } = file;
  const out: Decoded = { model: {}, parts: {}, generator: null, epoch: null, step: null, meta: null };
  if (!(FORMAT_KEY in metadata)) {
    // A plain state dict (PyTorch, Hugging Face): every tensor is a model tensor.
    out.model = { ...tensors };
    return out;
  }
  if (metadata[FORMAT_KEY] !== FORMAT_VERSION) {
    problem(`unsupported checkpoint format ${JSON.stringify(metadata[FORMAT_KEY])} (metadata ${FORMAT_KEY}; this version of descent reads "${FORMAT_VERSION}")`);
  }
  const used = new Set<string>();
  for (const [key, t] of Object.entries(tensors)) {
    if (key.startsWith(MODEL_PREFIX)) {
      out.model[key.slice(MODEL_PREFIX.length)] = t;
      used.add(key);
    }
  }
  for (const part of STATEFUL_PART_NAMES) {
    const key = STATEFUL_PARTS[part].metadata;
    if (!(key in metadata)) continue;
    const v = parseJson(key, metadata[key]) as Record<string, unknown> | null;
    if (v === null || typeof v !== 'object' || typeof v.type !== 'string' || !('state' in v)) problem(`metadata ${key} must be { "type": string, "state": ... }`);
    try {
      out.parts[part] = { type: v.type, state: decodeState(v.state, tensors, used, key) };
    } catch (e) {
      problem((e as Error).message);
    }
  }
  if (GENERATOR_KEY in metadata) out.generator = decodeGenerator(metadata[GENERATOR_KEY]);
  if (EPOCH_KEY in metadata) out.epoch = decodeNumber(EPOCH_KEY, metadata[EPOCH_KEY]);
  if (STEP_KEY in metadata) out.step = decodeNumber(STEP_KEY, metadata[STEP_KEY]);
  if (META_KEY in metadata) {
    let meta: unknown;
    try {
      meta = decodeState(parseJson(META_KEY, metadata[META_KEY]), tensors, used, META_KEY);
    } catch (e) {
      problem((e as Error).message);
    }
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) problem(`metadata ${META_KEY} must be a JSON object`);
    out.meta = meta as Record<string, unknown>;
  }
  const stray = Object.keys(tensors).filter((k) => !used.has(k));
  if (stray.length > 0) problem(`tensor${stray.length > 1 ? 's' : ''} ${stray.join(', ')} belong${stray.length > 1 ? '' : 's'} to no part of the checkpoint`);
  return out;
}

function requireMethods(obj: unknown, what: string, methods: string[]): void {
  if (obj === null || typeof obj !== 'object' || methods.some((m) => typeof (obj as Record<string, unknown>)[m] !== 'function')) {
    throw new TypeError(`${what} must be an object with ${methods.map((m) => `${m}()`).join(' and ')}`);
  }
}

/** The model's keys and the checkpoint's, compared; throws on a shape mismatch or (strict) a key mismatch. */
function checkModel(model: LoadableModel, saved: Record<string, Tensor>, strict: boolean): { missingKeys: string[]; unexpectedKeys: string[] } {
  const own = model.stateDict();
  const missingKeys = Object.keys(own).filter((k) => !(k in saved));
  const unexpectedKeys = Object.keys(saved).filter((k) => !(k in own));
  const mismatches = Object.keys(own)
    .filter((k) => k in saved && !sameShape(saved[k].shape, own[k].shape))
    .map((k) => `${k} is ${formatShape(saved[k].shape)} in the checkpoint, ${formatShape(own[k].shape)} in the model`);
  if (mismatches.length > 0) problem(`model shape mismatch: ${mismatches.join('; ')}`);
  if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
    const parts: string[] = [];
    if (missingKeys.length > 0) parts.push(`missing model keys ${missingKeys.join(', ')}`);
    if (unexpectedKeys.length > 0) parts.push(`unexpected model keys ${unexpectedKeys.join(', ')}`);
    problem(`${parts.join('; ')} (pass { strict: false } to load the matching keys)`);
  }
  return { missingKeys, unexpectedKeys };
}

/** For descent's optimizers: the groups and state must fit the parameters. */
function checkOptimizer(opt: Optimizer, state: unknown): void {
  const sd = state as { state?: unknown; paramGroups?: unknown };
  if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
    problem('the optimizer state is not { state, paramGroups }');
  }
  const groups = sd.paramGroups as Array<{ params?: unknown }>;
  if (groups.length !== opt.paramGroups.length) problem(`the optimizer state has ${groups.length} parameter groups, the optimizer ${opt.paramGroups.length}`);
  groups.forEach((g, i) => {
    const n = Array.isArray(g?.params) ? g.params.length : undefined;
    if (n !== opt.paramGroups[i].params.length) problem(`optimizer group ${i} has ${n} parameters in the checkpoint, ${opt.paramGroups[i].params.length} in the optimizer`);
  });
  const params = opt.paramGroups.flatMap((g) => g.params);
  for (const [index, entry] of Object.entries(sd.state as Record<string, unknown>)) {
    const p = params[Number(index)];
    if (p === undefined || !/^[0-9]+$/.test(index)) problem(`the optimizer state has an entry for parameter ${index}, which the optimizer does not have`);
    if (entry === null || typeof entry !== 'object') problem(`the optimizer state of parameter ${index} is not an object`);
    for (const [name, v] of Object.entries(entry as Record<string, unknown>)) {
      const shape = (v as { shape?: unknown } | null)?.shape;
      if (v !== null && typeof v === 'object' && Array.isArray(shape)) {
        const numel = (shape as number[]).reduce((a, b) => a * b, 1);
        if (numel !== p.numel()) problem(`optimizer state optim.${index}.${name} is ${formatShape(shape as number[])}, parameter ${index} is ${formatShape(p.shape)}`);
      }
    }
  }
}

function checkGenerator(target: Generators, saved: GeneratorStates | null): void {
  if (saved === null) problem('the checkpoint holds no generator state');
  if (target instanceof RandomGenerator) {
    if (!('single' in saved)) problem(`the checkpoint holds named generators (${Object.keys(saved.named).join(', ')}), the target is one RandomGenerator`);
    return;
  }
  if (target === null || typeof target !== 'object') throw new TypeError('generator must be a RandomGenerator or an object of them');
  for (const [name, g] of Object.entries(target)) {
    if (!(g instanceof RandomGenerator)) throw new TypeError(`generator.${name} is not a RandomGenerator`);
  }
  if (!('named' in saved)) problem('the checkpoint holds one generator, the target is an object of generators');
  const want = Object.keys(target).sort().join(', ');
  const have = Object.keys(saved.named).sort().join(', ');
  if (want !== have) problem(`the checkpoint's generators are {${have}}, the target's {${want}}`);
}

/** A way back to the current state of a part, taken before it is overwritten. */
function snapshot(part: StatefulPart, obj: Stateful): () => void {
  if (part === 'optimizer' && obj instanceof Optimizer) {
    // Exact: the same state objects and group options (loadStateDict replaces, never mutates them).
    const state: Array<[Tensor, ParamState]> = [...obj.state];
    const groups = obj.paramGroups.map((g) => ({ ...g }) as Record<string, unknown>);
    return () => {
      obj.state.clear();
      for (const [p, st] of state) obj.state.set(p, st);
      obj.paramGroups.forEach((g, i) => {
        const live = g as unknown as Record<string, unknown>;
        for (const k of Object.keys(live)) if (!(k in groups[i])) delete live[k];
        Object.assign(live, groups[i]);
      });
    };
  }
  let saved = obj.stateDict();
  try {
    saved = structuredClone(saved);
  } catch {
    // not cloneable (functions): keep the object stateDict() returned
  }
  return () => {
    obj.loadStateDict(saved);
  };
}

function apply(decoded: Decoded, targets: LoadTargets, strict: boolean): { missingKeys: string[]; unexpectedKeys: string[] } {
  const { model } = targets;
  // Validate everything before changing anything.
  if (model !== undefined) requireMethods(model, 'model', ['stateDict', 'loadStateDict']);
  for (const part of STATEFUL_PART_NAMES) {
    const obj = targets[part];
    if (obj === undefined) continue;
    requireMethods(obj, part, ['stateDict', 'loadStateDict']);
    const saved = decoded.parts[part];
    if (saved === undefined) problem(`the checkpoint holds no ${part} state`);
    if (saved.type !== className(obj)) problem(`the checkpoint's ${part} is ${saved.type}, the target's ${className(obj)}`);
    if (part === 'optimizer' && obj instanceof Optimizer) checkOptimizer(obj, saved.state);
  }
  if (targets.generator !== undefined) checkGenerator(targets.generator, decoded.generator);
  const keys = model !== undefined ? checkModel(model, decoded.model, strict) : { missingKeys: [], unexpectedKeys: [] };

  // Apply: the parts whose own loadStateDict may still object go first, each undoable.
  const undo: Array<() => void> = [];
  let current = '';
  try {
    for (const part of ['loader', 'scheduler', 'optimizer'] as const) {
      const obj = targets[part];
      if (obj === undefined) continue;
      current = part;
      undo.push(snapshot(part, obj));
      obj.loadStateDict(decoded.parts[part]!.state);
    }
    const g = targets.generator;
    if (g !== undefined) {
      current = 'generator';
      const saved = decoded.generator!;
      if (g instanceof RandomGenerator) {
        const before = g.getState();
        undo.push(() => g.setState(before));
        g.setState((saved as { single: GeneratorState }).single);
      } else {
        const named = (saved as { named: Record<string, GeneratorState> }).named;
        for (const [name, x] of Object.entries(g)) {
          const before = x.getState();
          undo.push(() => x.setState(before));
          x.setState(named[name]);
        }
      }
    }
    if (model !== undefined) {
      current = 'model';
      // Module.loadStateDict validates before it copies, so it changes nothing when it throws.
      model.loadStateDict(decoded.model, { strict });
    }
  } catch (e) {
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        // best effort: the snapshot came from this very object
      }
    }
    problem(`the ${current} rejected its saved state (${(e as Error).message}); nothing was changed`);
  }
  return keys;
}

function publicGenerator(g: GeneratorStates | null): LoadedCheckpoint['generator'] {
  if (g === null) return null;
  return 'single' in g ? g.single : g.named;
}

function loadBytes(op: string, file: string, bytes: Uint8Array, targets: LoadTargets): LoadedCheckpoint {
  if (targets === null || typeof targets !== 'object') throw new TypeError(`${op}: ${file}: expected { model?, optimizer?, scheduler?, generator?, loader?, strict? }`);
  const strict = targets.strict ?? true;
  const contents = parse(bytes, { source: `${op}: ${file}` });
  try {
    const decoded = decode(contents);
    const { missingKeys, unexpectedKeys } = apply(decoded, targets, strict);
    return {
      model: decoded.model,
      optimizer: decoded.parts.optimizer?.state ?? null,
      scheduler: decoded.parts.scheduler?.state ?? null,
      loader: decoded.parts.loader?.state ?? null,
      generator: publicGenerator(decoded.generator),
      epoch: decoded.epoch,
      step: decoded.step,
      meta: decoded.meta,
      metadata: contents.metadata,
      missingKeys,
      unexpectedKeys,
    };
  } catch (e) {
    if (e instanceof CheckpointProblem) throw new Error(`${op}: ${file}: ${e.message}`);
    if (e instanceof TypeError) throw new TypeError(`${op}: ${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Loads a checkpoint written by save() (or a plain safetensors state dict, as PyTorch and Hugging
 * Face write) into the given targets and returns everything it holds. The whole file is
 * validated first (format, offsets, dtypes, shapes and keys against the model, optimizer groups,
 * part types, generator forms); on any problem it throws an Error `load: <path>: <problem>` and
 * nothing is changed. Tensors load converted to the targets' dtypes; PyTorch's I64 tensors (as
 * BatchNorm's num_batches_tracked) load as int32, an out-of-range value being an error.
 */
export async function load(path: string, targets: LoadTargets = {}): Promise<LoadedCheckpoint> {
  const bytes = await readBytes('load', path);
  return loadBytes('load', path, bytes, targets);
}

/** The synchronous form of load. */
export function loadSync(path: string, targets: LoadTargets = {}): LoadedCheckpoint {
  return loadBytes('loadSync', path, readBytesSync('loadSync', path), targets);
}
