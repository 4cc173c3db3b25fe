// Index-driven selection, recorded for autodiff: gather and indexSelect (whose adjoints
// scatter-add and index-add are ops too) and where. Derivatives in lib/derivatives/indexing.ts.
import { defineOp } from '../autograd/function';
import { empty } from '../tensor/raw/alloc';
import { gatherRaw, indexAddRaw, indexSelectRaw, scatterAddRaw, whereRaw } from '../tensor/raw/indexing';
import { expectDType, expectTensor, operand } from '../tensor/raw/operands';
import { broadcastShapes, formatShape, normalizeAxis } from '../tensor/shape';
import { Operand, Tensor } from '../tensor/tensor';

export const gatherOp = defineOp({
  name: 'gather',
  forward: (ctx, x: Tensor, axis: number, index: Tensor) => {
    ctx.saveForBackward(index);
    ctx.axis = axis;
    return gatherRaw(x, axis, index);
  },
});

/** The adjoint of gather: out = zeros(shape), out[…index…] += g along axis. */
export const gatherBackward = defineOp({
  name: 'gatherBackward',
  forward: (ctx, g: Tensor, axis: number, index: Tensor, shape: number[]) => {
    ctx.saveForBackward(index);
    ctx.axis = axis;
    return scatterAddRaw(g, axis, index, shape);
  },
});

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
  return gatherOp(x, a, index);
}

export const indexSelectOp = defineOp({
  name: 'indexSelect',
  forward: (ctx, x: Tensor, axis: number, index: Tensor) => {
    ctx.saveForBackward(index);
    ctx.axis = axis;
    return indexSelectRaw(x, axis, index);
  },
});

/** The adjoint of indexSelect: out = zeros(shape), out[index[j]] += g[j] along axis. */
export const indexSelectBackward = defineOp({
  name: 'indexSelectBackward',
  forward: (ctx, g: Tensor, axis: number, index: Tensor, shape: number[]) => {
    ctx.saveForBackward(index);
    ctx.axis = axis;
    return indexAddRaw(g, axis, index, shape);
  },
});

/** The entries index[0], index[1], ... of x along axis; index is a 1-D int32 tensor. */
export function indexSelect(x: Tensor, axis: number, index: Tensor): Tensor {
  expectTensor(x, 'indexSelect');
  expectTensor(index, 'indexSelect', 'index');
  expectDType(index, 'int32', 'indexSelect', 'index');
  if (index.ndim !== 1) throw new RangeError(`indexSelect: index must be 1-D, got shape ${formatShape(index.shape)}`);
  if (x.ndim === 0) throw new RangeError('indexSelect: x must have at least one dimension');
  return indexSelectOp(x, normalizeAxis(axis, x.ndim, 'indexSelect'), index);
}

export const whereOp = defineOp({
  name: 'where',
  forward: (ctx, cond: Tensor, a: Tensor, b: Tensor) => {
    ctx.saveForBackward(cond);
    return whereRaw(cond, a, b, broadcastShapes('where', cond.shape, a.shape, b.shape));
  },
});

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
  return whereOp(cond, ta, tb);
}
