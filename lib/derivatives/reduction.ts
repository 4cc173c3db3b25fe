// The derivatives of the reductions (lib/ops/reduction.ts): the upstream gradient spread back
// over the reduced axes (unreduce), scaled as each reduction needs.
import { defineDerivative } from '../autograd/function';
import { Context } from '../autograd/node';
import { mul, div, sub } from '../ops/arithmetic';
import { eq } from '../ops/comparison';
import { maxOp, meanOp, minOp, sumOp, varOp } from '../ops/reduction';
import { reshape } from '../ops/shape';
import { binaryRaw } from '../tensor/raw/elementwise';
import { reduceRaw } from '../tensor/raw/reduce';
import { Tensor } from '../tensor/tensor';
import { keptShape, unreduce } from './broadcast-grad';

type Grads = Array<Tensor | null>;

function countOver(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((p, a) => p * shape[a], 1);
}

defineDerivative(sumOp, (ctx, g): Grads => [unreduce(g, ctx.inputShapes[0], ctx.axes as number[]), null, null]);

defineDerivative(meanOp, (ctx, g): Grads => {
  const axes = ctx.axes as number[];
  return [div(unreduce(g, ctx.inputShapes[0], axes), countOver(ctx.inputShapes[0], axes)), null, null];
});

// The gradient goes to the extreme elements, shared evenly among ties (as PyTorch's amax).
function extremeDerivative(ctx: Context, g: Tensor): Grads {
  const [x, y] = ctx.savedTensors;
  const axes = ctx.axes as number[];
  const hit = eq(x, reshape(y, keptShape(x.shape, axes)));
  const count = reduceRaw('sum', hit, axes, true);
  return [mul(unreduce(g, x.shape, axes), binaryRaw('div', hit, count)), null, null];
}
defineDerivative(maxOp, extremeDerivative);
defineDerivative(minOp, extremeDerivative);

// ∂/∂x: 2(x − mean)/(n − correction) · g
defineDerivative(varOp, (ctx, g): Grads => {
  const [x] = ctx.savedTensors;
  const axes = ctx.axes as number[];
  const n = countOver(x.shape, axes);
  const centered = sub(x, meanOp(x, axes, true));
  return [mul(unreduce(g, x.shape, axes), mul(centered, 2 / (n - (ctx.correction as number)))), null, null, null];
});
