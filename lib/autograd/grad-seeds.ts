// Seed gradients for backward.
import { fullRaw } from '../tensor/raw/alloc';
import { Tensor } from '../tensor/tensor';

/** A tensor of t's shape and dtype filled with value. */
export function fullLikeRaw(t: Tensor, value: number): Tensor {
  return fullRaw(t.shape, t.dtype, value);
}
