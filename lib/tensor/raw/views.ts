// Views: new (shape, strides, offset) over the same storage, no copy.
import { Shape } from '../shape';
import { Tensor } from '../tensor';

export function view(t: Tensor, shape: Shape, strides: Shape, offset = t.offset): Tensor {
  return new Tensor(t.storage, shape, strides, offset);
}

/** Dimensions reordered: result dim i is t's dim perm[i]. */
export function permuteView(t: Tensor, perm: readonly number[]): Tensor {
  return view(
    t,
    perm.map((p) => t.shape[p]),
    perm.map((p) => t.strides[p]),
  );
}
