// A stratified split: disjoint index sets whose class proportions match the whole data's, so a
// held-out set of a small data set sees every class as often as training does.
import { randperm } from '../tensor/creation';
import { generatorOf, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';

function labelArray(labels: ArrayLike<number> | Tensor, op: string): ArrayLike<number> {
  if (labels instanceof Tensor) {
    if (labels.ndim !== 1) throw new RangeError(`${op}: labels must be 1-D, got ${labels.ndim} dimensions`);
    return labels.contiguous().data;
  }
  if (labels !== null && typeof labels === 'object' && typeof labels.length === 'number') return labels;
  throw new TypeError(`${op}: labels must be an array, a typed array or a 1-D tensor`);
}

/**
 * Index sets (ascending Int32Arrays) for each fraction, fractions summing to 1. Within each
 * class (in increasing label order) the examples are put in a random order drawn from
 * opts.generator (default: the default generator) and cut in turn: part k gets floor(n_c·f_k)
 * of them, and the n_c − Σ floor left over go one each to the parts with the largest
 * fractional remainders n_c·f_k − floor(n_c·f_k) (ties go to the parts in turn, starting
 * from part c mod K for the c-th class, so no part is favoured overall). Every part thus holds
 * each class within one example of its exact share. The same seed gives the same split.
 */
export function stratifiedSplit(
  labels: ArrayLike<number> | Tensor,
  fractions: readonly number[],
  opts: { generator?: RandomGenerator } = {},
): Int32Array[] {
  const op = 'stratifiedSplit';
  const y = labelArray(labels, op);
  if (!Array.isArray(fractions) || fractions.length === 0) throw new TypeError(`${op}: expected a non-empty array of fractions`);
  for (const f of fractions) {
    if (typeof f !== 'number' || !(f >= 0 && f <= 1)) throw new RangeError(`${op}: fractions must be in [0, 1], got ${String(f)}`);
  }
  const total = fractions.reduce((s, f) => s + f, 0);
  if (Math.abs(total - 1) > 1e-9) throw new RangeError(`${op}: fractions must sum to 1, got [${fractions.join(', ')}] (sum ${total})`);
  const g = generatorOf(opts, op);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (!Number.isFinite(c)) throw new RangeError(`${op}: label ${i} is ${c}`);
    let list = byClass.get(c);
    if (list === undefined) byClass.set(c, (list = []));
    list.push(i);
  }
  const K = fractions.length;
  const parts: number[][] = fractions.map(() => []);
  const classes = Array.from(byClass.keys()).sort((a, b) => a - b);
  classes.forEach((c, ci) => {
    const members = byClass.get(c)!;
    const n = members.length;
    const perm = randperm(n, { generator: g }).data as Int32Array;
    const exact = fractions.map((f) => n * f);
    const counts = exact.map(Math.floor);
    let left = n - counts.reduce((s, k) => s + k, 0);
    const rank = (k: number) => (((k - ci) % K) + K) % K;
    const byRemainder = exact.map((e, k) => k).sort((a, b) => (exact[b] - counts[b]) - (exact[a] - counts[a]) || rank(a) - rank(b));
    for (let r = 0; left > 0; r = (r + 1) % byRemainder.length, left--) counts[byRemainder[r]]++;
    let at = 0;
    counts.forEach((k, part) => {
      for (let j = 0; j < k; j++) parts[part].push(members[perm[at + j]]);
      at += k;
    });
  });
  return parts.map((p) => Int32Array.from(p).sort());
}
