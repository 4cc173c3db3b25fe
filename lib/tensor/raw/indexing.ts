// Index-driven copies on the native kernels: gather and scatter-add over whole index tensors,
// indexSelect and index-add along one axis, and where. Indices are int32; the kernels check every
// index against the axis it addresses.
import * as kernels from '../../kernels';
import { broadcastStrides, Shape, splitAtAxis } from '../shape';
import { Tensor } from '../tensor';
import { empty, zerosOf } from './alloc';
import { contiguousRaw } from './copy';
import { contiguousDescriptor } from './descriptor';

/** out[i][j][k] = x[i][index[i][j][k]][k] along axis (out has index's shape). */
export function gatherRaw(x: Tensor, axis: number, index: Tensor): Tensor {
  const src = contiguousRaw(x);
  const idx = contiguousRaw(index);
  const { outer, len, inner } = splitAtAxis(x.shape, axis);
  const jlen = index.shape[axis];
  const out = empty(index.shape, x.dtype);
  kernels.gather({
    x: contiguousDescriptor(src, [outer, len, inner]),
    index: contiguousDescriptor(idx, [outer, jlen, inner]),
    out: contiguousDescriptor(out, [outer, jlen, inner]),
  });
  return out;
}

/** The adjoint of gather: zeros of `shape`, then out[…index…] += g along axis. */
export function scatterAddRaw(g: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const src = contiguousRaw(g);
  const idx = contiguousRaw(index);
  const out = zerosOf(shape, g.dtype);
  const { outer, len, inner } = splitAtAxis(shape, axis);
  const jlen = g.shape[axis];
  kernels.scatterAdd({
    src: contiguousDescriptor(src, [outer, jlen, inner]),
    index: contiguousDescriptor(idx, [outer, jlen, inner]),
    out: contiguousDescriptor(out, [outer, len, inner]),
  });
  return out;
}

/** The entries index[0], index[1], ... of x along axis (index 1-D). */
export function indexSelectRaw(x: Tensor, axis: number, index: Tensor): Tensor {
  const src = contiguousRaw(x);
  const idx = contiguousRaw(index);
  const { outer, len, inner } = splitAtAxis(x.shape, axis);
  const jlen = index.shape[0];
  const shape = x.shape.slice();
  shape[axis] = jlen;
  const out = empty(shape, x.dtype);
  kernels.indexSelect({
    x: contiguousDescriptor(src, [outer, len, inner]),
    index: contiguousDescriptor(idx, [jlen]),
    out: contiguousDescriptor(out, [outer, jlen, inner]),
  });
  return out;
}

/** The adjoint of indexSelect: zeros of `shape`, then out[index[j]] += g[j] along axis. */
export function indexAddRaw(g: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const src = contiguousRaw(g);
  const idx = contiguousRaw(index);
  const out = zerosOf(shape, g.dtype);
  const { outer, len, inner } = splitAtAxis(shape, axis);
  const jlen = index.shape[0];
  kernels.indexAdd({
    src: contiguousDescriptor(src, [outer, jlen, inner]),
    index: contiguousDescriptor(idx, [jlen]),
    out: contiguousDescriptor(out, [outer, len, inner]),
  });
  return out;
}

/** cond ≠ 0 ? a : b over the broadcast shape of the three. */
export function whereRaw(cond: Tensor, a: Tensor, b: Tensor, shape: Shape): Tensor {
  const out = empty(shape, a.dtype);
  const broadcast = (t: Tensor) => ({ data: t.storage.data, offset: t.offset, shape, strides: broadcastStrides(t.shape, t.strides, shape) });
  kernels.where({ cond: broadcast(cond), a: broadcast(a), b: broadcast(b), out: contiguousDescriptor(out) });
  return out;
}

