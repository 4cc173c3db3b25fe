// Gradients through broadcasting and reductions, written with recorded ops so they are
// themselves differentiable.
import { sum } from '../ops/reduction';
import { expand, reshape } from '../ops/shape';
import { Shape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/** Sums g (shaped like a broadcast result) down to `shape`: the adjoint of broadcasting. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.ndim; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  }
  const summed = axes.length > 0 ? sum(g, axes, true) : g;
  return reshape(summed, shape);
}

/** The shape a reduction over `axes` has with keepDims. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Spreads a reduction's gradient back over the reduced axes (a broadcast view). */
export function unreduce(g: Tensor, inputShape: Shape, axes: readonly number[]): Tensor {
  return expand(reshape(g, keptShape(inputShape, axes)), inputShape);
}
