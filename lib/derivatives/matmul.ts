// The derivatives of the products (lib/ops/matmul.ts): ∂A = g·Bᵀ and ∂B = Aᵀ·g, summed over
// broadcast batch dimensions; for the dot product ∂a = g·b and ∂b = g·a.
import { defineDerivative } from '../autograd/function';
import { mul } from '../ops/arithmetic';
import { dotOp, matmulOp } from '../ops/matmul';
import { transpose } from '../ops/shape';
import { Tensor } from '../tensor/tensor';
import { sumTo } from './broadcast-grad';

type Grads = Array<Tensor | null>;

defineDerivative(matmulOp, (ctx, g): Grads => {
  const [a, b] = ctx.savedTensors;
  return [
    ctx.needsInputGrad[0] ? sumTo(matmulOp(g, transpose(b)), a.shape) : null,
    ctx.needsInputGrad[1] ? sumTo(matmulOp(transpose(a), g), b.shape) : null,
  ];
});

defineDerivative(dotOp, (ctx, g): Grads => {
  const [a, b] = ctx.savedTensors;
  return [ctx.needsInputGrad[0] ? mul(g, b) : null, ctx.needsInputGrad[1] ? mul(g, a) : null];
});
