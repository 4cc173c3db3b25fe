// Tensors inside state dicts as plain data: { dtype, shape, data } survives structuredClone and
// worker postMessage (class instances would not).
import { DType, TypedArray } from '../tensor/dtype';
import { tensor } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';

export interface TensorData {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

export function toTensorData(t: Tensor): TensorData {
  return { dtype: t.dtype, shape: t.shape.slice(), data: t.contiguous().values().slice() };
}

export function fromTensorData(v: TensorData, op: string): Tensor {
  if (v === null || typeof v !== 'object' || !('data' in v) || !('shape' in v)) {
    throw new TypeError(`${op}: expected tensor data { dtype, shape, data }`);
  }
  return tensor(v.data, v.shape, { dtype: v.dtype });
}

export function isTensorData(v: unknown): v is TensorData {
  return v !== null && typeof v === 'object' && 'data' in (v as object) && 'shape' in (v as object) && 'dtype' in (v as object);
}
