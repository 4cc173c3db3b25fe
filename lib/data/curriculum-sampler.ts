// Curriculum learning (Bengio, Louradour, Collobert & Weston 2009): present the examples from
// easy to hard. A difficulty score orders the data set (lower = easier) and a pacing function
// g(epoch) ∈ (0, 1] gives the fraction of the easiest examples that make up the pool of each
// epoch; the pool grows until it is the whole data set. Within the pool the order is random
// (a fresh shuffle every epoch), so minibatch gradients stay unbiased for the pool's objective.
import { generatorOf, GeneratorState, getDefaultGenerator, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';
import { Sampler } from './samplers';

/** The built-in pacing functions (formulas on curriculumPacing). */
export type PacingName = 'linear' | 'root' | 'exponential' | 'step';

/** g(epoch) with epoch = 0, 1, 2, ...: the fraction of the easiest examples in that epoch's pool. */
export type PacingFunction = (epoch: number) => number;

export interface PacingOptions {
  /** c0 = g(0), the starting fraction, in (0, 1] (default 0.2). */
  start?: number;
  /** T: the epoch from which the whole data set is used (default 10). */
  epochs?: number;
  /** p of 'root' pacing (default 2). */
  power?: number;
  /** k: the number of increments of 'step' pacing (default 4). */
  stages?: number;
}

export interface CurriculumSamplerOptions extends PacingOptions {
  /** A built-in pacing (default 'linear') or g(epoch) itself, which must return a number in (0, 1]. */
  pacing?: PacingName | PacingFunction;
  /** Where the shuffles come from (default: the default generator at the start of each pass). */
  generator?: RandomGenerator;
}

/** A curriculum sampler's position, plain JSON. */
export interface CurriculumSamplerState {
  /** The epoch the next new pass will draw. */
  nextEpoch: number;
  /** The epoch of the most recent pass (null before the first, or after setEpoch). */
  lastEpoch: number | null;
  /** The generator's state when the most recent pass drew its order (null with lastEpoch). */
  lastStart: GeneratorState | null;
}

function checkFraction(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new RangeError(`${op}: ${name} must be in (0, 1], got ${String(v)}`);
  return v;
}

function checkPositive(op: string, name: string, v: unknown, integer: boolean): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${op}: ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`);
  }
  return v;
}

/**
 * A built-in pacing function. With c0 = start and T = epochs (all clamped to 1 from epoch T on):
 * - 'linear' (Platanios et al. 2019, linear competence): g(e) = c0 + (1 − c0)·e/T.
 * - 'root' (Platanios et al. 2019, root-p competence): g(e) = (c0^p + (1 − c0^p)·e/T)^(1/p),
 *   fast growth first, slower later (p = 2 default).
 * - 'exponential' (the geometric growth of Hacohen & Weinshall 2019's exponential pacing, made
 *   continuous): g(e) = c0·(1/c0)^(e/T), the pool multiplied by the same factor every epoch.
 * - 'step' (baby steps, Spitkovsky, Alshawi & Jurafsky 2010; Cirik et al. 2016): the pool grows
 *   in k equal jumps, g(e) = c0 + (1 − c0)·⌊k·e/T⌋/k; k = 1 is a single step at epoch T.
 */
export function curriculumPacing(name: PacingName, opts: PacingOptions = {}): PacingFunction {
  const op = 'curriculumPacing';
  const c0 = checkFraction(op, 'start', opts.start ?? 0.2);
  const T = checkPositive(op, 'epochs', opts.epochs ?? 10, false);
  // From epoch T on, exactly 1 (c0 + (1 − c0) can round below 1).
  const paced = (f: (s: number) => number): PacingFunction => (e) => (e >= T ? 1 : f(Math.max(0, e) / T));
  switch (name) {
    case 'linear':
      return paced((s) => c0 + (1 - c0) * s);
    case 'root': {
      const p = checkPositive(op, 'power', opts.power ?? 2, false);
      const c0p = c0 ** p;
      return paced((s) => (c0p + (1 - c0p) * s) ** (1 / p));
    }
    case 'exponential':
      return paced((s) => c0 * (1 / c0) ** s);
    case 'step': {
      const k = checkPositive(op, 'stages', opts.stages ?? 4, true);
      return paced((s) => c0 + (1 - c0) * (Math.floor(k * s) / k));
    }
    default:
      throw new RangeError(`${op}: unknown pacing '${String(name)}' (expected linear, root, exponential or step)`);
  }
}

function scoresOf(scores: Float32Array | Float64Array | number[] | Tensor, op: string): Float64Array {
  let src: ArrayLike<number>;
  if (scores instanceof Tensor) {
    if (scores.ndim !== 1) throw new RangeError(`${op}: scores must be 1-D, got ${scores.ndim} dimensions`);
    src = scores.contiguous().data;
  } else if (scores instanceof Float32Array || scores instanceof Float64Array || Array.isArray(scores)) {
    src = scores;
  } else {
    throw new TypeError(`${op}: scores must be a number array, a Float32Array/Float64Array or a 1-D tensor`);
  }
  const out = Float64Array.from(src);
  out.forEach((s, i) => {
    if (Number.isNaN(s)) throw new RangeError(`${op}: score ${i} is NaN`);
  });
  if (out.length === 0) throw new RangeError(`${op}: no scores (an empty data set has no curriculum)`);
  return out;
}

/**
 * Visits, at epoch e, the ⌈g(e)·N⌉ examples with the lowest scores (ties: lower index first), in
 * a new random order each epoch; N = scores.length. Use it as a DataLoader's sampler:
 * `new d.data.DataLoader(ds, { sampler: new d.data.CurriculumSampler(scores, { pacing: 'root' }), batchSize })`.
 *
 * Epochs count themselves: each pass (each DataLoader epoch) is the next epoch, except that a pass
 * started from the very generator state of the previous pass replays that pass and keeps its epoch
 * (this is how a DataLoader resumes an interrupted epoch; every pass draws at least one number, so
 * a new pass always starts from a new state). setEpoch() overrides the count. `length` is the pool
 * size of the current epoch (the most recent pass's, or the next one's before any pass). To resume,
 * load this sampler's state before the DataLoader's.
 */
export class CurriculumSampler implements Sampler {
  /** The example indices from easiest to hardest. */
  readonly order: Int32Array;
  readonly pacing: PacingFunction;
  private readonly explicitGenerator?: RandomGenerator;
  private nextEpoch = 0;
  private last: { epoch: number; start: GeneratorState } | null = null;

  constructor(scores: Float32Array | Float64Array | number[] | Tensor, opts: CurriculumSamplerOptions = {}) {
    const op = 'CurriculumSampler';
    const s = scoresOf(scores, op);
    const idx = Array.from({ length: s.length }, (_, i) => i);
    idx.sort((a, b) => s[a] - s[b] || a - b);
    this.order = Int32Array.from(idx);
    const pacing = opts.pacing ?? 'linear';
    if (typeof pacing === 'function') this.pacing = pacing;
    else if (typeof pacing === 'string') this.pacing = curriculumPacing(pacing, opts);
    else throw new TypeError(`${op}: pacing must be a pacing name or a function of the epoch`);
    if (opts.generator !== undefined) this.explicitGenerator = generatorOf(opts, op);
  }

  get generator(): RandomGenerator {
    return this.explicitGenerator ?? getDefaultGenerator();
  }

  /** N, the number of examples scored. */
  get size(): number {
    return this.order.length;
  }

  /** The current epoch: the most recent pass's, or the next pass's before any pass. */
  get epoch(): number {
    return this.last !== null ? this.last.epoch : this.nextEpoch;
  }

  /** Examples in the current epoch's pool. */
  get length(): number {
    return this.poolSize(this.epoch);
  }

  /** g(epoch), checked to be in (0, 1]. */
  fraction(epoch: number): number {
    const g = this.pacing(epoch);
    if (typeof g !== 'number' || !(g > 0 && g <= 1)) throw new RangeError(`CurriculumSampler: the pacing gave ${String(g)} at epoch ${epoch}; it must be in (0, 1]`);
    return g;
  }

  /**
   * ⌈g(epoch)·N⌉, the pool size at that epoch. g·N within 1e-9 of an integer counts as that
   * integer, so that 0.3·10 (3.0000000000000004 in binary) is 3, not 4.
   */
  poolSize(epoch: number): number {
    const n = this.order.length;
    const x = this.fraction(epoch) * n;
    const r = Math.round(x);
    const size = Math.abs(x - r) <= 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
    return Math.min(n, Math.max(1, size));
  }

  /** The indices of the pool at that epoch, easiest first (a view of `order`). */
  pool(epoch: number): Int32Array {
    return this.order.subarray(0, this.poolSize(epoch));
  }

  /** Makes the next new pass epoch `epoch` (and forgets the previous pass, so it is not replayed). */
  setEpoch(epoch: number): this {
    if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`CurriculumSampler.setEpoch: epoch must be a non-negative integer, got ${String(epoch)}`);
    this.nextEpoch = epoch;
    this.last = null;
    return this;
  }

  /** One pass: draws the epoch's order now (see the class comment for how the epoch is chosen). */
  draw(): Int32Array {
    const g = this.generator;
    const start = g.getState();
    const last = this.last;
    const epoch = last !== null && last.start.seed === start.seed && last.start.offset === start.offset ? last.epoch : this.nextEpoch;
    this.last = { epoch, start };
    this.nextEpoch = epoch + 1;
    const pool = this.pool(epoch);
    const m = pool.length;
    // A uniformly random order: sort by independent uniform keys (m ≥ 1 numbers, so the
    // generator always moves on and a new pass never looks like a replay).
    const keys = new Float64Array(m);
    g.draw('uniform', keys, 0, m, 0, 1);
    const pos = Array.from({ length: m }, (_, k) => k);
    pos.sort((a, b) => keys[a] - keys[b] || a - b);
    return Int32Array.from(pos, (k) => pool[k]);
  }

  [Symbol.iterator](): Iterator<number> {
    return this.draw()[Symbol.iterator]();
  }

  /** The epoch counter and the last pass's start (JSON-serializable). */
  stateDict(): CurriculumSamplerState {
    return {
      nextEpoch: this.nextEpoch,
      lastEpoch: this.last === null ? null : this.last.epoch,
      lastStart: this.last === null ? null : { ...this.last.start },
    };
  }

  loadStateDict(state: CurriculumSamplerState): this {
    const op = 'CurriculumSampler.loadStateDict';
    if (state === null || typeof state !== 'object') throw new TypeError(`${op}: expected a state object`);
    const { nextEpoch, lastEpoch, lastStart } = state;
    if (!Number.isInteger(nextEpoch) || nextEpoch < 0) throw new RangeError(`${op}: nextEpoch must be a non-negative integer, got ${String(nextEpoch)}`);
    if ((lastEpoch === null) !== (lastStart === null)) throw new TypeError(`${op}: lastEpoch and lastStart must both be null or both be set`);
    if (lastEpoch !== null) {
      if (!Number.isInteger(lastEpoch) || lastEpoch < 0) throw new RangeError(`${op}: lastEpoch must be a non-negative integer, got ${String(lastEpoch)}`);
      if (typeof lastStart?.seed !== 'string' || typeof lastStart.offset !== 'string') throw new TypeError(`${op}: lastStart must be a generator state`);
    }
    this.nextEpoch = nextEpoch;
    this.last = lastEpoch === null ? null : { epoch: lastEpoch, start: { seed: lastStart!.seed, offset: lastStart!.offset } };
    return this;
  }
}
