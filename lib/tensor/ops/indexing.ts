// Index-driven selection: gather, indexSelect and where.
import { native } from '../../native';
import { empty } from '../raw/alloc';
import { contiguousRaw } from '../raw/copy';
import { expectDType, expectTensor, operand } from '../raw/operands';
import { broadcastShapes, broadcastStrides, formatShape, normalizeAxis, splitAtAxis } from '../shape';
import { Operand, Tensor } from '../tensor';

/**
 * out[i][j][k] = x[i][index[i][j][k]][k] for axis 1 (likewise for any axis). index is int32
 * with x's number of dimensions and x's sizes except along axis.
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  expectTensor(x, 'gather');
  expectTensor(index, 'gather', 'index');
  expectDType(index, 'int32', 'gather', 'index');
  if (x.ndim === 0) throw new RangeError('gather: x must have at least one dimension');
  const a = normalizeAxis(axis, x.ndim, 'gather');
  const ok = index.ndim === x.ndim && index.shape.every((d, i) => i === a || d === x.shape[i]);
  if (!ok) {
    throw new RangeError(
      `gather: index of shape ${formatShape(index.shape)} must match x's shape ${formatShape(x.shape)} except along axis ${axis}`,
    );
  }
  const src = contiguousRaw(x);
  const idx = contiguousRaw(index);
  const { outer, len, inner } = splitAtAxis(x.shape, a);
  const out = empty(index.shape, x.dtype);
  native.gather(src.storage.data, src.offset, outer, len, inner, idx.storage.data as Int32Array, idx.offset, index.shape[a], out.storage.data, 0);
  return out;
}

/** The entries index[0], index[1], ... of x along axis; index is a 1-D int32 tensor. */
export function indexSelect(x: Tensor, axis: number, index: Tensor): Tensor {
  expectTensor(x, 'indexSelect');
  expectTensor(index, 'indexSelect', 'index');
  expectDType(index, 'int32', 'indexSelect', 'index');
  if (index.ndim !== 1) throw new RangeError(`indexSelect: index must be 1-D, got shape ${formatShape(index.shape)}`);
  if (x.ndim === 0) throw new RangeError('indexSelect: x must have at least one dimension');
  const a = normalizeAxis(axis, x.ndim, 'indexSelect');
  const src = contiguousRaw(x);
  const idx = contiguousRaw(index);
  const { outer, len, inner } = splitAtAxis(x.shape, a);
  const shape = x.shape.slice();
  shape[a] = index.shape[0];
  const out = empty(shape, x.dtype);
  native.indexSelect(src.storage.data, src.offset, outer, len, inner, idx.storage.data as Int32Array, idx.offset, index.shape[0], out.storage.data, 0);
  return out;
}

/** cond ≠ 0 ? a : b, broadcasting all three; a and b share a dtype (numbers allowed). */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  expectTensor(cond, 'where', 'cond');
  let ta: Tensor;
  let tb: Tensor;
  if (typeof a === 'number' && typeof b === 'number') {
    const like = cond.dtype === 'int32' ? empty([], 'float32') : cond;
    ta = operand(a, like, 'where');
    tb = operand(b, like, 'where');
  } else if (typeof a === 'number') {
    tb = expectTensor(b, 'where', 'b');
    ta = operand(a, tb, 'where');
  } else {
    ta = expectTensor(a, 'where', 'a');
    tb = operand(b, ta, 'where');
  }
  const shape = broadcastShapes('where', cond.shape, ta.shape, tb.shape);
  const out = empty(shape, ta.dtype);
  native.where(
    cond.storage.data, cond.offset, broadcastStrides(cond.shape, cond.strides, shape),
    ta.storage.data, ta.offset, broadcastStrides(ta.shape, ta.strides, shape),
    tb.storage.data, tb.offset, broadcastStrides(tb.shape, tb.strides, shape),
    out.storage.data, 0, shape,
  );
  return out;
}
