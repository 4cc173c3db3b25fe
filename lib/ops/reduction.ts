// Reductions over one axis, a list of axes, or everything (axis omitted), recorded for
// autodiff (derivatives in lib/derivatives/reduction.ts). keepDims keeps reduced axes as size 1.
// Results do not depend on the thread count.
import { defineOp } from '../autograd/function';
import { reduceRaw, ReduceName } from '../tensor/raw/reduce';
import { expectFloat, expectNumber, expectTensor } from '../tensor/raw/operands';
import { formatShape, normalizeAxes, normalizeAxis, sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { reshape } from './shape';

export const sumOp = defineOp({
  name: 'sum',
  forward: (ctx, x: Tensor, axes: number[], keepDims: boolean) => {
    ctx.axes = axes;
    return reduceRaw('sum', x, axes, keepDims);
  },
});

export const meanOp = defineOp({
  name: 'mean',
  forward: (ctx, x: Tensor, axes: number[], keepDims: boolean) => {
    ctx.axes = axes;
    return reduceRaw('mean', x, axes, keepDims);
  },
});

// Saves x and the extremes: the gradient goes to the elements equal to them.
function extremeOp(name: 'max' | 'min') {
  return defineOp({
    name,
    forward: (ctx, x: Tensor, axes: number[], keepDims: boolean) => {
      const y = reduceRaw(name, x, axes, keepDims);
      ctx.saveForBackward(x, y);
      ctx.axes = axes;
      return y;
    },
  });
}
export const maxOp = extremeOp('max');
export const minOp = extremeOp('min');

export const varOp = defineOp({
  name: 'var',
  forward: (ctx, x: Tensor, axes: number[], keepDims: boolean, correction: number) => {
    ctx.saveForBackward(x);
    ctx.axes = axes;
    ctx.correction = correction;
    return reduceRaw('var', x, axes, keepDims, correction);
  },
});

const argOps = {
  argmax: defineOp({ name: 'argmax', differentiable: false, forward: (_ctx, x: Tensor, axes: number[], keepDims: boolean) => reduceRaw('argmax', x, axes, keepDims) }),
  argmin: defineOp({ name: 'argmin', differentiable: false, forward: (_ctx, x: Tensor, axes: number[], keepDims: boolean) => reduceRaw('argmin', x, axes, keepDims) }),
};

function axesOf(x: Tensor, axis: number | readonly number[] | undefined, name: ReduceName): number[] {
  expectTensor(x, name);
  const axes = normalizeAxes(axis, x.ndim, name);
  if ((name === 'max' || name === 'min' || name === 'argmax' || name === 'argmin') && x.numel() === 0) {
    throw new RangeError(`${name}: cannot reduce an empty tensor (shape ${formatShape(x.shape)})`);
  }
  return axes;
}

export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return sumOp(x, axesOf(x, axis, 'sum'), keepDims);
}

export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  expectTensor(x, 'mean');
  expectFloat(x, 'mean');
  return meanOp(x, axesOf(x, axis, 'mean'), keepDims);
}

export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return maxOp(x, axesOf(x, axis, 'max'), keepDims);
}

export function min(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return minOp(x, axesOf(x, axis, 'min'), keepDims);
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
  return varOp(x, axesOf(x, axis, 'var'), keepDims, correction);
}

function argReduce(name: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  expectTensor(x, name);
  if (axis === undefined) {
    // The flat position over all elements, as PyTorch.
    const flat = reshape(x.detach(), [sizeOf(x.shape)]);
    const r = argOps[name](flat, axesOf(flat, 0, name), false);
    return keepDims ? reshape(r, x.shape.map(() => 1)) : r;
  }
  return argOps[name](x, axesOf(x, normalizeAxis(axis, x.ndim, name), name), keepDims);
}

/** Position of the first maximum along axis (int32; NaN counts as the maximum) */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor { return argReduce('argmax', x, axis, keepDims); }
/** Position of the first minimum along axis (int32; NaN counts as the minimum) */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor { return argReduce('argmin', x, axis, keepDims); }
