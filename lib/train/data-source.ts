// The data fit, evaluate and the post-early-stopping strategies read: batches of [input, target]
// from a d.data.DataLoader (or any re-iterable of such batches: one pass per epoch), or a pair
// of tensors { x, y } that is batched here. A validation split cuts the training examples in two.
import { DataLoader } from '../data/dataloader';
import { ConcatDataset } from '../data/concat-dataset';
import { Dataset, TensorDataset } from '../data/dataset';
import { RandomSampler, SequentialSampler } from '../data/samplers';
import { Subset } from '../data/subset';
import { randperm } from '../tensor/creation';
import { generatorOf, RandomGenerator } from '../tensor/random';
import { concat } from '../ops/shape';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/** Inputs and targets as two tensors whose first dimension counts the examples. */
export interface TensorPair {
  x: Tensor;
  y: Tensor;
}

/** Batches of [input, target, ...]; iterated once per epoch. A DataLoader is one. */
export type Batches = Iterable<readonly Tensor[]>;

export type DataSpec = Batches | TensorPair;

/** How tensor pairs are batched and a validation split is cut. */
export interface BatchingOptions {
  /** Examples per batch when the data is a tensor pair (default 32). */
  batchSize?: number;
  /** Shuffle a tensor pair's training examples every epoch (default true; validation never). */
  shuffle?: boolean;
  /**
   * The fraction of the training examples held out for validation, in (0, 1). Excludes
   * `validation`. Works for a tensor pair and for a DataLoader built with batchSize / shuffle.
   */
  validationSplit?: number;
  /**
   * Which examples validationSplit holds out: 'last' (default, as Keras: the last fraction, in
   * the data's order, before any shuffling) or 'random' (a random subset drawn from generator).
   */
  splitMode?: 'last' | 'random';
  /** Where shuffled orders and the random split come from (default: the default generator). */
  generator?: RandomGenerator;
}

export interface DataPlan {
  train: Batches;
  validation: Batches | null;
}

export function isTensorPair(v: unknown): v is TensorPair {
  return v !== null && typeof v === 'object' && (v as TensorPair).x instanceof Tensor && (v as TensorPair).y instanceof Tensor;
}

function isBatches(v: unknown): v is Batches {
  return v !== null && typeof v === 'object' && typeof (v as Batches)[Symbol.iterator] === 'function';
}

function checkPair(p: TensorPair, op: string, what: string): void {
  if (p.x.ndim === 0 || p.y.ndim === 0 || p.x.shape[0] !== p.y.shape[0]) {
    throw new RangeError(`${op}: ${what}.x ${formatShape(p.x.shape)} and ${what}.y ${formatShape(p.y.shape)} must share their first (example) dimension`);
  }
}

function checkSpec(v: unknown, op: string, what: string): DataSpec {
  if (isTensorPair(v)) {
    checkPair(v, op, what);
    return v;
  }
  if (isBatches(v)) return v;
  throw new TypeError(`${op}: ${what} must be a DataLoader, an iterable of [input, target] batches, or { x, y } tensors`);
}

/** The batches of one loop step as [input, target]. */
export function splitBatch(batch: unknown, op: string): [Tensor, Tensor] {
  if (Array.isArray(batch) && batch.length >= 2 && batch[0] instanceof Tensor && batch[1] instanceof Tensor) return [batch[0], batch[1]];
  throw new TypeError(`${op}: a batch must be an array [input, target] of tensors, got ${Array.isArray(batch) ? `an array of ${batch.length}` : typeof batch}`);
}

/** Batches per pass, when the data says (a DataLoader does). */
export function batchCount(b: Batches): number | null {
  const n = (b as { length?: unknown }).length;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

interface LoaderSettings {
  batchSize: number;
  shuffle: boolean;
  dropLast: boolean;
  generator?: RandomGenerator;
}

/** How a DataLoader batches, to build the same kind of loader over other examples. */
function settingsOf(loader: DataLoader<unknown, unknown>, op: string): LoaderSettings {
  const s = loader.sampler;
  if (loader.batchSize !== null && s instanceof SequentialSampler) return { batchSize: loader.batchSize, shuffle: false, dropLast: loader.dropLast };
  if (loader.batchSize !== null && s instanceof RandomSampler && !s.replacement && s.length === s.size) {
    return { batchSize: loader.batchSize, shuffle: true, dropLast: loader.dropLast, generator: s.generator };
  }
  throw new TypeError(`${op}: splitting or joining a DataLoader needs one built from batchSize / shuffle / dropLast (not a custom sampler or batchSampler); split its dataset with d.data.randomSplit and pass both loaders`);
}

function loaderOver(ds: Dataset<Tensor[]>, s: LoaderSettings): DataLoader {
  return new DataLoader(ds, { batchSize: s.batchSize, shuffle: s.shuffle, dropLast: s.dropLast, generator: s.shuffle ? s.generator : undefined });
}

function pairSettings(opts: BatchingOptions, op: string): LoaderSettings {
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`${op}: batchSize must be a positive integer, got ${String(batchSize)}`);
  const shuffle = opts.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new TypeError(`${op}: shuffle must be a boolean`);
  if (opts.generator !== undefined && !(opts.generator instanceof RandomGenerator)) throw new TypeError(`${op}: generator must be a RandomGenerator`);
  return { batchSize, shuffle, dropLast: false, generator: opts.generator };
}

/** Examples [0, n) split into (train, validation) index lists for a validation fraction. */
function splitIndices(n: number, fraction: number, opts: BatchingOptions, op: string): [Int32Array, Int32Array] {
  const mode = opts.splitMode ?? 'last';
  if (mode !== 'last' && mode !== 'random') throw new RangeError(`${op}: splitMode must be 'last' or 'random', got ${String(mode)}`);
  // As Keras: the training part is the first floor(n·(1 − fraction)) examples.
  const nTrain = Math.floor(n * (1 - fraction));
  if (nTrain === 0 || nTrain === n) throw new RangeError(`${op}: validationSplit ${fraction} of ${n} examples leaves one part empty`);
  const order = mode === 'last'
    ? Int32Array.from({ length: n }, (_, i) => i)
    : (randperm(n, { generator: generatorOf(opts, op) }).data as Int32Array);
  return [order.slice(0, nTrain), order.slice(nTrain)];
}

/** The training and validation batches fit iterates. */
export function planData(train: unknown, validation: unknown, opts: BatchingOptions, op: string): DataPlan {
  const t = checkSpec(train, op, 'train');
  const v = validation === undefined ? undefined : checkSpec(validation, op, 'validation');
  const fraction = opts.validationSplit;
  if (fraction !== undefined) {
    if (v !== undefined) throw new TypeError(`${op}: give validation or validationSplit, not both`);
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) throw new RangeError(`${op}: validationSplit must be a number in (0, 1), got ${String(fraction)}`);
  }
  const pairs = pairSettings(opts, op);
  const evalSettings = (s: LoaderSettings): LoaderSettings => ({ batchSize: s.batchSize, shuffle: false, dropLast: false });
  if (isTensorPair(t)) {
    const ds = new TensorDataset(t.x, t.y);
    if (fraction === undefined) {
      return { train: loaderOver(ds, pairs), validation: v === undefined ? null : asBatches(v, pairs, op) };
    }
    const [a, b] = splitIndices(ds.length, fraction, opts, op);
    return { train: loaderOver(new Subset(ds, a), pairs), validation: loaderOver(new Subset(ds, b), evalSettings(pairs)) };
  }
  if (fraction === undefined) return { train: t, validation: v === undefined ? null : asBatches(v, pairs, op) };
  if (!(t instanceof DataLoader)) throw new TypeError(`${op}: validationSplit needs train as { x, y } tensors or a DataLoader, not another iterable`);
  const s = settingsOf(t, op);
  const [a, b] = splitIndices(t.dataset.length, fraction, opts, op);
  return { train: loaderOver(new Subset(t.dataset as Dataset<Tensor[]>, a), s), validation: loaderOver(new Subset(t.dataset as Dataset<Tensor[]>, b), evalSettings(s)) };
}

/** Data to evaluate (in order, never shuffled). */
export function asBatches(spec: DataSpec, opts: { batchSize?: number }, op = 'evaluate'): Batches {
  const d = checkSpec(spec, op, 'data');
  if (!isTensorPair(d)) return d;
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`${op}: batchSize must be a positive integer, got ${String(batchSize)}`);
  return loaderOver(new TensorDataset(d.x, d.y), { batchSize, shuffle: false, dropLast: false });
}

/**
 * The training and validation data together, batched as the training data: one tensor pair, one
 * loader over both datasets, or (for other iterables) the training batches then the validation
 * batches. For a validationSplit, the whole of the original training data.
 */
export function allData(train: unknown, validation: unknown, opts: BatchingOptions, op: string): Batches {
  const t = checkSpec(train, op, 'train');
  if (opts.validationSplit !== undefined || validation === undefined) return planData(t, undefined, { ...opts, validationSplit: undefined }, op).train;
  const v = checkSpec(validation, op, 'validation');
  if (isTensorPair(t) && isTensorPair(v)) {
    return planData({ x: concat([t.x, v.x], 0), y: concat([t.y, v.y], 0) }, undefined, { ...opts, validationSplit: undefined }, op).train;
  }
  if (t instanceof DataLoader && v instanceof DataLoader) {
    return loaderOver(new ConcatDataset([t.dataset as Dataset<Tensor[]>, v.dataset as Dataset<Tensor[]>]), settingsOf(t, op));
  }
  const first = planData(t, undefined, { ...opts, validationSplit: undefined }, op).train;
  const second = asBatches(v, opts, op);
  const n1 = batchCount(first);
  const n2 = batchCount(second);
  return {
    length: n1 !== null && n2 !== null ? n1 + n2 : undefined,
    *[Symbol.iterator]() {
      yield* first;
      yield* second;
    },
  } as Batches;
}
