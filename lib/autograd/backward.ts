// Tensor.backward, autograd.grad and the requiresGrad rules.
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { fullLikeRaw } from './grad-seeds';
import { BackwardOptions, runBackward } from './engine';
import { isGradEnabled } from './grad-mode';

export type { BackwardOptions };

function seedFor(t: Tensor, gradient: Tensor | undefined, op: string): Tensor {
  if (gradient !== undefined) {
    if (!(gradient instanceof Tensor)) throw new TypeError(`${op}: gradient must be a Tensor`);
    return gradient;
  }
  if (t.numel() !== 1) {
    throw new RangeError(`${op}: the gradient can be omitted only for one-element outputs; pass one of shape ${formatShape(t.shape)}`);
  }
  return fullLikeRaw(t, 1);
}

export function backward(t: Tensor, gradient: Tensor | undefined, opts: BackwardOptions): void {
  runBackward([t], [seedFor(t, gradient, 'backward')], { ...opts, op: 'backward' });
}

export interface GradOptions extends BackwardOptions {
  /** Gradients flowing into the outputs (default: ones for one-element outputs). */
  gradOutputs?: Array<Tensor | undefined>;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
  /** @internal Partial derivatives: stop at the inputs (see engine.ts). */
  stopAtInputs?: boolean;
}

/**
 * The gradients of the sum of outputs (weighted by gradOutputs) with respect to inputs, without
 * touching any .grad. With createGraph they are differentiable.
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): Tensor[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  outs.forEach((o, i) => {
    if (!(o instanceof Tensor)) throw new TypeError(`grad: outputs[${i}] must be a Tensor`);
  });
  const seeds = outs.map((o, i) => seedFor(o, opts.gradOutputs?.[i], 'grad'));
  return runBackward(outs, seeds, { ...opts, op: 'grad', inputs: ins }) as Tensor[];
}

export function retainGrad(t: Tensor): void {
  if (!t.requiresGrad) throw new Error('retainGrad: the tensor does not require grad');
  if (t.isLeaf) return;
  const node = t.gradFn!;
  if (node.retained === null) node.retained = new Array(node.numOutputs).fill(undefined);
  node.retained[t.outputIndex] = new WeakRef(t);
}

export { isGradEnabled };
