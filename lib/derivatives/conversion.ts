// The derivatives of the conversions (lib/ops/conversion.ts): the gradient converted back to the
// source dtype, and the identity for clone.
import { defineDerivative } from '../autograd/function';
import { castOp, cloneOp } from '../ops/conversion';
import { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

defineDerivative(castOp, (ctx, g): Array<Tensor | null> => [castOp(g, ctx.from as DType), null]);
defineDerivative(cloneOp, (_ctx, g): Array<Tensor | null> => [g]);
