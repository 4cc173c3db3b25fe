// Reductions: over one axis, a list of axes, or everything (axis omitted). keepDims keeps
// reduced axes as size 1. Results do not depend on the thread count (fixed chunking).
import { reduceRaw, ReduceName } from '../raw/reduce';
import { expectFloat, expectNumber, expectTensor } from '../raw/operands';
import { formatShape, normalizeAxes, normalizeAxis } from '../shape';
import { Tensor } from '../tensor';

function reduce(name: ReduceName, x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean, correction = 1): Tensor {
  expectTensor(x, name);
  const axes = normalizeAxes(axis, x.ndim, name);
  if ((name === 'max' || name === 'min' || name === 'argmax' || name === 'argmin') && x.numel() === 0) {
    throw new RangeError(`${name}: cannot reduce an empty tensor (shape ${formatShape(x.shape)})`);
  }
  return reduceRaw(name, x, axes, keepDims, correction);
}

export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduce('sum', x, axis, keepDims);
}

export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  expectTensor(x, 'mean');
  expectFloat(x, 'mean');
  return reduce('mean', x, axis, keepDims);
}

export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduce('max', x, axis, keepDims);
}

export function min(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduce('min', x, axis, keepDims);
}

export interface VarOptions {
  /** Subtracted from the count in the denominator: 1 (default) is the unbiased estimate, 0 the biased one. */
  correction?: number;
}

/** Σ(x − mean)² / (n − correction) */
export function variance(x: Tensor, axis?: number | readonly number[], keepDims = false, opts: VarOptions = {}): Tensor {
  expectTensor(x, 'var');
  expectFloat(x, 'var');
  const correction = expectNumber(opts.correction ?? 1, 'var', 'correction');
  if (correction < 0) throw new RangeError(`var: correction must be non-negative, got ${correction}`);
  return reduce('var', x, axis, keepDims, correction);
}

function argReduce(name: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  expectTensor(x, name);
  if (axis === undefined) {
    // The flat position over all elements, as PyTorch.
    const flat = x.contiguous().reshape([x.numel()]);
    const r = reduce(name, flat, 0, false);
    return keepDims ? r.reshape(x.shape.map(() => 1)) : r;
  }
  return reduce(name, x, normalizeAxis(axis, x.ndim, name), keepDims);
}

/** Position of the first maximum along axis (int32; NaN counts as the maximum) */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor { return argReduce('argmax', x, axis, keepDims); }
/** Position of the first minimum along axis (int32; NaN counts as the minimum) */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor { return argReduce('argmin', x, axis, keepDims); }
