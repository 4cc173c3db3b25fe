// Reductions over one axis, a list of axes, or everything (axis omitted), recorded for
// autodiff. keepDims keeps reduced axes as size 1. Results do not depend on the thread count.
import { defineOp } from '../../autograd/function';
import { binaryRaw } from '../raw/elementwise';
import { reduceRaw, ReduceName } from '../raw/reduce';
import { expectFloat, expectNumber, expectTensor } from '../raw/operands';
import { formatShape, normalizeAxes, normalizeAxis, sizeOf } from '../shape';
import { Tensor } from '../tensor';
import { div, mul, sub } from './arithmetic';
import { keptShape, unreduce } from './broadcast-grad';
import { eq } from './comparison';
import { reshape } from './shape';

type Grads = Array<Tensor | null>;

function countOver(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((p, a) => p * shape[a], 1);
}

const sumOp = defineOp({
  name: 'sum',
  forward: (ctx, x: Tensor, axes: number[], keepDims: boolean) => {
    ctx.axes = axes;
    return reduceRaw('sum', x, axes, keepDims);
  },
  backward: (ctx, g): Grads => [unreduce(g, ctx.inputShapes[0], ctx.axes as number[]), null, null],
});

const meanOp = defineOp({
  name: 'mean',
  forward: (ctx, x: Tensor, axes: number[], keepDims: boolean) => {
    ctx.axes = axes;
    return reduceRaw('mean', x, axes, keepDims);
  },
  backward: (ctx, g): Grads => {
    const axes = ctx.axes as number[];
    return [div(unreduce(g, ctx.inputShapes[0], axes), countOver(ctx.inputShapes[0], axes)), null, null];
  },
});

// The gradient goes to the extreme elements, shared evenly among ties (as PyTorch's amax).
function extremeOp(name: 'max' | 'min') {
  return defineOp({
    name,
    forward: (ctx, x: Tensor, axes: number[], keepDims: boolean) => {
      const y = reduceRaw(name, x, axes, keepDims);
      ctx.saveForBackward(x, y);
      ctx.axes = axes;
      return y;
    },
    backward: (ctx, g): Grads => {
      const [x, y] = ctx.savedTensors;
      const axes = ctx.axes as number[];
      const hit = eq(x, reshape(y, keptShape(x.shape, axes)));
      const count = reduceRaw('sum', hit, axes, true);
      return [mul(unreduce(g, x.shape, axes), binaryRaw('div', hit, count)), null, null];
    },
  });
}
const maxOp = extremeOp('max');
const minOp = extremeOp('min');

const varOp = defineOp({
  name: 'var',
  forward: (ctx, x: Tensor, axes: number[], keepDims: boolean, correction: number) => {
    ctx.saveForBackward(x);
    ctx.axes = axes;
    ctx.correction = correction;
    return reduceRaw('var', x, axes, keepDims, correction);
  },
  backward: (ctx, g): Grads => {
    const [x] = ctx.savedTensors;
    const axes = ctx.axes as number[];
    const n = countOver(x.shape, axes);
    // ∂/∂x: 2(x − mean)/(n − correction) · g
    const centered = sub(x, meanOp(x, axes, true));
    return [mul(unreduce(g, x.shape, axes), mul(centered, 2 / (n - (ctx.correction as number)))), null, null, null];
  },
});

const argOps = {
  argmax: defineOp({ name: 'argmax', forward: (_ctx, x: Tensor, axes: number[], keepDims: boolean) => reduceRaw('argmax', x, axes, keepDims) }),
  argmin: defineOp({ name: 'argmin', forward: (_ctx, x: Tensor, axes: number[], keepDims: boolean) => reduceRaw('argmin', x, axes, keepDims) }),
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
