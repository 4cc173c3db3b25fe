// Identity initialization (Keras's Identity, PyTorch's eye_): a layer that starts by passing
// its input through, e.g. the recurrent weights of Le, Jaitly & Hinton's IRNN (2015).
import { zerosOf } from '../../tensor/raw/alloc';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { expectInitTarget, expectOptions, finiteOption, writeTensor } from './write';

export interface IdentityOptions {
  /** The value on the diagonal (default 1). */
  gain?: number;
}

/**
 * gain·I for a 2-D t; a non-square t gets gain on the diagonal of its leading square and zeros
 * elsewhere (W[i][i] = gain for i < min(rows, cols)), as torch.eye and current Keras do. (The
 * older Keras text in the references tiles several identities along the long side instead.)
 * Options: gain = 1.
 */
export function identity_<T extends Tensor>(t: T, opts?: IdentityOptions): T {
  const op = 'identity_';
  expectInitTarget(t, op);
  const gain = finiteOption(expectOptions(opts, op).gain, 1, op, 'gain');
  if (t.ndim !== 2) throw new RangeError(`${op}: only 2-D tensors are supported, got shape ${formatShape(t.shape)}`);
  const [rows, cols] = t.shape;
  const out = zerosOf(t.shape, t.dtype);
  const w = out.storage.data;
  for (let i = 0; i < Math.min(rows, cols); i++) w[i * cols + i] = gain;
  return writeTensor(t, out);
}
