// How a loss combines its per-element values (PyTorch's `reduction` argument), and the checks
// every loss's options object goes through.
import { describe } from '../../tensor/raw/operands';
import { mean, sum } from '../../ops/reduction';
import { Tensor } from '../../tensor/tensor';

/** 'mean': the average; 'sum': the total; 'none': the unreduced values. */
export type Reduction = 'mean' | 'sum' | 'none';

export interface ReductionOptions {
  /** How the per-element losses are combined. Default 'mean'. */
  reduction?: Reduction;
}

const REDUCTIONS: readonly string[] = ['mean', 'sum', 'none'];

/** The reduction named by value (undefined: 'mean'); anything else throws. */
export function checkReduction(value: unknown, op: string): Reduction {
  if (value === undefined) return 'mean';
  if (typeof value !== 'string' || !REDUCTIONS.includes(value)) {
    throw new TypeError(`${op}: reduction must be 'mean', 'sum' or 'none', got ${typeof value === 'string' ? `'${value}'` : describe(value)}`);
  }
  return value as Reduction;
}

/**
 * Throws on an options argument that is not an object or has a key outside `known`, so a
 * misspelt or snake_case option (ignore_index) does not pass silently.
 */
export function checkOptions(opts: unknown, op: string, known: readonly string[]): void {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || opts instanceof Tensor) {
    throw new TypeError(`${op}: options must be an object, got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new TypeError(`${op}: unknown option '${key}' (options: ${known.join(', ')})`);
  }
}

/** The element-wise loss combined as `reduction` asks ('mean' over every element). */
export function reduceLoss(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : mean(loss);
}
