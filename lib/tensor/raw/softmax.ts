// Softmax and log-softmax along one axis, and their first derivatives, on the native
// [outer, len, inner] kernels (contiguous copies are made as needed).
import * as kernels from '../../kernels';
import { splitAtAxis } from '../shape';
import { Tensor } from '../tensor';
import { empty } from './alloc';
import { contiguousRaw } from './copy';
import { contiguousDescriptor } from './descriptor';

function slabs(t: Tensor, axis: number): number[] {
  if (t.ndim === 0) return [1, 1, 1];
  const { outer, len, inner } = splitAtAxis(t.shape, axis);
  return [outer, len, inner];
}

/** softmax(x) along axis, or log-softmax with log. */
export function softmaxRaw(x: Tensor, axis: number, log: boolean): Tensor {
  const src = contiguousRaw(x);
  const out = empty(x.shape, x.dtype);
  const shape = slabs(x, axis);
  kernels.softmax({ log, x: contiguousDescriptor(src, shape), y: contiguousDescriptor(out, shape) });
  return out;
}

/** y ⊙ (g − Σ g⊙y) for y = softmax(x), or g − e^y ⊙ Σ g for y = logSoftmax(x) (log), along axis. */
export function softmaxBackwardRaw(g: Tensor, y: Tensor, axis: number, log: boolean): Tensor {
  const gc = contiguousRaw(g);
  const yc = contiguousRaw(y);
  const out = empty(y.shape, y.dtype);
  const shape = slabs(y, axis);
  kernels.softmaxBackward({ log, g: contiguousDescriptor(gc, shape), y: contiguousDescriptor(yc, shape), dx: contiguousDescriptor(out, shape) });
  return out;
}
