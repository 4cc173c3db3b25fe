// The derivatives of the index-driven ops (lib/ops/indexing.ts): gather and scatter-add are each
// other's adjoints, as are indexSelect and index-add; where passes the gradient to the side the
// condition chose.
import { defineDerivative } from '../autograd/function';
import { gatherBackward, gatherOp, indexSelectBackward, indexSelectOp, whereOp } from '../ops/indexing';
import { operand } from '../tensor/raw/operands';
import { Tensor } from '../tensor/tensor';
import { sumTo } from './broadcast-grad';

type Grads = Array<Tensor | null>;

defineDerivative(gatherOp, (ctx, g): Grads => [
  gatherBackward(g, ctx.axis as number, ctx.savedTensors[0], ctx.inputShapes[0].slice()), null, null,
]);
defineDerivative(gatherBackward, (ctx, gg): Grads => [gatherOp(gg, ctx.axis as number, ctx.savedTensors[0]), null, null, null]);

defineDerivative(indexSelectOp, (ctx, g): Grads => [
  indexSelectBackward(g, ctx.axis as number, ctx.savedTensors[0], ctx.inputShapes[0].slice()), null, null,
]);
defineDerivative(indexSelectBackward, (ctx, gg): Grads => [indexSelectOp(gg, ctx.axis as number, ctx.savedTensors[0]), null, null, null]);

defineDerivative(whereOp, (ctx, g): Grads => {
  const [cond] = ctx.savedTensors;
  return [
    null,
    ctx.needsInputGrad[1] ? sumTo(whereOp(cond, g, operand(0, g, 'where')), ctx.inputShapes[1]) : null,
    ctx.needsInputGrad[2] ? sumTo(whereOp(cond, operand(0, g, 'where'), g), ctx.inputShapes[2]) : null,
  ];
});
