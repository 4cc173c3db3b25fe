// Random disjoint subsets of a dataset (as torch.utils.data.random_split).
import { randperm } from '../tensor/creation';
import { generatorOf, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';
import { Dataset } from './dataset';
import { Subset } from './subset';

/**
 * Subset sizes from lengths, or from fractions summing to 1: floor(n·f) each, then the
 * remaining examples handed out one at a time to subsets 0, 1, 2, ... (round robin), as PyTorch.
 */
export function splitLengths(n: number, lengths: readonly number[], op: string): number[] {
  if (!Array.isArray(lengths) || lengths.length === 0) throw new TypeError(`${op}: expected a non-empty array of lengths or fractions`);
  for (const l of lengths) {
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0) throw new RangeError(`${op}: lengths and fractions must be non-negative numbers, got ${String(l)}`);
  }
  const total = lengths.reduce((s, l) => s + l, 0);
  if (Math.abs(total - 1) <= 1e-9) {
    const sizes = lengths.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((s, l) => s + l, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    return sizes;
  }
  if (!lengths.every(Number.isInteger)) {
    throw new RangeError(`${op}: lengths must be integers (or fractions summing to 1), got [${lengths.join(', ')}]`);
  }
  if (total !== n) throw new RangeError(`${op}: lengths [${lengths.join(', ')}] sum to ${total}, the dataset has ${n} examples`);
  return lengths.slice();
}

/**
 * Splits ds into non-overlapping random subsets of the given lengths (integers summing to
 * ds.length) or fractions (summing to 1). The examples are a random permutation drawn from
 * opts.generator (default: the default generator), cut in order.
 */
export function randomSplit<T = Tensor[]>(
  ds: Dataset<T>,
  lengths: readonly number[],
  opts: { generator?: RandomGenerator } = {},
): Subset<T>[] {
  if (!(ds instanceof Dataset)) throw new TypeError('randomSplit: expected a Dataset');
  const sizes = splitLengths(ds.length, lengths, 'randomSplit');
  const perm = randperm(ds.length, { generator: generatorOf(opts, 'randomSplit') }).data as Int32Array;
  let at = 0;
  return sizes.map((size) => {
    const s = new Subset(ds, perm.subarray(at, at + size));
    at += size;
    return s;
  });
}
