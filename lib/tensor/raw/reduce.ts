// Reductions over an axis set, mapped onto the native [outer, len, inner] kernel.
import * as kernels from '../../kernels';
import { ops } from '../../kernels';
import { Shape, splitAtAxis } from '../shape';
import { Tensor } from '../tensor';
import { empty } from './alloc';
import { contiguousRaw } from './copy';
import { contiguousDescriptor } from './descriptor';
import { permuteView } from './views';

export type ReduceName = 'sum' | 'mean' | 'max' | 'min' | 'var' | 'argmax' | 'argmin';

function resultShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (axes.includes(d)) {
      if (keepDims) out.push(1);
    } else {
      out.push(shape[d]);
    }
  }
  return out;
}

/**
 * Reduces x over `axes` (sorted, distinct). One axis runs on x as [outer, len, inner]; several
 * axes are first moved last (a copy when they are not already trailing and adjacent).
 */
export function reduceRaw(name: ReduceName, x: Tensor, axes: readonly number[], keepDims: boolean, correction = 1): Tensor {
  const isArg = name === 'argmax' || name === 'argmin';
  const outShape = resultShape(x.shape, axes, keepDims);
  let src: Tensor;
  let outer: number;
  let len: number;
  let inner: number;
  if (x.ndim === 0) {
    src = contiguousRaw(x);
    outer = 1;
    len = 1;
    inner = 1;
  } else if (axes.length === 1) {
    src = contiguousRaw(x);
    ({ outer, len, inner } = splitAtAxis(x.shape, axes[0]));
  } else {
    const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
    src = contiguousRaw(permuteView(x, [...kept, ...axes]));
    outer = kept.reduce((p, d) => p * x.shape[d], 1);
    len = axes.reduce((p, d) => p * x.shape[d], 1);
    inner = 1;
  }
  const values = isArg ? null : empty(outShape, x.dtype);
  const index = isArg ? empty(outShape, 'int32') : null;
  kernels.reduce({
    op: ops.reduce[name], correction,
    x: contiguousDescriptor(src, [outer, len, inner]),
    out: values ? contiguousDescriptor(values, [outer, inner]) : null,
    index: index ? contiguousDescriptor(index, [outer, inner]) : null,
  });
  return (values ?? index)!;
}
