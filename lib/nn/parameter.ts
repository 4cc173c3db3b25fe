// Parameter: the tensor type a Module recognizes as a learnable parameter.
import { setGradEnabled } from '../autograd/grad-mode';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

export class Parameter extends Tensor {
  /**
   * A leaf sharing t's memory, requiring grad unless requiresGrad is false. t's graph, if any,
   * is not kept (a parameter is always a leaf).
   */
  constructor(t: Tensor, requiresGrad = true) {
    if (!(t instanceof Tensor)) throw new TypeError('Parameter: expected a Tensor');
    if (requiresGrad && t.dtype === 'int32') {
      throw new TypeError(`Parameter: only float tensors can require grad, got an int32 tensor of shape ${formatShape(t.shape)}`);
    }
    super(t.storage, t.shape, t.strides, t.offset);
    this.setRequiresGradUnchecked(requiresGrad);
  }
}

/** Runs fn with recording off (parameter updates), restoring the mode afterwards. */
export function withoutGrad<R>(fn: () => R): R {
  const previous = setGradEnabled(false);
  try {
    return fn();
  } finally {
    setGradEnabled(previous);
  }
}
