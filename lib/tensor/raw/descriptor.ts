// Tensors as the kernel layer's descriptors { data, offset, shape, strides? } (lib/kernels).
import type { TensorDescriptor } from '../../kernels';
import { Shape } from '../shape';
import { Tensor } from '../tensor';

/** t as it lies in its storage: its offset, shape and strides. */
export function descriptorOf(t: Tensor): TensorDescriptor {
  return { data: t.storage.data, offset: t.offset, shape: t.shape, strides: t.strides };
}

/** The elements of a contiguous t read row-major as `shape` (default: t's own). */
export function contiguousDescriptor(t: Tensor, shape: Shape = t.shape): TensorDescriptor {
  return { data: t.storage.data, offset: t.offset, shape };
}

/** t (contiguous) as a vector of its numel() elements. */
export function vectorDescriptor(t: Tensor): TensorDescriptor {
  return { data: t.storage.data, offset: t.offset, shape: [t.numel()] };
}
