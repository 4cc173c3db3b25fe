// The derivatives of the shape operations (lib/ops/shape.ts): each is the adjoint view or copy
// (the inverse permutation, the original shape, the sum over broadcast dimensions, the narrowed
// window placed back), so every one is exact at every order.
import { defineDerivative } from '../autograd/function';
import {
  concatOp, contiguousOp, expandOp, narrowBackward, narrowOp, permuteOp, reshape, reshapeOp, squeezeOp, unsqueezeOp,
} from '../ops/shape';
import { Tensor } from '../tensor/tensor';
import { sumTo } from './broadcast-grad';

type Grads = Array<Tensor | null>;

defineDerivative(contiguousOp, (_ctx, g): Grads => [g]);

defineDerivative(permuteOp, (ctx, g): Grads => {
  const perm = ctx.perm as number[];
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return [permuteOp(g, inverse), null];
});

defineDerivative(reshapeOp, (ctx, g): Grads => [reshapeOp(g, ctx.inputShapes[0].slice()), null]);

// squeeze and unsqueeze: the adjoint puts the sizes of 1 back (or takes them out).
for (const op of [squeezeOp, unsqueezeOp]) {
  defineDerivative(op, (ctx, g): Grads => [reshape(g, ctx.inputShapes[0]), null, null]);
}

defineDerivative(expandOp, (ctx, g): Grads => [sumTo(g, ctx.inputShapes[0]), null]);

defineDerivative(narrowOp, (ctx, g): Grads => [
  narrowBackward(g, ctx.inputShapes[0].slice(), ctx.axis as number, ctx.start as number), null, null, null,
]);

defineDerivative(narrowBackward, (ctx, gg): Grads => [
  narrowOp(gg, ctx.axis as number, ctx.start as number, ctx.inputShapes[0][ctx.axis as number]), null, null, null,
]);

defineDerivative(concatOp, (ctx, g): Grads => {
  const axis = ctx.axis as number;
  let at = 0;
  const grads: Grads = [null];
  ctx.inputShapes.slice(1).forEach((shape, i) => {
    grads.push(ctx.needsInputGrad[i + 1] ? narrowOp(g, axis, at, shape[axis]) : null);
    at += shape[axis];
  });
  return grads;
});
