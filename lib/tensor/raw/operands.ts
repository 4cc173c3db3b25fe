// Checks shared by every op: usable tensors, matching dtypes, numbers standing in for tensors.
import { DType, isFloat } from '../dtype';
import { assertUsable, Operand, Tensor } from '../tensor';
import { scalarOf } from './alloc';

export function expectTensor(value: unknown, op: string, what = 'argument'): Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${op}: ${what} must be a Tensor, got ${describe(value)}`);
  assertUsable(value, op);
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}

/** The tensor for operand o, combining with `like` (numbers take like's dtype). */
export function operand(o: Operand, like: Tensor, op: string): Tensor {
  if (typeof o === 'number') {
    if (like.dtype === 'int32' && !Number.isInteger(o)) {
      throw new TypeError(`${op}: cannot combine an int32 tensor with the non-integer ${o}; convert with .to('float32')`);
    }
    return scalarOf(o, like.dtype);
  }
  const t = expectTensor(o, op, 'operand');
  if (t.dtype !== like.dtype) {
    throw new TypeError(`${op}: dtypes differ: ${like.dtype} and ${t.dtype}; convert one with .to(dtype)`);
  }
  return t;
}

export function expectFloat(t: Tensor, op: string): void {
  if (!isFloat(t.dtype)) {
    throw new TypeError(`${op}: not defined for int32 tensors; convert with .to('float32')`);
  }
}

export function expectDType(t: Tensor, dtype: DType, op: string, what: string): void {
  if (t.dtype !== dtype) throw new TypeError(`${op}: ${what} must be ${dtype}, got ${t.dtype}`);
}

export function expectNumber(value: unknown, op: string, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${op}: ${what} must be a number, got ${describe(value)}`);
  return value;
}
