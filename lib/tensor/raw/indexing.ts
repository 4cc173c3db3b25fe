// Index-driven copies on the native kernels: gather and scatter-add over whole index tensors,
// indexSelect and index-add along one axis, and where. Indices are int32; the kernels check every
// index against the axis it addresses. Each operand is read as [outer, length along axis, inner].
import * as kernels from '../../kernels';
import type { TensorDescriptor } from '../../kernels';
import { broadcastStrides, Shape, splitAtAxis } from '../shape';
import { Tensor } from '../tensor';
import { empty, zerosOf } from './alloc';
import { contiguousRaw } from './copy';
import { contiguousDescriptor } from './descriptor';

// t (made contiguous) as [outer, len, inner] around `axis` of `shape`.
function slab(t: Tensor, shape: Shape, axis: number, len: number): TensorDescriptor {
  const { outer, inner } = splitAtAxis(shape, axis);
  return contiguousDescriptor(contiguousRaw(t), [outer, len, inner]);
}

/** out[i][j][k] = x[i][index[i][j][k]][k] along axis (out has index's shape). */
export function gatherRaw(x: Tensor, axis: number, index: Tensor): Tensor {
  const jlen = index.shape[axis];
  const out = empty(index.shape, x.dtype);
  kernels.gather({ x: slab(x, x.shape, axis, x.shape[axis]), index: slab(index, x.shape, axis, jlen), out: slab(out, x.shape, axis, jlen) });
  return out;
}

/** The adjoint of gather: zeros of `shape`, then out[…index…] += g along axis. */
export function scatterAddRaw(g: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const jlen = g.shape[axis];
  const out = zerosOf(shape, g.dtype);
  kernels.scatterAdd({ src: slab(g, shape, axis, jlen), index: slab(index, shape, axis, jlen), out: slab(out, shape, axis, shape[axis]) });
  return out;
}

/** The entries index[0], index[1], ... of x along axis (index 1-D). */
export function indexSelectRaw(x: Tensor, axis: number, index: Tensor): Tensor {
  const jlen = index.shape[0];
  const shape = x.shape.slice();
  shape[axis] = jlen;
  const out = empty(shape, x.dtype);
  kernels.indexSelect({ x: slab(x, x.shape, axis, x.shape[axis]), index: contiguousDescriptor(contiguousRaw(index)), out: slab(out, shape, axis, jlen) });
  return out;
}

/** The adjoint of indexSelect: zeros of `shape`, then out[index[j]] += g[j] along axis. */
export function indexAddRaw(g: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const out = zerosOf(shape, g.dtype);
  kernels.indexAdd({ src: slab(g, shape, axis, index.shape[0]), index: contiguousDescriptor(contiguousRaw(index)), out: slab(out, shape, axis, shape[axis]) });
  return out;
}

/** cond ≠ 0 ? a : b over the broadcast shape of the three. */
export function whereRaw(cond: Tensor, a: Tensor, b: Tensor, shape: Shape): Tensor {
  const out = empty(shape, a.dtype);
  const broadcast = (t: Tensor): TensorDescriptor => ({ data: t.storage.data, offset: t.offset, shape, strides: broadcastStrides(t.shape, t.strides, shape) });
  kernels.where({ cond: broadcast(cond), a: broadcast(a), b: broadcast(b), out: contiguousDescriptor(out) });
  return out;
}
