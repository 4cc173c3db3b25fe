// Arithmetic and elementary functions, recorded for autodiff. Binary ops broadcast as NumPy
// does and accept a number for either operand; mixing dtypes throws. Each backward is written
// with recorded ops, so every op here is twice differentiable.
import { defineOp } from '../../autograd/function';
import { binaryRaw, unaryRaw } from '../raw/elementwise';
import { expectFloat, expectNumber, expectTensor, operand } from '../raw/operands';
import { Operand, Tensor } from '../tensor';
import { sumTo } from './broadcast-grad';
import { eq, ge, gt, le, lt } from './comparison';
import { where } from './indexing';

type Grads = Array<Tensor | null>;

// Converts a (Tensor | number) pair to tensors of one dtype; a number takes the other side's.
export function operands(a: Operand, b: Operand, op: string): [Tensor, Tensor] {
  if (typeof a === 'number') {
    const tb = expectTensor(b, op, 'operand');
    return [operand(a, tb, op), tb];
  }
  const ta = expectTensor(a, op, 'operand');
  return [ta, operand(b, ta, op)];
}

const addOp = defineOp({
  name: 'add',
  forward: (_ctx, a: Tensor, b: Tensor) => binaryRaw('add', a, b, 0, 0, 'add'),
  backward: (ctx, g): Grads => [
    ctx.needsInputGrad[0] ? sumTo(g, ctx.inputShapes[0]) : null,
    ctx.needsInputGrad[1] ? sumTo(g, ctx.inputShapes[1]) : null,
  ],
});

const subOp = defineOp({
  name: 'sub',
  forward: (_ctx, a: Tensor, b: Tensor) => binaryRaw('sub', a, b, 0, 0, 'sub'),
  backward: (ctx, g): Grads => [
    ctx.needsInputGrad[0] ? sumTo(g, ctx.inputShapes[0]) : null,
    ctx.needsInputGrad[1] ? sumTo(neg(g), ctx.inputShapes[1]) : null,
  ],
});

const mulOp = defineOp({
  name: 'mul',
  forward: (ctx, a: Tensor, b: Tensor) => {
    ctx.saveForBackward(a, b);
    return binaryRaw('mul', a, b, 0, 0, 'mul');
  },
  backward: (ctx, g): Grads => {
    const [a, b] = ctx.savedTensors;
    return [
      ctx.needsInputGrad[0] ? sumTo(mul(g, b), a.shape) : null,
      ctx.needsInputGrad[1] ? sumTo(mul(g, a), b.shape) : null,
    ];
  },
});

const divOp = defineOp({
  name: 'div',
  forward: (ctx, a: Tensor, b: Tensor) => {
    ctx.saveForBackward(a, b);
    return binaryRaw('div', a, b, 0, 0, 'div');
  },
  backward: (ctx, g): Grads => {
    const [a, b] = ctx.savedTensors;
    return [
      ctx.needsInputGrad[0] ? sumTo(div(g, b), a.shape) : null,
      // −g·a/b²
      ctx.needsInputGrad[1] ? sumTo(neg(div(mul(g, a), square(b))), b.shape) : null,
    ];
  },
});

const powOp = defineOp({
  name: 'pow',
  forward: (ctx, a: Tensor, b: Tensor) => {
    const y = binaryRaw('pow', a, b, 0, 0, 'pow');
    ctx.saveForBackward(a, b, y);
    return y;
  },
  backward: (ctx, g): Grads => {
    const [a, b, y] = ctx.savedTensors;
    // ∂a: g·b·a^(b−1); ∂b: g·a^b·ln a, taken as 0 where a = 0 (as PyTorch).
    return [
      ctx.needsInputGrad[0] ? sumTo(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
      ctx.needsInputGrad[1] ? sumTo(where(eq(a, 0), 0, mul(mul(g, y), log(a))), b.shape) : null,
    ];
  },
});

const powScalarOp = defineOp({
  name: 'powScalar',
  forward: (ctx, x: Tensor, p: number) => {
    ctx.saveForBackward(x);
    ctx.p = p;
    return unaryRaw('powScalar', x, p, 0, 'pow');
  },
  backward: (ctx, g): Grads => {
    const [x] = ctx.savedTensors;
    const p = ctx.p as number;
    // g·p·x^(p−1)
    return [p === 0 ? mul(g, 0) : mul(g, mul(pow(x, p - 1), p)), null];
  },
});

// Ties send half the gradient each way, as PyTorch.
function maxMinOp(name: 'maximum' | 'minimum', wins: (a: Tensor, b: Tensor) => Tensor) {
  return defineOp({
    name,
    forward: (ctx, a: Tensor, b: Tensor) => {
      ctx.saveForBackward(a, b);
      return binaryRaw(name, a, b, 0, 0, name);
    },
    backward: (ctx, g): Grads => {
      const [a, b] = ctx.savedTensors;
      const share = binaryRaw('add', wins(a, b), binaryRaw('mul', eq(a, b), operand(0.5, g, name)));
      return [
        ctx.needsInputGrad[0] ? sumTo(mul(g, share), a.shape) : null,
        ctx.needsInputGrad[1] ? sumTo(mul(g, sub(1, share)), b.shape) : null,
      ];
    },
  });
}
const maximumOp = maxMinOp('maximum', (a, b) => gt(a, b));
const minimumOp = maxMinOp('minimum', (a, b) => lt(a, b));

// A unary op y = f(x; p0, p1) whose derivative is written from the upstream g and whichever of
// x and y it needs (only those are saved).
type UnaryBackward = (g: Tensor, x: Tensor | undefined, y: Tensor | undefined, p0: number, p1: number) => Tensor;
function unaryOp(name: string, needs: { x?: boolean; y?: boolean }, backward: UnaryBackward) {
  return defineOp({
    name,
    forward: (ctx, x: Tensor, p0: number = 0, p1: number = 0) => {
      const y = unaryRaw(name, x, p0, p1, name);
      const saved: Tensor[] = [];
      if (needs.x) saved.push(x);
      if (needs.y) saved.push(y);
      ctx.saveForBackward(...saved);
      ctx.p0 = p0;
      ctx.p1 = p1;
      return y;
    },
    backward: (ctx, g): Grads => {
      const saved = ctx.savedTensors;
      const x = needs.x ? saved[0] : undefined;
      const y = needs.y ? saved[needs.x ? 1 : 0] : undefined;
      const grads: Grads = ctx.inputShapes.map(() => null);
      grads[0] = backward(g, x, y, ctx.p0 as number, ctx.p1 as number);
      return grads;
    },
  });
}

const negOp = unaryOp('neg', {}, (g) => neg(g));
const absOp = unaryOp('abs', { x: true }, (g, x) => mul(g, sign(x!)));
const signOp = unaryOp('sign', {}, (g) => mul(g, 0));
const squareOp = unaryOp('square', { x: true }, (g, x) => mul(g, mul(x!, 2)));
const reciprocalOp = unaryOp('reciprocal', { y: true }, (g, _x, y) => neg(mul(g, square(y!)))); // −g·y²
const expOp = unaryOp('exp', { y: true }, (g, _x, y) => mul(g, y!));
const logOp = unaryOp('log', { x: true }, (g, x) => div(g, x!));
const sqrtOp = unaryOp('sqrt', { y: true }, (g, _x, y) => div(g, mul(y!, 2))); // g/(2√x)
const rsqrtOp = unaryOp('rsqrt', { y: true }, (g, _x, y) => mul(g, mul(pow(y!, 3), -0.5))); // −g·y³/2
// The gradient passes where lo <= x <= hi.
const clampOp = unaryOp('clamp', { x: true }, (g, x, _y, lo, hi) => mul(g, binaryRaw('mul', ge(x!, lo), le(x!, hi))));

/** a + b */
export function add(a: Operand, b: Operand): Tensor { return addOp(...operands(a, b, 'add')); }
/** a − b */
export function sub(a: Operand, b: Operand): Tensor { return subOp(...operands(a, b, 'sub')); }
/** a · b (element-wise) */
export function mul(a: Operand, b: Operand): Tensor { return mulOp(...operands(a, b, 'mul')); }
/** a / b (float tensors only) */
export function div(a: Operand, b: Operand): Tensor { return divOp(...operands(a, b, 'div')); }
/** max(a, b), NaN-propagating */
export function maximum(a: Operand, b: Operand): Tensor { return maximumOp(...operands(a, b, 'maximum')); }
/** min(a, b), NaN-propagating */
export function minimum(a: Operand, b: Operand): Tensor { return minimumOp(...operands(a, b, 'minimum')); }

/** a^b; a number exponent uses the faster scalar kernel. */
export function pow(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && typeof b === 'number') {
    expectTensor(a, 'pow');
    expectFloat(a, 'pow');
    return powScalarOp(a, b);
  }
  return powOp(...operands(a, b, 'pow'));
}

export function neg(x: Tensor): Tensor { return negOp(expectTensor(x, 'neg')); }
export function abs(x: Tensor): Tensor { return absOp(expectTensor(x, 'abs')); }
/** −1, 0 or 1 (±0 and NaN kept); its gradient is zero */
export function sign(x: Tensor): Tensor { return signOp(expectTensor(x, 'sign')); }
export function square(x: Tensor): Tensor { return squareOp(expectTensor(x, 'square')); }
export function reciprocal(x: Tensor): Tensor { return reciprocalOp(expectTensor(x, 'reciprocal')); }
export function exp(x: Tensor): Tensor { return expOp(expectTensor(x, 'exp')); }
export function log(x: Tensor): Tensor { return logOp(expectTensor(x, 'log')); }
export function sqrt(x: Tensor): Tensor { return sqrtOp(expectTensor(x, 'sqrt')); }
/** 1/√x */
export function rsqrt(x: Tensor): Tensor { return rsqrtOp(expectTensor(x, 'rsqrt')); }

/** min(max(x, lo), hi); null leaves that side open. NaN stays NaN. */
export function clamp(x: Tensor, lo: number | null, hi: number | null): Tensor {
  const [l, h] = clampBounds(lo, hi, 'clamp');
  return clampOp(expectTensor(x, 'clamp'), l, h);
}

export function clampBounds(lo: number | null | undefined, hi: number | null | undefined, op: string): [number, number] {
  const l = lo === null || lo === undefined ? -Infinity : expectNumber(lo, op, 'lo');
  const h = hi === null || hi === undefined ? Infinity : expectNumber(hi, op, 'hi');
  if (l > h) throw new RangeError(`${op}: lo (${l}) is greater than hi (${h})`);
  return [l, h];
}
