// dtype conversion and copies.
import { castRaw } from '../raw/copy';
import { expectTensor } from '../raw/operands';
import { checkDType, DType } from '../dtype';
import { Tensor } from '../tensor';

/** A converted copy (t itself when it already has dtype). Float to int32 truncates toward zero. */
export function to(t: Tensor, dtype: DType): Tensor {
  expectTensor(t, 'to');
  const d = checkDType(dtype, 'to');
  return d === t.dtype ? t : castRaw(t, d);
}

export function clone(t: Tensor): Tensor {
  return castRaw(expectTensor(t, 'clone'), t.dtype);
}
