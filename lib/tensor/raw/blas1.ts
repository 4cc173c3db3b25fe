// Level-1 kernels on contiguous tensors read as vectors of their numel() elements (dot and the
// norm accumulate in double).
import * as kernels from '../../kernels';
import { Tensor } from '../tensor';
import { vectorDescriptor } from './descriptor';

/** xᵀy */
export function dotRaw(x: Tensor, y: Tensor): number {
  return kernels.dot({ x: vectorDescriptor(x), y: vectorDescriptor(y) });
}

/** ‖x‖₂ */
export function norm2Raw(x: Tensor): number {
  return kernels.norm2({ x: vectorDescriptor(x) });
}

/** y ← y + α·x in place (the caller bumps y's version where it must). */
export function axpyRaw(alpha: number, x: Tensor, y: Tensor): void {
  kernels.axpy({ alpha, x: vectorDescriptor(x), y: vectorDescriptor(y) });
}

/** x ← α·x in place. */
export function scalRaw(alpha: number, x: Tensor): void {
  kernels.scal({ alpha, x: vectorDescriptor(x) });
}
