// Arithmetic and elementary functions, recorded for autodiff. Binary ops broadcast as NumPy
// does and accept a number for either operand; mixing dtypes throws. The derivatives are in
// lib/derivatives/arithmetic.ts, written with recorded ops, so every op here is twice
// differentiable.
import { defineOp, RecordedOp } from '../autograd/function';
import { binaryRaw, unaryRaw } from '../tensor/raw/elementwise';
import { expectFloat, expectNumber, expectTensor, operand } from '../tensor/raw/operands';
import { Operand, Tensor } from '../tensor/tensor';

// Converts a (Tensor | number) pair to tensors of one dtype; a number takes the other side's.
export function operands(a: Operand, b: Operand, op: string): [Tensor, Tensor] {
  if (typeof a === 'number') {
    const tb = expectTensor(b, op, 'operand');
    return [operand(a, tb, op), tb];
  }
  const ta = expectTensor(a, op, 'operand');
  return [ta, operand(b, ta, op)];
}

/** A binary op saving both operands (its derivative reads them). */
function binaryOp(name: string, saves: boolean): RecordedOp<[Tensor, Tensor]> {
  return defineOp({
    name,
    forward: (ctx, a: Tensor, b: Tensor) => {
      if (saves) ctx.saveForBackward(a, b);
      return binaryRaw(name, a, b, 0, 0, name);
    },
  });
}

export const addOp = binaryOp('add', false);
export const subOp = binaryOp('sub', false);
export const mulOp = binaryOp('mul', true);
export const divOp = binaryOp('div', true);
// Ties send half the gradient each way, as PyTorch (lib/derivatives/arithmetic.ts).
export const maximumOp = binaryOp('maximum', true);
export const minimumOp = binaryOp('minimum', true);

/** a^b; saves a, b and the result. */
export const powOp = defineOp({
  name: 'pow',
  forward: (ctx, a: Tensor, b: Tensor) => {
    const y = binaryRaw('pow', a, b, 0, 0, 'pow');
    ctx.saveForBackward(a, b, y);
    return y;
  },
});

/** x^p for a number p; saves x. */
export const powScalarOp = defineOp({
  name: 'powScalar',
  forward: (ctx, x: Tensor, p: number) => {
    ctx.saveForBackward(x);
    ctx.p = p;
    return unaryRaw('powScalar', x, p, 0, 'pow');
  },
});

/** Which of x and y a unary op's derivative reads (only those are saved, x first). */
export interface UnarySaves {
  x?: boolean;
  y?: boolean;
}

/** A unary op y = f(x; p0, p1), with what its derivative needs. */
export type UnaryOp = RecordedOp<[Tensor, number?, number?]> & { readonly saves: UnarySaves };

function unaryOp(name: string, saves: UnarySaves): UnaryOp {
  const op = defineOp({
    name,
    forward: (ctx, x: Tensor, p0: number = 0, p1: number = 0) => {
      const y = unaryRaw(name, x, p0, p1, name);
      const saved: Tensor[] = [];
      if (saves.x) saved.push(x);
      if (saves.y) saved.push(y);
      ctx.saveForBackward(...saved);
      ctx.p0 = p0;
      ctx.p1 = p1;
      return y;
    },
  });
  return Object.assign(op, { saves });
}

export const negOp = unaryOp('neg', {});
export const absOp = unaryOp('abs', { x: true });
export const signOp = unaryOp('sign', {});
export const squareOp = unaryOp('square', { x: true });
export const reciprocalOp = unaryOp('reciprocal', { y: true });
export const expOp = unaryOp('exp', { y: true });
export const logOp = unaryOp('log', { x: true });
export const sqrtOp = unaryOp('sqrt', { y: true });
export const rsqrtOp = unaryOp('rsqrt', { y: true });
export const clampOp = unaryOp('clamp', { x: true });

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
