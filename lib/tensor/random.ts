// Seedable random generation (docs/ARCHITECTURE.md, decision 12): a Philox4x32-10 counter-based stream,
// (seed, offset), advanced by the blocks each draw consumes. The same seed gives the same bits on
// every instruction set and thread count, because every value is a pure function of its position.
import * as kernels from '../kernels';
import { ops } from '../kernels';
import { DType, TypedArray } from './dtype';

const MASK64 = (1n << 64n) - 1n;

function toSeed(seed: number | bigint, op: string): bigint {
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed > MASK64) throw new RangeError(`${op}: seed must be in [0, 2^64), got ${seed}`);
    return seed;
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${op}: seed must be a non-negative safe integer or a bigint, got ${String(seed)}`);
  }
  return BigInt(seed);
}

export interface GeneratorState {
  seed: string;
  offset: string;
}

export class RandomGenerator {
  private seedValue: bigint;
  private offsetValue = 0n;

  constructor(seed: number | bigint = 0) {
    this.seedValue = toSeed(seed, 'RandomGenerator');
  }

  get seed(): bigint {
    return this.seedValue;
  }

  /** Philox blocks consumed so far: the position in the stream. */
  get offset(): bigint {
    return this.offsetValue;
  }

  /** Restarts the stream from `seed`. */
  manualSeed(seed: number | bigint): this {
    this.seedValue = toSeed(seed, 'manualSeed');
    this.offsetValue = 0n;
    return this;
  }

  /** A plain-object snapshot (round-trips through JSON and structuredClone). */
  getState(): GeneratorState {
    return { seed: this.seedValue.toString(), offset: this.offsetValue.toString() };
  }

  setState(state: GeneratorState): this {
    const seed = BigInt(state.seed);
    const offset = BigInt(state.offset);
    if (seed < 0n || seed > MASK64 || offset < 0n || offset > MASK64) {
      throw new RangeError('setState: seed and offset must be in [0, 2^64)');
    }
    this.seedValue = seed;
    this.offsetValue = offset;
    return this;
  }

  /** @internal Fills out[offset, offset + n) from the named distribution and advances the stream. */
  draw(kind: string, out: TypedArray, outOffset: number, n: number, p0 = 0, p1 = 0, p2 = 0, p3 = 0): void {
    const code = ops.random[kind];
    const used = kernels.random({ kind: code, seed: this.seedValue, offset: this.offsetValue, p0, p1, p2, p3, out: { data: out, offset: outOffset, shape: [n] } });
    this.offsetValue = (this.offsetValue + BigInt(used)) & MASK64;
  }
}

let defaultGenerator = new RandomGenerator(0);

/** The generator used when none is passed. */
export function getDefaultGenerator(): RandomGenerator {
  return defaultGenerator;
}

/** Reseeds the default generator (as torch.manual_seed). */
export function manualSeed(seed: number | bigint): RandomGenerator {
  defaultGenerator = new RandomGenerator(seed);
  return defaultGenerator;
}

export function generatorOf(opts: { generator?: RandomGenerator } | undefined, op: string): RandomGenerator {
  const g = opts?.generator;
  if (g === undefined) return defaultGenerator;
  if (!(g instanceof RandomGenerator)) throw new TypeError(`${op}: generator must be a RandomGenerator`);
  return g;
}

export type { DType };
