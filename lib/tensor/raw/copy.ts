// Strided copies with dtype conversion: contiguous(), casts, writes into views.
import * as kernels from '../../kernels';
import { DType } from '../dtype';
import { broadcastStrides } from '../shape';
import { Tensor } from '../tensor';
import { empty } from './alloc';
import { descriptorOf } from './descriptor';

/** t itself when contiguous, else a contiguous copy. */
export function contiguousRaw(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  return castRaw(t, t.dtype);
}

/** A contiguous copy of t converted to dtype (float to int32 truncates toward zero). */
export function castRaw(t: Tensor, dtype: DType): Tensor {
  const out = empty(t.shape, dtype);
  copyInto(t, out);
  return out;
}

/** dst[...] = src[...] (src broadcast to dst's shape; dtypes converted). No overlap allowed. */
export function copyInto(src: Tensor, dst: Tensor): void {
  kernels.copy({
    src: { data: src.storage.data, offset: src.offset, shape: dst.shape, strides: broadcastStrides(src.shape, src.strides, dst.shape) },
    dst: descriptorOf(dst),
  });
}
