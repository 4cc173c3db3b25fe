// Groups a sampler's indices into minibatches (as torch.utils.data.BatchSampler).
import { RandomGenerator } from '../tensor/random';
import { Sampler } from './samplers';

/** What a DataLoader takes as `batchSampler`: an iterable of index lists with a known count. */
export interface BatchSamplerLike extends Iterable<ArrayLike<number>> {
  readonly length: number;
  /** The generator behind the order, if random (drawn from when an iterator is created). */
  readonly generator?: RandomGenerator;
}

/**
 * Consecutive runs of batchSize indices from sampler; the last, shorter batch is kept unless
 * dropLast. One pass of the sampler per iteration.
 */
export class BatchSampler implements BatchSamplerLike {
  constructor(readonly sampler: Sampler, readonly batchSize: number, readonly dropLast = false) {
    if (sampler === null || typeof sampler !== 'object' || typeof sampler[Symbol.iterator] !== 'function') {
      throw new TypeError('BatchSampler: expected a sampler (an iterable of indices with a length)');
    }
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`BatchSampler: batchSize must be a positive integer, got ${String(batchSize)}`);
    if (typeof dropLast !== 'boolean') throw new TypeError('BatchSampler: dropLast must be a boolean');
  }

  get generator(): RandomGenerator | undefined {
    return this.sampler.generator;
  }

  /** Batches per pass. */
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  [Symbol.iterator](): Iterator<number[]> {
    const indices = this.sampler[Symbol.iterator]();
    const size = this.batchSize;
    const dropLast = this.dropLast;
    let done = false;
    return {
      next: (): IteratorResult<number[]> => {
        if (done) return { value: undefined, done: true };
        const batch: number[] = [];
        while (batch.length < size) {
          const r = indices.next();
          if (r.done) {
            done = true;
            break;
          }
          batch.push(r.value);
        }
        if (batch.length === 0 || (dropLast && batch.length < size)) {
          done = true;
          return { value: undefined, done: true };
        }
        return { value: batch, done: false };
      },
    };
  }
}
