// Seed gradients for backward.
import { empty } from '../tensor/raw/alloc';
import { native } from '../native';
import { Tensor } from '../tensor/tensor';

/** A tensor of t's shape and dtype filled with value. */
export function fullLikeRaw(t: Tensor, value: number): Tensor {
  const out = empty(t.shape, t.dtype);
  native.fill(out.storage.data, 0, out.numel(), value);
  return out;
}
