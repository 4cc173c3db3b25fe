// In-place writes (docs/ARCHITECTURE.md, decision 3): each bumps the storage's version counter,
// so a tensor saved for backward can tell it was overwritten. Not recorded.
import { isGradEnabled } from '../autograd/grad-mode';
import { empty } from '../tensor/raw/alloc';
import { castRaw, copyInto } from '../tensor/raw/copy';
import { fillRaw } from '../tensor/raw/fill';
import { binaryInPlaceRaw, expectOwnElements, unaryInPlace, unaryRaw } from '../tensor/raw/elementwise';
import { expectTensor, operand } from '../tensor/raw/operands';
import { broadcastShapes, formatShape, sameShape } from '../tensor/shape';
import { Operand, Tensor } from '../tensor/tensor';
import { clampBounds } from './arithmetic';

/**
 * Throws unless t may be written in place: every element has its own memory (an expanded view
 * does not), and t is not part of the recorded graph (in-place ops are not recorded; a tensor
 * that requires grad, a leaf such as a parameter included, is written only inside d.noGrad).
 */
function expectWritable(t: Tensor, op: string): void {
  if (t.requiresGrad && isGradEnabled()) {
    throw new Error(
      `${op}: in-place writes to a tensor that requires grad are not recorded; use the out-of-place op, or wrap the write in d.noGrad() (as optimizers do)`,
    );
  }
  expectOwnElements(t, op);
}

function binaryInPlace(name: string, op: string, t: Tensor, o: Operand): Tensor {
  expectTensor(t, op);
  expectWritable(t, op);
  const other = operand(o, t, op);
  const shape = broadcastShapes(op, t.shape, other.shape);
  if (!sameShape(shape, t.shape)) {
    throw new RangeError(`${op}: shape ${formatShape(other.shape)} cannot be broadcast to ${formatShape(t.shape)}`);
  }
  if (t.dtype === 'int32' && name === 'div') throw new TypeError(`${op}: not defined for int32 tensors`);
  binaryInPlaceRaw(name, t, other);
  return t;
}

export function add_<T extends Tensor>(t: T, o: Operand): T { return binaryInPlace('add', 'add_', t, o) as T; }
export function sub_<T extends Tensor>(t: T, o: Operand): T { return binaryInPlace('sub', 'sub_', t, o) as T; }
export function mul_<T extends Tensor>(t: T, o: Operand): T { return binaryInPlace('mul', 'mul_', t, o) as T; }
export function div_<T extends Tensor>(t: T, o: Operand): T { return binaryInPlace('div', 'div_', t, o) as T; }

/** Copies src (broadcast to t's shape, converted to t's dtype) into t. */
export function copy_<T extends Tensor>(t: T, src: Operand): T {
  expectTensor(t, 'copy_');
  expectWritable(t, 'copy_');
  if (typeof src === 'number') return fill_(t, src);
  expectTensor(src, 'copy_', 'src');
  const shape = broadcastShapes('copy_', t.shape, src.shape);
  if (!sameShape(shape, t.shape)) {
    throw new RangeError(`copy_: shape ${formatShape(src.shape)} cannot be broadcast to ${formatShape(t.shape)}`);
  }
  copyInto(src.storage === t.storage ? castRaw(src, src.dtype) : src, t);
  t.storage.version++;
  return t;
}

export function fill_<T extends Tensor>(t: T, value: number): T {
  expectTensor(t, 'fill_');
  expectWritable(t, 'fill_');
  if (typeof value !== 'number') throw new TypeError(`fill_: value must be a number, got ${typeof value}`);
  if (t.dtype === 'int32' && !Number.isInteger(value)) throw new TypeError(`fill_: cannot fill an int32 tensor with ${value}`);
  if (t.isContiguous()) {
    fillRaw(t, value);
  } else {
    const one = empty([], t.dtype);
    one.storage.data[0] = value;
    copyInto(one, t);
  }
  t.storage.version++;
  return t;
}

export function clamp_<T extends Tensor>(t: T, lo: number | null, hi: number | null): T {
  expectTensor(t, 'clamp_');
  expectWritable(t, 'clamp_');
  const [l, h] = clampBounds(lo, hi, 'clamp_');
  if (t.isContiguous()) {
    unaryInPlace('clamp', t, l, h);
  } else {
    copyInto(unaryRaw('clamp', t, l, h, 'clamp_'), t);
  }
  t.storage.version++;
  return t;
}
