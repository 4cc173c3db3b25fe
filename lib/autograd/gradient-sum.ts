// The sum of two gradients of one shape that meet at a node or a leaf. When the backward pass is
// recorded (createGraph) the sum is recorded too, as an 'add' node whose derivative passes the
// upstream gradient to both terms.
import { binaryRaw } from '../tensor/raw/elementwise';
import { Tensor } from '../tensor/tensor';
import { applyOp } from './function';
import { BackwardFn, Context } from './node';

const forward = (_ctx: Context, ...args: unknown[]) => binaryRaw('add', args[0] as Tensor, args[1] as Tensor, 0, 0, 'add');
const backward: BackwardFn = (_ctx, g) => [g, g];

/** a + b for gradients a and b of the same shape and dtype (recorded when grad mode is on). */
export function sumGradients(a: Tensor, b: Tensor): Tensor {
  return applyOp('add', forward, backward, true, [a, b]) as Tensor;
}
