// A view of a dataset through a list of indices (as torch.utils.data.Subset).
import { Tensor } from '../tensor/tensor';
import { checkIndex, Dataset, toIndexArray } from './dataset';

/** Example i is `dataset.get(indices[i])`; batches are gathered by the parent when it can. */
export class Subset<T = Tensor[]> extends Dataset<T> {
  readonly indices: Int32Array;

  constructor(readonly dataset: Dataset<T>, indices: ArrayLike<number> | Tensor) {
    super();
    if (!(dataset instanceof Dataset)) throw new TypeError('Subset: expected a Dataset');
    this.indices = toIndexArray(indices, dataset.length, 'Subset');
    const parent = dataset.getBatch;
    if (typeof parent === 'function') {
      this.getBatch = (batch: Int32Array): Tensor[] => {
        const mapped = new Int32Array(batch.length);
        for (let k = 0; k < batch.length; k++) mapped[k] = this.indices[checkIndex(batch[k], this.indices.length, 'Subset.getBatch')];
        return parent.call(dataset, mapped);
      };
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    return this.dataset.get(this.indices[checkIndex(index, this.indices.length, 'Subset.get')]);
  }
}
