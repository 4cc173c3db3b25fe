// Arithmetic and elementary functions. Binary ops broadcast as NumPy does and accept a number
// for either operand; mixing dtypes throws.
import { unaryRaw, binaryRaw } from '../raw/elementwise';
import { expectFloat, expectNumber, expectTensor, operand } from '../raw/operands';
import { Operand, Tensor } from '../tensor';

function binary(name: string, a: Operand, b: Operand): Tensor {
  // A number on the left takes the right operand's dtype.
  if (typeof a === 'number') {
    const tb = expectTensor(b, name, 'operand');
    return binaryRaw(name, operand(a, tb, name), tb, 0, 0, name);
  }
  const ta = expectTensor(a, name, 'operand');
  return binaryRaw(name, ta, operand(b, ta, name), 0, 0, name);
}

function unary(name: string, x: Tensor, p0 = 0, p1 = 0): Tensor {
  return unaryRaw(name, expectTensor(x, name), p0, p1, name);
}

/** a + b */
export function add(a: Operand, b: Operand): Tensor { return binary('add', a, b); }
/** a − b */
export function sub(a: Operand, b: Operand): Tensor { return binary('sub', a, b); }
/** a · b (element-wise) */
export function mul(a: Operand, b: Operand): Tensor { return binary('mul', a, b); }
/** a / b (float tensors only) */
export function div(a: Operand, b: Operand): Tensor { return binary('div', a, b); }
/** max(a, b), NaN-propagating */
export function maximum(a: Operand, b: Operand): Tensor { return binary('maximum', a, b); }
/** min(a, b), NaN-propagating */
export function minimum(a: Operand, b: Operand): Tensor { return binary('minimum', a, b); }

/** a^b; a number exponent uses the faster scalar kernel. */
export function pow(a: Operand, b: Operand): Tensor {
  if (a instanceof Tensor && typeof b === 'number') {
    expectTensor(a, 'pow');
    expectFloat(a, 'pow');
    return unaryRaw('powScalar', a, b, 0, 'pow');
  }
  return binary('pow', a, b);
}

export function neg(x: Tensor): Tensor { return unary('neg', x); }
export function abs(x: Tensor): Tensor { return unary('abs', x); }
/** −1, 0 or 1 (±0 and NaN kept) */
export function sign(x: Tensor): Tensor { return unary('sign', x); }
export function square(x: Tensor): Tensor { return unary('square', x); }
export function reciprocal(x: Tensor): Tensor { return unary('reciprocal', x); }
export function exp(x: Tensor): Tensor { return unary('exp', x); }
export function log(x: Tensor): Tensor { return unary('log', x); }
export function sqrt(x: Tensor): Tensor { return unary('sqrt', x); }
/** 1/√x */
export function rsqrt(x: Tensor): Tensor { return unary('rsqrt', x); }

/** min(max(x, lo), hi); null leaves that side open. NaN stays NaN. */
export function clamp(x: Tensor, lo: number | null, hi: number | null): Tensor {
  const [l, h] = clampBounds(lo, hi, 'clamp');
  return unary('clamp', x, l, h);
}

export function clampBounds(lo: number | null | undefined, hi: number | null | undefined, op: string): [number, number] {
  const l = lo === null || lo === undefined ? -Infinity : expectNumber(lo, op, 'lo');
  const h = hi === null || hi === undefined ? Infinity : expectNumber(hi, op, 'hi');
  if (l > h) throw new RangeError(`${op}: lo (${l}) is greater than hi (${h})`);
  return [l, h];
}
