// dtype conversion and copies, recorded for autodiff between float dtypes.
import { defineOp } from '../../autograd/function';
import { castRaw } from '../raw/copy';
import { expectTensor } from '../raw/operands';
import { checkDType, DType, isFloat } from '../dtype';
import { Tensor } from '../tensor';

const castOp: (t: Tensor, dtype: DType) => Tensor = defineOp({
  name: 'cast',
  forward: (ctx, t: Tensor, dtype: DType) => {
    ctx.from = t.dtype;
    return castRaw(t, dtype);
  },
  backward: (ctx, g): Array<Tensor | null> => [castOp(g, ctx.from as DType), null],
});

const cloneOp = defineOp({
  name: 'clone',
  forward: (_ctx, t: Tensor) => castRaw(t, t.dtype),
  backward: (_ctx, g): Array<Tensor | null> => [g],
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
