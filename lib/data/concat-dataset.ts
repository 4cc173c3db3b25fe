// Several datasets end to end (as torch.utils.data.ConcatDataset).
import { fromArray } from '../tensor/creation';
import { indexSelect } from '../ops/indexing';
import { concat } from '../ops/shape';
import { Tensor } from '../tensor/tensor';
import { checkIndex, Dataset } from './dataset';

/**
 * Example i of the concatenation is example i − offset(k) of the k-th dataset. When every part
 * gathers batches (TensorDatasets and their subsets), a batch is one gather per part and per
 * field, then one gather restoring the requested order.
 */
export class ConcatDataset<T = Tensor[]> extends Dataset<T> {
  readonly datasets: readonly Dataset<T>[];
  /** cumulativeSizes[k]: examples in datasets 0..k. */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: readonly Dataset<T>[]) {
    super();
    if (!Array.isArray(datasets) || datasets.length === 0) throw new TypeError('ConcatDataset: expected a non-empty array of datasets');
    datasets.forEach((ds, k) => {
      if (!(ds instanceof Dataset)) throw new TypeError(`ConcatDataset: entry ${k} is not a Dataset`);
    });
    this.datasets = Object.freeze(datasets.slice());
    let total = 0;
    this.cumulativeSizes = Object.freeze(datasets.map((ds) => (total += ds.length)));
    if (datasets.every((ds) => typeof ds.getBatch === 'function')) {
      this.getBatch = (indices: Int32Array): Tensor[] => this.gather(indices);
    }
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }

  /** [dataset number, index inside it] of example i. */
  locate(index: number): [number, number] {
    const i = checkIndex(index, this.length, 'ConcatDataset');
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid] > i) hi = mid;
      else lo = mid + 1;
    }
    return [lo, i - (lo === 0 ? 0 : this.cumulativeSizes[lo - 1])];
  }

  get(index: number): T {
    const [k, j] = this.locate(index);
    return this.datasets[k].get(j);
  }

  private gather(indices: Int32Array): Tensor[] {
    const parts = this.datasets.length;
    const local: number[][] = Array.from({ length: parts }, () => []);
    const where: number[][] = Array.from({ length: parts }, () => []);
    indices.forEach((index, pos) => {
      const [k, j] = this.locate(index);
      local[k].push(j);
      where[k].push(pos);
    });
    const used = local.map((l, k) => k).filter((k) => local[k].length > 0);
    if (used.length === 1) return this.datasets[used[0]].getBatch!(Int32Array.from(local[used[0]]));
    const pieces = used.map((k) => this.datasets[k].getBatch!(Int32Array.from(local[k])));
    // Row r of the concatenated pieces is example where[k][...] of the batch; invert that.
    const order = new Int32Array(indices.length);
    let r = 0;
    for (const k of used) for (const pos of where[k]) order[pos] = r++;
    const index = fromArray(order, [order.length]);
    return pieces[0].map((_, f) => indexSelect(concat(pieces.map((p) => p[f]), 0), 0, index));
  }
}
