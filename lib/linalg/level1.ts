// Level-1 operations on flat 1-D vectors (contiguous tensors of one float dtype), each one kernel
// call: the arithmetic of line searches and second-order methods (docs/ARCHITECTURE.md, decision 10).
import { empty } from '../tensor/raw/alloc';
import { axpyRaw, dotRaw, norm2Raw, scalRaw } from '../tensor/raw/blas1';
import { copyInto } from '../tensor/raw/copy';
import { unaryRaw } from '../tensor/raw/elementwise';
import { reduceRaw } from '../tensor/raw/reduce';
import { Tensor } from '../tensor/tensor';

/** xᵀy (accumulated in double). */
export function dot(x: Tensor, y: Tensor): number {
  return dotRaw(x, y);
}

/** ‖x‖₂. */
export function norm2(x: Tensor): number {
  return norm2Raw(x);
}

/** ‖x‖∞ = max |xᵢ|. */
export function normInf(x: Tensor): number {
  if (x.numel() === 0) return 0;
  return reduceRaw('max', unaryRaw('abs', x), [0], false).item();
}

/** ‖x‖₁ = Σ |xᵢ| (summed in the vector's dtype, as PyTorch's abs().sum()). */
export function norm1(x: Tensor): number {
  if (x.numel() === 0) return 0;
  return reduceRaw('sum', unaryRaw('abs', x), [0], false).item();
}

/** y ← y + αx in place. */
export function axpy(alpha: number, x: Tensor, y: Tensor): void {
  axpyRaw(alpha, x, y);
}

/** x ← αx in place. */
export function scal(alpha: number, x: Tensor): void {
  scalRaw(alpha, x);
}

/** A fresh copy of x (converted to dtype when given). */
export function copyOf(x: Tensor, dtype = x.dtype): Tensor {
  const out = empty(x.shape, dtype);
  copyInto(x, out);
  return out;
}

/** αx as a fresh vector. */
export function scaled(alpha: number, x: Tensor): Tensor {
  const out = copyOf(x);
  if (alpha !== 1) scal(alpha, out);
  return out;
}

/** dst ← src in place (same length; dtypes converted). */
export function assign(dst: Tensor, src: Tensor): void {
  copyInto(src, dst);
}
