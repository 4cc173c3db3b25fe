// The operands of the element-wise losses (mse, l1, Huber, binary cross-entropy): a float input
// and a target of the same shape and dtype, and optional weights that broadcast to that shape.
import { isFloat } from '../../tensor/dtype';
import { expectTensor } from '../../tensor/raw/operands';
import { broadcastShapes, formatShape, sameShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

/**
 * Checks input and target. Unlike PyTorch, which broadcasts mismatched shapes with a warning,
 * different shapes throw: [N, 1] against [N] silently makes an [N, N] loss.
 */
export function checkPair(input: unknown, target: unknown, op: string): [Tensor, Tensor] {
  const x = expectTensor(input, op, 'input');
  const t = expectTensor(target, op, 'target');
  if (!isFloat(x.dtype)) throw new TypeError(`${op}: input must be float32 or float64, got ${x.dtype}`);
  if (t.dtype !== x.dtype) {
    throw new TypeError(`${op}: target must have the input's dtype ${x.dtype}, got ${t.dtype} (convert it with .to('${x.dtype}'))`);
  }
  if (!sameShape(x.shape, t.shape)) {
    throw new RangeError(`${op}: input ${formatShape(x.shape)} and target ${formatShape(t.shape)} must have the same shape`);
  }
  return [x, t];
}

/** An optional weight tensor of the input's dtype that broadcasts to the input's shape. */
export function checkBroadcastWeight(weight: unknown, input: Tensor, op: string, what: string): Tensor | null {
  if (weight === undefined || weight === null) return null;
  const w = expectTensor(weight, op, what);
  if (w.dtype !== input.dtype) throw new TypeError(`${op}: ${what} must have the input's dtype ${input.dtype}, got ${w.dtype}`);
  let fits = w.ndim <= input.ndim;
  if (fits) {
    try {
      fits = sameShape(broadcastShapes(op, input.shape, w.shape), input.shape);
    } catch {
      fits = false;
    }
  }
  if (!fits) {
    throw new RangeError(`${op}: ${what} of shape ${formatShape(w.shape)} does not broadcast to the input's shape ${formatShape(input.shape)}`);
  }
  return w;
}
