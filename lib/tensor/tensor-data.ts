// Tensors inside state trees as plain data { dtype, shape, data }: it survives structuredClone and
// worker postMessage (class instances would not). Optimizer state dicts hold their tensors so,
// fitInWorker posts the trained weights so, and a checkpoint maps it to and from file tensors.
import { fromArray, tensor } from './creation';
import { DType, isTypedArray, TypedArray } from './dtype';
import { Tensor } from './tensor';

export interface TensorData {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** t as tensor data in an array of its own (a copy). */
export function toTensorData(t: Tensor): TensorData {
  return { dtype: t.dtype, shape: t.shape.slice(), data: t.contiguous().values().slice() };
}

/** A contiguous t as tensor data sharing its memory (no copy). */
export function viewAsTensorData(t: Tensor): TensorData {
  return { dtype: t.dtype, shape: t.shape.slice(), data: t.values() };
}

/** A new tensor holding a copy of v's data (in v's dtype; what d.tensor accepts as data). */
export function fromTensorData(v: TensorData, op: string): Tensor {
  if (v === null || typeof v !== 'object' || !('data' in v) || !('shape' in v)) {
    throw new TypeError(`${op}: expected tensor data { dtype, shape, data }`);
  }
  return tensor(v.data, v.shape, { dtype: v.dtype });
}

/** A tensor sharing v's typed array (no copy); v.dtype is taken to be the array's. */
export function viewTensorData(v: TensorData): Tensor {
  return fromArray(v.data, v.shape);
}

/**
 * Whether v has the three fields of tensor data, where a state dict entry is known to be a number
 * or tensor data (fromTensorData then checks the values).
 */
export function isTensorData(v: unknown): v is TensorData {
  return v !== null && typeof v === 'object' && 'data' in (v as object) && 'shape' in (v as object) && 'dtype' in (v as object);
}

/**
 * Whether v is exactly tensor data: a dtype name, a shape array, a typed array and no other field.
 * The test for a tree of arbitrary data (a checkpoint's user meta), where an object that merely
 * has these fields among others is data of its own.
 */
export function isExactTensorData(v: unknown): v is TensorData {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return isTypedArray(r.data) && Array.isArray(r.shape) && typeof r.dtype === 'string' && Object.keys(r).length === 3;
}
