// Datasets: indexable collections of examples (the map-style datasets of PyTorch). A
// TensorDataset also gathers a whole batch at once, one native indexSelect per tensor, which the
// DataLoader uses instead of collating row by row.
import { fromArray } from '../tensor/creation';
import { indexSelect } from '../ops/indexing';
import { narrow, squeeze } from '../ops/shape';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/**
 * A collection of `length` examples, example i being `get(i)`. Subclasses implement both; those
 * whose examples are rows of tensors may also implement `getBatch` (the collated batch of several
 * examples in one step), which DataLoader then prefers to calling `get` per example.
 */
export abstract class Dataset<T = Tensor[]> {
  abstract get length(): number;
  abstract get(index: number): T;
  /** The batch of examples `indices`, already collated: one tensor per field, rows in order. */
  getBatch?(indices: Int32Array): Tensor[];
}

/** Throws unless i is an integer in [0, n). */
export function checkIndex(i: number, n: number, op: string): number {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new RangeError(`${op}: index ${String(i)} is out of range for a dataset of length ${n}`);
  }
  return i;
}

/** An index list as an Int32Array, each entry checked against [0, n). */
export function toIndexArray(indices: ArrayLike<number> | Tensor, n: number, op: string): Int32Array {
  let src: ArrayLike<number>;
  if (indices instanceof Tensor) {
    if (indices.ndim !== 1) throw new RangeError(`${op}: indices must be 1-D, got shape ${formatShape(indices.shape)}`);
    if (indices.dtype !== 'int32') throw new TypeError(`${op}: an index tensor must be int32, got ${indices.dtype}`);
    src = indices.contiguous().data;
  } else if (indices !== null && typeof indices === 'object' && typeof indices.length === 'number') {
    src = indices;
  } else {
    throw new TypeError(`${op}: indices must be an array, an Int32Array or an int32 tensor`);
  }
  const out = new Int32Array(src.length);
  for (let k = 0; k < src.length; k++) out[k] = checkIndex(src[k], n, op);
  return out;
}

/**
 * Examples are rows of tensors sharing their first dimension: `get(i)` is
 * `[t0[i], t1[i], ...]` (views), `getBatch(indices)` is `[t0[indices], t1[indices], ...]` (one
 * native gather per tensor). A non-contiguous tensor is copied once, here.
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError('TensorDataset: expected at least one tensor');
    tensors.forEach((t, k) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset: argument ${k} is not a Tensor`);
      if (t.ndim === 0) throw new RangeError(`TensorDataset: tensor ${k} is 0-d; every tensor needs a first (example) dimension`);
    });
    const n = tensors[0].shape[0];
    const bad = tensors.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      throw new RangeError(
        `TensorDataset: tensors must share their first dimension: ${tensors.map((t) => formatShape(t.shape)).join(', ')}`,
      );
    }
    this.tensors = Object.freeze(tensors.map((t) => (t.isContiguous() ? t : t.contiguous())));
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  get(index: number): Tensor[] {
    const i = checkIndex(index, this.length, 'TensorDataset.get');
    return this.tensors.map((t) => squeeze(narrow(t, 0, i, 1), 0));
  }

  override getBatch(indices: Int32Array): Tensor[] {
    const n = this.length;
    for (let k = 0; k < indices.length; k++) checkIndex(indices[k], n, 'TensorDataset.getBatch');
    const index = fromArray(indices, [indices.length]);
    return this.tensors.map((t) => indexSelect(t, 0, index));
  }
}
