// The few tensor operations the engine itself performs on gradients.
import { zerosOf } from '../tensor/raw/alloc';
import { castRaw } from '../tensor/raw/copy';
import { add } from '../tensor/ops/arithmetic';
import { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

/** a + b; recorded when the engine runs with createGraph (grad mode is then on). */
export function addGrad(a: Tensor, b: Tensor): Tensor {
  return add(a, b);
}

/** A contiguous copy that does not require grad. */
export function detachedCopy(g: Tensor): Tensor {
  return castRaw(g, g.dtype);
}

export function zerosFor(shape: readonly number[], dtype: DType): Tensor {
  return zerosOf(shape, dtype);
}
