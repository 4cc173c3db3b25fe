// DataLoader: minibatches of a dataset, one pass (epoch) per iteration, with a position that
// can be saved and restored so a checkpoint resumes mid-epoch with the very same batches.
import { GeneratorState, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';
import { BatchSampler, BatchSamplerLike } from './batch-sampler';
import { defaultCollate } from './collate';
import { Dataset } from './dataset';
import { RandomSampler, Sampler, SequentialSampler } from './samplers';

export interface DataLoaderOptions<T, B> {
  /** Examples per batch (default 1). */
  batchSize?: number;
  /** Visit the examples in a new random order every epoch (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is short (default false). */
  dropLast?: boolean;
  /** The order of examples (excludes shuffle). */
  sampler?: Sampler;
  /** The batches themselves (excludes batchSize, shuffle, sampler and dropLast). */
  batchSampler?: BatchSamplerLike;
  /** Where shuffled orders come from (default: the default generator at each epoch start). */
  generator?: RandomGenerator;
  /**
   * Examples to batch. Default: the dataset's getBatch when it has one (TensorDataset: one native
   * gather per tensor), else defaultCollate of dataset.get(i) for each index.
   */
  collate?: (items: T[]) => B;
}

/** A loader's position, plain JSON: what a checkpoint stores to resume mid-epoch. */
export interface DataLoaderState {
  /** Epochs finished (or abandoned) before the current or next one. */
  epoch: number;
  /** Batches already handed out in the current epoch. */
  batchIndex: number;
  /** Whether an epoch was under way. */
  inEpoch: boolean;
  /** The order generator's state now (null without one). */
  generator: GeneratorState | null;
  /** Its state when the current epoch drew its order (null between epochs or without one). */
  epochGenerator: GeneratorState | null;
}

interface Resume {
  batchIndex: number;
  epochGenerator: GeneratorState | null;
}

function isGeneratorState(s: unknown): s is GeneratorState {
  return s !== null && typeof s === 'object' && typeof (s as GeneratorState).seed === 'string' && typeof (s as GeneratorState).offset === 'string';
}

/**
 * Iterable over the batches of one epoch: `for (const [xb, yb] of loader) { ... }`. Each new
 * iteration is a new epoch (with a new order when shuffling); `length` is the number of batches
 * per epoch. `stateDict()` / `loadStateDict()` save and restore the epoch, the batch position
 * and the generator, so a resumed loader yields exactly the batches the original would have.
 */
export class DataLoader<T = Tensor[], B = Tensor[]> implements Iterable<B> {
  readonly batchSampler: BatchSamplerLike;
  /** The index sampler (null when a batchSampler was given). */
  readonly sampler: Sampler | null;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  private readonly collateFn: ((items: T[]) => B) | null;
  private epochValue = 0;
  private batchIndexValue = 0;
  private inEpoch = false;
  private epochStart: GeneratorState | null = null;
  private pass = 0;
  private pending: Resume | null = null;

  constructor(readonly dataset: Dataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    const op = 'DataLoader';
    if (!(dataset instanceof Dataset)) throw new TypeError(`${op}: expected a Dataset (for example a TensorDataset)`);
    const { batchSampler, sampler, generator, collate } = opts;
    if (collate !== undefined && typeof collate !== 'function') throw new TypeError(`${op}: collate must be a function`);
    if (generator !== undefined && !(generator instanceof RandomGenerator)) throw new TypeError(`${op}: generator must be a RandomGenerator`);
    if (batchSampler !== undefined) {
      if (opts.batchSize !== undefined || opts.shuffle || sampler !== undefined || opts.dropLast) {
        throw new TypeError(`${op}: batchSampler excludes batchSize, shuffle, sampler and dropLast`);
      }
      if (generator !== undefined) throw new TypeError(`${op}: with a batchSampler, give the generator to its sampler`);
      if (batchSampler === null || typeof batchSampler[Symbol.iterator] !== 'function' || typeof batchSampler.length !== 'number') {
        throw new TypeError(`${op}: batchSampler must be an iterable of index lists with a length`);
      }
      this.batchSampler = batchSampler;
      this.sampler = null;
      this.batchSize = null;
      this.dropLast = false;
    } else {
      const batchSize = opts.batchSize ?? 1;
      if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`${op}: batchSize must be a positive integer, got ${String(batchSize)}`);
      let s: Sampler;
      if (sampler !== undefined) {
        if (opts.shuffle) throw new TypeError(`${op}: sampler excludes shuffle`);
        if (generator !== undefined) throw new TypeError(`${op}: with a sampler, give the generator to the sampler`);
        s = sampler;
      } else {
        s = opts.shuffle ? new RandomSampler(dataset, { generator }) : new SequentialSampler(dataset);
      }
      this.sampler = s;
      this.batchSize = batchSize;
      this.dropLast = opts.dropLast ?? false;
      this.batchSampler = new BatchSampler(s, batchSize, this.dropLast);
    }
    this.collateFn = collate ?? null;
  }

  /** Batches per epoch. */
  get length(): number {
    return this.batchSampler.length;
  }

  /** Epochs finished (or abandoned) so far: the number of the current or next epoch. */
  get epoch(): number {
    return this.epochValue;
  }

  /** Batches handed out so far in the current epoch. */
  get batchIndex(): number {
    return this.pending ? this.pending.batchIndex : this.batchIndexValue;
  }

  private get generator(): RandomGenerator | null {
    return this.batchSampler.generator ?? null;
  }

  private finishEpoch(): void {
    this.inEpoch = false;
    this.epochValue++;
    this.batchIndexValue = 0;
    this.epochStart = null;
  }

  /** The batch of the given example indices. */
  private fetch(indices: ArrayLike<number>): B {
    const idx = Int32Array.from(indices);
    const gather = this.dataset.getBatch;
    if (this.collateFn === null && typeof gather === 'function') return gather.call(this.dataset, idx) as unknown as B;
    const items = Array.from(idx, (i) => this.dataset.get(i));
    return this.collateFn ? this.collateFn(items) : (defaultCollate(items) as B);
  }

  /** One epoch. Starting a new iteration abandons (and counts) an unfinished one. */
  [Symbol.iterator](): IterableIterator<B> {
    if (this.inEpoch) this.finishEpoch();
    const pass = ++this.pass;
    const g = this.generator;
    const resume = this.pending;
    this.pending = null;
    let batches: Iterator<ArrayLike<number>>;
    if (resume !== null && resume.epochGenerator !== null) {
      if (g === null) throw new Error('DataLoader: the saved state has a generator position but this loader draws no random order');
      // Replay the interrupted epoch's order, leaving the generator where it is now.
      const now = g.getState();
      g.setState(resume.epochGenerator);
      batches = this.batchSampler[Symbol.iterator]();
      g.setState(now);
      this.epochStart = resume.epochGenerator;
    } else {
      this.epochStart = g === null ? null : g.getState();
      batches = this.batchSampler[Symbol.iterator]();
    }
    this.inEpoch = true;
    this.batchIndexValue = 0;
    if (resume !== null) {
      for (let k = 0; k < resume.batchIndex; k++) {
        if (batches.next().done) throw new RangeError(`DataLoader: cannot resume at batch ${resume.batchIndex}: an epoch has ${k} batches`);
      }
      this.batchIndexValue = resume.batchIndex;
    }
    let finished = false;
    const iterator: IterableIterator<B> = {
      next: (): IteratorResult<B> => {
        if (finished) return { value: undefined, done: true };
        if (pass !== this.pass) throw new Error('DataLoader: this iterator was superseded by a newer epoch or by loadStateDict');
        const r = batches.next();
        if (r.done) {
          finished = true;
          this.finishEpoch();
          return { value: undefined, done: true };
        }
        const batch = this.fetch(r.value);
        this.batchIndexValue++;
        return { value: batch, done: false };
      },
      return: (): IteratorResult<B> => {
        if (!finished && pass === this.pass) this.finishEpoch();
        finished = true;
        return { value: undefined, done: true };
      },
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  }

  /** The position (JSON-serializable; see DataLoaderState). */
  stateDict(): DataLoaderState {
    const g = this.generator;
    const generator = g === null ? null : g.getState();
    if (this.pending !== null) {
      return { epoch: this.epochValue, batchIndex: this.pending.batchIndex, inEpoch: true, generator, epochGenerator: this.pending.epochGenerator };
    }
    return {
      epoch: this.epochValue,
      batchIndex: this.batchIndexValue,
      inEpoch: this.inEpoch,
      generator,
      epochGenerator: this.inEpoch ? this.epochStart : null,
    };
  }

  /**
   * Restores a position: the order generator (the default generator when shuffling without
   * one, as the state was taken) is set now; the next iteration replays the interrupted
   * epoch's order and starts after its first batchIndex batches (or starts a fresh epoch when
   * the state was taken between epochs). Live iterators of this loader stop working.
   */
  loadStateDict(state: DataLoaderState): this {
    const op = 'DataLoader.loadStateDict';
    if (state === null || typeof state !== 'object') throw new TypeError(`${op}: expected a state object`);
    const { epoch, batchIndex, inEpoch, generator, epochGenerator } = state;
    if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`${op}: epoch must be a non-negative integer, got ${String(epoch)}`);
    if (!Number.isInteger(batchIndex) || batchIndex < 0) throw new RangeError(`${op}: batchIndex must be a non-negative integer, got ${String(batchIndex)}`);
    if (typeof inEpoch !== 'boolean') throw new TypeError(`${op}: inEpoch must be a boolean`);
    if (batchIndex > this.length) throw new RangeError(`${op}: batchIndex ${batchIndex} exceeds the ${this.length} batches of an epoch`);
    if (!inEpoch && batchIndex !== 0) throw new RangeError(`${op}: batchIndex must be 0 between epochs, got ${batchIndex}`);
    for (const [name, s] of [['generator', generator], ['epochGenerator', epochGenerator]] as const) {
      if (s !== null && !isGeneratorState(s)) throw new TypeError(`${op}: ${name} must be a generator state or null`);
    }
    const g = this.generator;
    if (g === null && (generator !== null || epochGenerator !== null)) {
      throw new TypeError(`${op}: the state has a generator but this loader draws no random order`);
    }
    if (g !== null && generator === null) throw new TypeError(`${op}: the state has no generator but this loader draws a random order`);
    if (g !== null && inEpoch && epochGenerator === null) throw new TypeError(`${op}: a mid-epoch state of a random order needs epochGenerator`);
    if (g !== null && generator !== null) g.setState(generator);
    this.epochValue = epoch;
    this.batchIndexValue = 0;
    this.inEpoch = false;
    this.epochStart = null;
    this.pass++;
    this.pending = inEpoch ? { batchIndex, epochGenerator: g === null ? null : epochGenerator } : null;
    return this;
  }
}
