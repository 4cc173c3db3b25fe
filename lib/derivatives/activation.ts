// The derivatives of the activations (lib/ops/activation.ts). An activation's derivative is its
// first-derivative op (reluBackward, sigmoidBackward, ...); the derivatives of those are written
// with recorded ops, so every activation is differentiable at every order.
import { defineDerivative } from '../autograd/function';
import {
  eluBackward, eluOp, leakyReluBackward, leakyReluOp, logSoftmaxBackward, logSoftmaxOp, reluBackward, reluOp, sigmoid,
  sigmoidBackward, sigmoidOp, softmaxBackward, softmaxOp, softplusBackward, softplusOp, tanhBackward, tanhOp,
} from '../ops/activation';
import { exp, mul, neg, sub } from '../ops/arithmetic';
import { gt } from '../ops/comparison';
import { where } from '../ops/indexing';
import { sum } from '../ops/reduction';
import { Tensor } from '../tensor/tensor';

type Grads = Array<Tensor | null>;

// --- the activations: their first derivatives are ops -------------------------------------

defineDerivative(reluOp, (ctx, g): Grads => [reluBackward(g, ctx.savedTensors[0])]);
defineDerivative(leakyReluOp, (ctx, g): Grads => [leakyReluBackward(g, ctx.savedTensors[0], ctx.slope as number), null]);
defineDerivative(eluOp, (ctx, g): Grads => [eluBackward(g, ctx.savedTensors[0], ctx.alpha as number), null]);
defineDerivative(sigmoidOp, (ctx, g): Grads => [sigmoidBackward(g, ctx.savedTensors[0])]);
defineDerivative(tanhOp, (ctx, g): Grads => [tanhBackward(g, ctx.savedTensors[0])]);
defineDerivative(softplusOp, (ctx, g): Grads => [
  softplusBackward(g, ctx.savedTensors[0], ctx.beta as number, ctx.threshold as number), null, null,
]);
defineDerivative(softmaxOp, (ctx, g): Grads => [softmaxBackward(g, ctx.savedTensors[0], ctx.axis as number), null]);
defineDerivative(logSoftmaxOp, (ctx, g): Grads => [logSoftmaxBackward(g, ctx.savedTensors[0], ctx.axis as number), null]);

// --- the first-derivative ops f'(g, s), s the saved input or output ------------------------

// g·[x > 0] is linear in g; its derivative in x is zero almost everywhere.
defineDerivative(reluBackward, (ctx, gg): Grads => [reluBackward(gg, ctx.savedTensors[0]), null]);
defineDerivative(leakyReluBackward, (ctx, gg): Grads => [leakyReluBackward(gg, ctx.savedTensors[0], ctx.slope as number), null, null]);

defineDerivative(eluBackward, (ctx, gg): Grads => {
  const [g, x] = ctx.savedTensors;
  const alpha = ctx.alpha as number;
  return [
    ctx.needsInputGrad[0] ? eluBackward(gg, x, alpha) : null,
    // ∂/∂x: gg·g·(x > 0 ? 0 : α·e^x)
    ctx.needsInputGrad[1] ? mul(mul(gg, g), where(gt(x, 0), 0, mul(exp(x), alpha))) : null,
    null,
  ];
});

defineDerivative(sigmoidBackward, (ctx, gg): Grads => {
  const [g, y] = ctx.savedTensors;
  return [
    ctx.needsInputGrad[0] ? sigmoidBackward(gg, y) : null,
    ctx.needsInputGrad[1] ? mul(mul(gg, g), sub(1, mul(y, 2))) : null, // gg·g·(1 − 2y)
  ];
});

defineDerivative(tanhBackward, (ctx, gg): Grads => {
  const [g, y] = ctx.savedTensors;
  return [
    ctx.needsInputGrad[0] ? tanhBackward(gg, y) : null,
    ctx.needsInputGrad[1] ? mul(mul(gg, g), mul(y, -2)) : null, // gg·g·(−2y)
  ];
});

defineDerivative(softplusBackward, (ctx, gg): Grads => {
  const [g, x] = ctx.savedTensors;
  const beta = ctx.beta as number;
  const threshold = ctx.threshold as number;
  let dx: Tensor | null = null;
  if (ctx.needsInputGrad[1]) {
    // ∂/∂x: gg·g·β·σ(βx)(1 − σ(βx)), zero where βx > threshold
    const bx = mul(x, beta);
    const s = sigmoid(bx);
    dx = mul(mul(gg, g), where(gt(bx, threshold), 0, mul(mul(s, sub(1, s)), beta)));
  }
  return [ctx.needsInputGrad[0] ? softplusBackward(gg, x, beta, threshold) : null, dx, null, null];
});

defineDerivative(softmaxBackward, (ctx, gg): Grads => {
  const [g, y] = ctx.savedTensors;
  const axis = ctx.axis as number;
  let dy: Tensor | null = null;
  if (ctx.needsInputGrad[1]) {
    // out = y⊙(g − s), s = Σ g⊙y: ∂/∂y = gg⊙(g − s) − g·Σ gg⊙y
    const s = sum(mul(g, y), axis, true);
    dy = sub(mul(gg, sub(g, s)), mul(g, sum(mul(gg, y), axis, true)));
  }
  return [ctx.needsInputGrad[0] ? softmaxBackward(gg, y, axis) : null, dy, null];
});

defineDerivative(logSoftmaxBackward, (ctx, gg): Grads => {
  const [g, y] = ctx.savedTensors;
  const axis = ctx.axis as number;
  const p = exp(y);
  return [
    // ∂/∂g: gg − Σ gg⊙e^y (broadcast); ∂/∂y: −gg⊙e^y·Σ g
    ctx.needsInputGrad[0] ? sub(gg, sum(mul(gg, p), axis, true)) : null,
    ctx.needsInputGrad[1] ? neg(mul(mul(gg, p), sum(g, axis, true))) : null,
    null,
  ];
});
