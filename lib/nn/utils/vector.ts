// Parameters as one flat vector and back (for line searches and second-order methods).
import { setGradEnabled } from '../../autograd/grad-mode';
import { concat, reshape } from '../../ops/shape';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

/** The parameters flattened and concatenated (a copy). */
export function parametersToVector(params: Iterable<Tensor>): Tensor {
  const list = [...params];
  if (list.length === 0) throw new RangeError('parametersToVector: no parameters');
  const previous = setGradEnabled(false);
  try {
    return concat(list.map((p) => reshape(p.detach(), [-1])));
  } finally {
    setGradEnabled(previous);
  }
}

/** Copies consecutive slices of vec into the parameters (in place, not recorded). */
export function vectorToParameters(vec: Tensor, params: Iterable<Tensor>): void {
  const list = [...params];
  const total = list.reduce((s, p) => s + p.numel(), 0);
  if (!(vec instanceof Tensor) || vec.ndim !== 1 || vec.numel() !== total) {
    throw new RangeError(`vectorToParameters: expected a 1-D tensor of ${total} elements, got ${vec instanceof Tensor ? formatShape(vec.shape) : typeof vec}`);
  }
  const previous = setGradEnabled(false);
  try {
    let at = 0;
    for (const p of list) {
      p.copy_(reshape(vec.narrow(0, at, p.numel()), p.shape as number[]));
      at += p.numel();
    }
  } finally {
    setGradEnabled(previous);
  }
}
