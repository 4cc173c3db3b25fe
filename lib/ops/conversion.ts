// dtype conversion and copies, recorded for autodiff between float dtypes (derivatives in
// lib/derivatives/conversion.ts).
import { defineOp } from '../autograd/function';
import { castRaw } from '../tensor/raw/copy';
import { expectTensor } from '../tensor/raw/operands';
import { checkDType, DType, isFloat } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

/** A converted copy; remembers the source dtype for the derivative. */
export const castOp = defineOp({
  name: 'cast',
  forward: (ctx, t: Tensor, dtype: DType) => {
    ctx.from = t.dtype;
    return castRaw(t, dtype);
  },
});

export const cloneOp = defineOp({
  name: 'clone',
  forward: (_ctx, t: Tensor) => castRaw(t, t.dtype),
});

/**
 * A converted copy (t itself when it already has dtype). Float to int32 truncates toward zero
 * and is not differentiable; between float dtypes gradients flow back converted.
 */
export function to(t: Tensor, dtype: DType): Tensor {
  expectTensor(t, 'to');
  const d = checkDType(dtype, 'to');
  if (d === t.dtype) return t;
  if (!isFloat(d) || !isFloat(t.dtype)) return castRaw(t, d);
  return castOp(t, d);
}

export function clone(t: Tensor): Tensor {
  return cloneOp(expectTensor(t, 'clone'));
}
