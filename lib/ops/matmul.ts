// Matrix products (gemm) and dot products, recorded for autodiff (derivatives in
// lib/derivatives/matmul.ts).
import { defineOp } from '../autograd/function';
import { scalarOf } from '../tensor/raw/alloc';
import { dotRaw } from '../tensor/raw/blas1';
import { contiguousRaw } from '../tensor/raw/copy';
import { matmulRaw } from '../tensor/raw/matmul';
import { expectFloat, expectTensor } from '../tensor/raw/operands';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { squeeze, unsqueeze } from './shape';

/** A·B for operands of at least two dimensions, batch dimensions broadcast. */
export const matmulOp = defineOp({
  name: 'matmul',
  forward: (ctx, a: Tensor, b: Tensor) => {
    ctx.saveForBackward(a, b);
    return matmulRaw(a, b);
  },
});

/**
 * PyTorch's matmul: 1-D·1-D is a dot product; a 1-D operand is a row (left) or column (right)
 * vector, removed from the result; N-D operands multiply their last two dimensions and
 * broadcast the rest.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, 'matmul', 'a');
  expectTensor(b, 'matmul', 'b');
  if (a.dtype !== b.dtype) throw new TypeError(`matmul: dtypes differ: ${a.dtype} and ${b.dtype}`);
  expectFloat(a, 'matmul');
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(`matmul: both operands need at least one dimension, got ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  if (a.shape[a.ndim - 1] !== b.shape[b.ndim === 1 ? 0 : b.ndim - 2]) {
    throw new RangeError(`matmul: inner dimensions differ: ${formatShape(a.shape)} x ${formatShape(b.shape)}`);
  }
  const A = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const B = b.ndim === 1 ? unsqueeze(b, 1) : b;
  let c = matmulOp(A, B);
  if (a.ndim === 1) c = squeeze(c, -2);
  if (b.ndim === 1) c = squeeze(c, -1);
  return c;
}

export const dotOp = defineOp({
  name: 'dot',
  forward: (ctx, a: Tensor, b: Tensor) => {
    ctx.saveForBackward(a, b);
    const x = contiguousRaw(a);
    const y = contiguousRaw(b);
    return scalarOf(dotRaw(x, y), a.dtype);
  },
});

/** Σ a·b of two 1-D tensors of equal length, as a 0-d tensor (accumulated in double). */
export function dot(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, 'dot', 'a');
  expectTensor(b, 'dot', 'b');
  if (a.dtype !== b.dtype) throw new TypeError(`dot: dtypes differ: ${a.dtype} and ${b.dtype}`);
  expectFloat(a, 'dot');
  if (a.ndim !== 1 || b.ndim !== 1 || a.shape[0] !== b.shape[0]) {
    throw new RangeError(`dot: expected two 1-D tensors of equal length, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  return dotOp(a, b);
}
