// The derivatives of the arithmetic ops (lib/ops/arithmetic.ts), written with recorded ops so
// that each is itself differentiable. Gradients of broadcast operands are summed back to their
// shapes (sumTo).
import { defineDerivative } from '../autograd/function';
import { Context } from '../autograd/node';
import {
  absOp, addOp, clampOp, divOp, expOp, logOp, maximumOp, minimumOp, mulOp, negOp, powOp, powScalarOp, reciprocalOp,
  rsqrtOp, signOp, sqrtOp, squareOp, subOp, UnaryOp,
  div, log, mul, neg, pow, sign, square, sub,
} from '../ops/arithmetic';
import { eq, ge, gt, le, lt } from '../ops/comparison';
import { where } from '../ops/indexing';
import { binaryRaw } from '../tensor/raw/elementwise';
import { operand } from '../tensor/raw/operands';
import { Tensor } from '../tensor/tensor';
import { sumTo } from './broadcast-grad';

type Grads = Array<Tensor | null>;

defineDerivative(addOp, (ctx, g): Grads => [
  ctx.needsInputGrad[0] ? sumTo(g, ctx.inputShapes[0]) : null,
  ctx.needsInputGrad[1] ? sumTo(g, ctx.inputShapes[1]) : null,
]);

defineDerivative(subOp, (ctx, g): Grads => [
  ctx.needsInputGrad[0] ? sumTo(g, ctx.inputShapes[0]) : null,
  ctx.needsInputGrad[1] ? sumTo(neg(g), ctx.inputShapes[1]) : null,
]);

defineDerivative(mulOp, (ctx, g): Grads => {
  const [a, b] = ctx.savedTensors;
  return [
    ctx.needsInputGrad[0] ? sumTo(mul(g, b), a.shape) : null,
    ctx.needsInputGrad[1] ? sumTo(mul(g, a), b.shape) : null,
  ];
});

defineDerivative(divOp, (ctx, g): Grads => {
  const [a, b] = ctx.savedTensors;
  return [
    ctx.needsInputGrad[0] ? sumTo(div(g, b), a.shape) : null,
    // −g·a/b²
    ctx.needsInputGrad[1] ? sumTo(neg(div(mul(g, a), square(b))), b.shape) : null,
  ];
});

// ∂a: g·b·a^(b−1); ∂b: g·a^b·ln a, taken as 0 where a = 0 (as PyTorch).
defineDerivative(powOp, (ctx, g): Grads => {
  const [a, b, y] = ctx.savedTensors;
  return [
    ctx.needsInputGrad[0] ? sumTo(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
    ctx.needsInputGrad[1] ? sumTo(where(eq(a, 0), 0, mul(mul(g, y), log(a))), b.shape) : null,
  ];
});

// g·p·x^(p−1)
defineDerivative(powScalarOp, (ctx, g): Grads => {
  const [x] = ctx.savedTensors;
  const p = ctx.p as number;
  return [p === 0 ? mul(g, 0) : mul(g, mul(pow(x, p - 1), p)), null];
});

// Ties send half the gradient each way, as PyTorch.
function maxMinDerivative(name: 'maximum' | 'minimum', wins: (a: Tensor, b: Tensor) => Tensor) {
  return (ctx: Context, g: Tensor): Grads => {
    const [a, b] = ctx.savedTensors;
    const share = binaryRaw('add', wins(a, b), binaryRaw('mul', eq(a, b), operand(0.5, g, name)));
    return [
      ctx.needsInputGrad[0] ? sumTo(mul(g, share), a.shape) : null,
      ctx.needsInputGrad[1] ? sumTo(mul(g, sub(1, share)), b.shape) : null,
    ];
  };
}
defineDerivative(maximumOp, maxMinDerivative('maximum', (a, b) => gt(a, b)));
defineDerivative(minimumOp, maxMinDerivative('minimum', (a, b) => lt(a, b)));

// A unary op's derivative from the upstream g and whichever of x and y the op saved.
type UnaryDerivative = (g: Tensor, x: Tensor | undefined, y: Tensor | undefined, p0: number, p1: number) => Tensor;
function unaryDerivative(op: UnaryOp, derivative: UnaryDerivative): void {
  const { saves } = op;
  defineDerivative(op, (ctx, g): Grads => {
    const saved = ctx.savedTensors;
    const x = saves.x ? saved[0] : undefined;
    const y = saves.y ? saved[saves.x ? 1 : 0] : undefined;
    const grads: Grads = ctx.inputShapes.map(() => null);
    grads[0] = derivative(g, x, y, ctx.p0 as number, ctx.p1 as number);
    return grads;
  });
}

unaryDerivative(negOp, (g) => neg(g));
unaryDerivative(absOp, (g, x) => mul(g, sign(x!)));
unaryDerivative(signOp, (g) => mul(g, 0));
unaryDerivative(squareOp, (g, x) => mul(g, mul(x!, 2)));
unaryDerivative(reciprocalOp, (g, _x, y) => neg(mul(g, square(y!)))); // −g·y²
unaryDerivative(expOp, (g, _x, y) => mul(g, y!));
unaryDerivative(logOp, (g, x) => div(g, x!));
unaryDerivative(sqrtOp, (g, _x, y) => div(g, mul(y!, 2))); // g/(2√x)
unaryDerivative(rsqrtOp, (g, _x, y) => mul(g, mul(pow(y!, 3), -0.5))); // −g·y³/2
// The gradient passes where lo <= x <= hi.
unaryDerivative(clampOp, (g, x, _y, lo, hi) => mul(g, binaryRaw('mul', ge(x!, lo), le(x!, hi))));
