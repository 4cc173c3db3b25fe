// Fresh tensors from the allocator.
import { DType } from '../dtype';
import { sizeOf, Shape } from '../shape';
import { allocate } from '../storage';
import { Tensor } from '../tensor';
import { fillRaw } from './fill';

/** A contiguous tensor whose contents are unspecified: the caller writes every element. */
export function empty(shape: Shape, dtype: DType): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape), false), shape);
}

export function zerosOf(shape: Shape, dtype: DType): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape), true), shape);
}

/** A 0-d tensor holding value. */
export function scalarOf(value: number, dtype: DType): Tensor {
  const t = new Tensor(allocate(dtype, 1, false), []);
  t.storage.data[0] = value;
  return t;
}

/** A contiguous tensor with every element equal to value. */
export function fullRaw(shape: Shape, dtype: DType, value: number): Tensor {
  const out = empty(shape, dtype);
  fillRaw(out, value);
  return out;
}
