// Element-wise kernels on tensors: unary maps and broadcasting binary maps.
import * as kernels from '../../kernels';
import { ops } from '../../kernels';
import { broadcastShapes, broadcastStrides, formatShape, sameShape } from '../shape';
import { Tensor } from '../tensor';
import { empty } from './alloc';
import { castRaw, contiguousRaw, copyInto } from './copy';
import { contiguousDescriptor } from './descriptor';

const INT_UNARY = new Set(['neg', 'abs', 'square', 'sign', 'relu', 'clamp']);
const INT_BINARY = new Set(['add', 'sub', 'mul', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const COMPARISONS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

function code(table: Readonly<Record<string, number>>, name: string): number {
  const c = table[name];
  if (c === undefined) throw new Error(`internal: no native op named ${name}`);
  return c;
}

/** y = f(x; p0, p1) into a new tensor. `op` names the user-level operation for errors. */
export function unaryRaw(name: string, x: Tensor, p0 = 0, p1 = 0, op = name): Tensor {
  if (x.dtype === 'int32' && !INT_UNARY.has(name)) {
    throw new TypeError(`${op}: not defined for int32 tensors; convert with .to('float32')`);
  }
  const src = contiguousRaw(x);
  const out = empty(x.shape, x.dtype);
  kernels.unary({ op: code(ops.unary, name), p0, p1, x: contiguousDescriptor(src), y: contiguousDescriptor(out) });
  return out;
}

/** x = f(x; p0, p1) in place on a contiguous tensor (the caller bumps the version). */
export function unaryInPlace(name: string, x: Tensor, p0 = 0, p1 = 0): void {
  const d = contiguousDescriptor(x);
  kernels.unary({ op: code(ops.unary, name), p0, p1, x: d, y: d });
}

/** The dtype binary op `name` produces from operands of dtype t. */
export function binaryResultDType(name: string, a: Tensor): Tensor['dtype'] {
  return a.dtype === 'int32' && COMPARISONS.has(name) ? 'float32' : a.dtype;
}

/** out = f(a, b; p0, p1) with broadcasting; a and b share a dtype (the caller checked). */
export function binaryRaw(name: string, a: Tensor, b: Tensor, p0 = 0, p1 = 0, op = name): Tensor {
  if (a.dtype === 'int32' && !INT_BINARY.has(name)) {
    throw new TypeError(`${op}: not defined for int32 tensors; convert with .to('float32')`);
  }
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const out = empty(shape, binaryResultDType(name, a));
  binaryInto(name, a, b, out, p0, p1);
  return out;
}

/** Writes f(a, b) into the contiguous tensor out, whose shape a and b broadcast to. */
export function binaryInto(name: string, a: Tensor, b: Tensor, out: Tensor, p0 = 0, p1 = 0): void {
  kernels.binary({
    op: code(ops.binary, name), p0, p1,
    a: { data: a.storage.data, offset: a.offset, shape: out.shape, strides: broadcastStrides(a.shape, a.strides, out.shape) },
    b: { data: b.storage.data, offset: b.offset, shape: out.shape, strides: broadcastStrides(b.shape, b.strides, out.shape) },
    out: contiguousDescriptor(out),
  });
}

/** Throws unless every element of t has its own memory (an expanded view does not). */
export function expectOwnElements(t: Tensor, op: string): void {
  for (let d = 0; d < t.ndim; d++) {
    if (t.strides[d] === 0 && t.shape[d] > 1) {
      throw new Error(`${op}: cannot write in place to an expanded view (shape ${formatShape(t.shape)}, strides ${formatShape(t.strides)})`);
    }
  }
}

/**
 * t = f(t, other) in place, other broadcast to t's shape (the caller checked shapes and dtypes),
 * and t's version bumped.
 */
export function binaryInPlaceRaw(name: string, t: Tensor, other: Tensor): void {
  if (t.isContiguous()) {
    // The kernel writes out = f(t, other) with out = t (exact aliasing is allowed).
    const src = other.storage === t.storage ? castRaw(other, other.dtype) : other;
    binaryInto(name, t, src, t);
  } else {
    const tmp = empty(t.shape, t.dtype);
    binaryInto(name, t, other, tmp);
    copyInto(tmp, t);
  }
  t.storage.version++;
}
