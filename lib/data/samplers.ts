// Samplers: the order in which a DataLoader visits examples, one pass (epoch) per iteration.
// A random sampler draws a fresh order from its generator at the start of every pass: reusing
// one shuffle for every epoch makes the minibatches of later epochs the same correlated groups
// again, while reshuffling keeps each minibatch gradient an unbiased, independent estimate
// (Goodfellow et al., "Deep Learning", §8.1.3).
import { randint, randperm } from '../tensor/creation';
import { generatorOf, getDefaultGenerator, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';
import { Dataset } from './dataset';

/**
 * An iterable of example indices with a known length. Contract (what makes a DataLoader
 * resumable): all random numbers of a pass are drawn from `generator` when the iterator is
 * created, not lazily while it is consumed.
 */
export interface Sampler extends Iterable<number> {
  readonly length: number;
  /** The generator the sampler draws from, if it is random. */
  readonly generator?: RandomGenerator;
}

export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** Indices per pass (default: the dataset's length). */
  numSamples?: number;
  /** Where orders come from (default: the default generator at the start of each pass). */
  generator?: RandomGenerator;
}

function sizeOfSource(source: Dataset<unknown> | number, op: string): number {
  if (typeof source === 'number') {
    if (!Number.isInteger(source) || source < 0) throw new RangeError(`${op}: expected a non-negative integer size, got ${source}`);
    return source;
  }
  if (!(source instanceof Dataset)) throw new TypeError(`${op}: expected a Dataset or a size`);
  return source.length;
}

function checkCount(n: number, op: string, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${op}: ${what} must be a non-negative integer, got ${String(n)}`);
  return n;
}

/** 0, 1, ..., n − 1 every pass. */
export class SequentialSampler implements Sampler {
  readonly length: number;

  constructor(source: Dataset<unknown> | number) {
    this.length = sizeOfSource(source, 'SequentialSampler');
  }

  [Symbol.iterator](): Iterator<number> {
    const n = this.length;
    let i = 0;
    return { next: () => (i < n ? { value: i++, done: false } : { value: undefined, done: true }) };
  }
}

/**
 * A new uniformly random order every pass: a permutation of 0..n−1 (repeated and cut when
 * numSamples exceeds n), or numSamples independent uniform indices with replacement.
 */
export class RandomSampler implements Sampler {
  readonly size: number;
  readonly replacement: boolean;
  readonly length: number;
  private readonly explicitGenerator?: RandomGenerator;

  constructor(source: Dataset<unknown> | number, opts: RandomSamplerOptions = {}) {
    this.size = sizeOfSource(source, 'RandomSampler');
    this.replacement = opts.replacement ?? false;
    this.length = checkCount(opts.numSamples ?? this.size, 'RandomSampler', 'numSamples');
    if (opts.generator !== undefined) this.explicitGenerator = generatorOf(opts, 'RandomSampler');
    if (this.size === 0 && this.length > 0) throw new RangeError('RandomSampler: cannot draw from an empty dataset');
  }

  get generator(): RandomGenerator {
    return this.explicitGenerator ?? getDefaultGenerator();
  }

  /** This pass's indices (draws from the generator). */
  draw(): Int32Array {
    const g = this.generator;
    const n = this.size;
    const m = this.length;
    if (m === 0) return new Int32Array(0);
    if (this.replacement) return randint(0, n, [m], { generator: g }).data as Int32Array;
    const out = new Int32Array(m);
    for (let at = 0; at < m; at += n) {
      const perm = randperm(n, { generator: g }).data as Int32Array;
      out.set(perm.subarray(0, Math.min(n, m - at)), at);
    }
    return out;
  }

  [Symbol.iterator](): Iterator<number> {
    return this.draw()[Symbol.iterator]();
  }
}

/** The given indices in a new random order every pass. */
export class SubsetRandomSampler implements Sampler {
  readonly indices: Int32Array;
  private readonly explicitGenerator?: RandomGenerator;

  constructor(indices: ArrayLike<number> | Tensor, opts: { generator?: RandomGenerator } = {}) {
    const op = 'SubsetRandomSampler';
    let src: ArrayLike<number>;
    if (indices instanceof Tensor) {
      if (indices.ndim !== 1 || indices.dtype !== 'int32') throw new TypeError(`${op}: an index tensor must be 1-D int32`);
      src = indices.contiguous().data;
    } else if (indices !== null && typeof indices === 'object' && typeof indices.length === 'number') {
      src = indices;
    } else {
      throw new TypeError(`${op}: indices must be an array, an Int32Array or an int32 tensor`);
    }
    this.indices = Int32Array.from(src, (i, k) => {
      if (!Number.isInteger(i) || i < 0 || i > 2147483647) throw new RangeError(`${op}: index ${k} is ${String(i)}, not a non-negative integer`);
      return i;
    });
    if (opts.generator !== undefined) this.explicitGenerator = generatorOf(opts, op);
  }

  get length(): number {
    return this.indices.length;
  }

  get generator(): RandomGenerator {
    return this.explicitGenerator ?? getDefaultGenerator();
  }

  [Symbol.iterator](): Iterator<number> {
    const n = this.indices.length;
    const out = new Int32Array(n);
    if (n > 0) {
      const perm = randperm(n, { generator: this.generator }).data as Int32Array;
      for (let k = 0; k < n; k++) out[k] = this.indices[perm[k]];
    }
    return out[Symbol.iterator]();
  }
}

export interface WeightedRandomSamplerOptions {
  /** Draw with replacement (default true). */
  replacement?: boolean;
  generator?: RandomGenerator;
}

/**
 * numSamples indices per pass, index i with probability proportional to weights[i] (weights
 * need not sum to 1). With replacement, each draw inverts the cumulative weights at a uniform
 * point; without, the order is that of the keys log(u_i)/w_i, largest first (Efraimidis &
 * Spirakis 2006, weighted sampling without replacement), and numSamples cannot exceed the number
 * of positive weights.
 */
export class WeightedRandomSampler implements Sampler {
  readonly weights: Float64Array;
  readonly length: number;
  readonly replacement: boolean;
  private readonly cumulative: Float64Array;
  private readonly explicitGenerator?: RandomGenerator;

  constructor(weights: ArrayLike<number> | Tensor, numSamples: number, opts: WeightedRandomSamplerOptions = {}) {
    const op = 'WeightedRandomSampler';
    let w: ArrayLike<number>;
    if (weights instanceof Tensor) {
      if (weights.ndim !== 1) throw new RangeError(`${op}: weights must be 1-D`);
      w = weights.contiguous().data;
    } else if (weights !== null && typeof weights === 'object' && typeof weights.length === 'number') {
      w = weights;
    } else {
      throw new TypeError(`${op}: weights must be an array, a typed array or a 1-D tensor`);
    }
    this.weights = Float64Array.from(w);
    this.cumulative = new Float64Array(this.weights.length);
    let total = 0;
    let positive = 0;
    this.weights.forEach((x, i) => {
      if (!Number.isFinite(x) || x < 0) throw new RangeError(`${op}: weights must be finite and non-negative, weight ${i} is ${x}`);
      if (x > 0) positive++;
      total += x;
      this.cumulative[i] = total;
    });
    this.length = checkCount(numSamples, op, 'numSamples');
    this.replacement = opts.replacement ?? true;
    if (this.length > 0 && !(total > 0)) throw new RangeError(`${op}: the weights sum to 0`);
    if (!this.replacement && this.length > positive) {
      throw new RangeError(`${op}: cannot draw ${this.length} indices without replacement from ${positive} positive weights`);
    }
    if (opts.generator !== undefined) this.explicitGenerator = generatorOf(opts, op);
  }

  get generator(): RandomGenerator {
    return this.explicitGenerator ?? getDefaultGenerator();
  }

  draw(): Int32Array {
    const m = this.length;
    const out = new Int32Array(m);
    if (m === 0) return out;
    const cum = this.cumulative;
    const n = cum.length;
    if (this.replacement) {
      const total = cum[n - 1];
      const u = new Float64Array(m);
      this.generator.draw('uniform', u, 0, m, 0, 1);
      let last = n - 1;
      while (this.weights[last] === 0) last--;
      for (let k = 0; k < m; k++) {
        // The first i with cum[i] > u·total: zero weights are never chosen.
        const target = u[k] * total;
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cum[mid] > target) hi = mid;
          else lo = mid + 1;
        }
        out[k] = lo;
      }
      return out;
    }
    const u = new Float64Array(n);
    this.generator.draw('uniform', u, 0, n, 0, 1);
    const candidates: number[] = [];
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (this.weights[i] > 0) {
        keys[i] = Math.log1p(-u[i]) / this.weights[i];
        candidates.push(i);
      }
    }
    candidates.sort((a, b) => keys[b] - keys[a] || a - b);
    for (let k = 0; k < m; k++) out[k] = candidates[k];
    return out;
  }

  [Symbol.iterator](): Iterator<number> {
    return this.draw()[Symbol.iterator]();
  }
}
