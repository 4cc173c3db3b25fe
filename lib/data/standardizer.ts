// Standardization: x' = (x − μ) / σ per feature, with μ and σ fitted on the training rows only,
// so that no statistic of held-out data leaks into training (the same μ and σ are then applied
// to validation and test data).
import { tensor } from '../tensor/creation';
import { isFloat } from '../tensor/dtype';
import { add, div, mul, sub } from '../ops/arithmetic';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { toIndexArray } from './dataset';

/**
 * Per-feature standardization of [N, F] data. `fit` computes the mean and the population
 * standard deviation (divisor N) of each column over the given rows, in float64; a feature
 * with (numerically) zero spread gets σ = 1, so it maps to 0 instead of dividing by zero.
 */
export class Standardizer {
  private meanValue: Float64Array | null = null;
  private stdValue: Float64Array | null = null;

  /** Fits μ and σ on x's rows, or only on rows `indices` (for example a training split). */
  fit(x: Tensor, indices?: ArrayLike<number> | Tensor): this {
    const op = 'Standardizer.fit';
    const [n, f] = this.checkInput(x, op);
    const rows = indices === undefined ? null : toIndexArray(indices, n, op);
    const m = rows === null ? n : rows.length;
    if (m === 0) throw new RangeError(`${op}: no rows to fit on`);
    const data = x.contiguous().data;
    const mean = new Float64Array(f);
    const sq = new Float64Array(f);
    for (let r = 0; r < m; r++) {
      const base = (rows === null ? r : rows[r]) * f;
      for (let j = 0; j < f; j++) mean[j] += data[base + j];
    }
    for (let j = 0; j < f; j++) mean[j] /= m;
    // Two passes: the sum of squared deviations does not cancel as E[x²] − E[x]² does.
    for (let r = 0; r < m; r++) {
      const base = (rows === null ? r : rows[r]) * f;
      for (let j = 0; j < f; j++) {
        const d = data[base + j] - mean[j];
        sq[j] += d * d;
      }
    }
    const std = new Float64Array(f);
    for (let j = 0; j < f; j++) {
      const s = Math.sqrt(sq[j] / m);
      std[j] = s <= 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j])) ? 1 : s;
    }
    this.meanValue = mean;
    this.stdValue = std;
    return this;
  }

  /** (x − μ) / σ, in x's dtype. */
  transform(x: Tensor): Tensor {
    const [, f] = this.checkInput(x, 'Standardizer.transform');
    const { mean, std } = this.fitted('Standardizer.transform', f);
    return div(sub(x, tensor(mean, { dtype: x.dtype })), tensor(std, { dtype: x.dtype }));
  }

  /** fit(x, indices) then transform(x). */
  fitTransform(x: Tensor, indices?: ArrayLike<number> | Tensor): Tensor {
    return this.fit(x, indices).transform(x);
  }

  /** x·σ + μ. */
  inverseTransform(x: Tensor): Tensor {
    const [, f] = this.checkInput(x, 'Standardizer.inverseTransform');
    const { mean, std } = this.fitted('Standardizer.inverseTransform', f);
    return add(mul(x, tensor(std, { dtype: x.dtype })), tensor(mean, { dtype: x.dtype }));
  }

  /** The fitted per-feature means (float64 [F]). */
  get mean(): Tensor {
    return tensor(this.fitted('Standardizer.mean').mean);
  }

  /** The fitted per-feature standard deviations (float64 [F], 1 for constant features). */
  get std(): Tensor {
    return tensor(this.fitted('Standardizer.std').std);
  }

  /** { mean, std } as float64 tensors (for checkpoints). */
  stateDict(): Record<string, Tensor> {
    return { mean: this.mean, std: this.std };
  }

  loadStateDict(state: Record<string, Tensor>): this {
    const op = 'Standardizer.loadStateDict';
    const { mean, std } = state ?? {};
    if (!(mean instanceof Tensor) || !(std instanceof Tensor)) throw new TypeError(`${op}: expected { mean, std } tensors`);
    if (mean.ndim !== 1 || std.ndim !== 1 || mean.shape[0] !== std.shape[0]) {
      throw new RangeError(`${op}: mean and std must be 1-D of one length, got ${formatShape(mean.shape)} and ${formatShape(std.shape)}`);
    }
    const s = Float64Array.from(std.contiguous().data);
    if (s.some((v) => !(v > 0) || !Number.isFinite(v))) throw new RangeError(`${op}: std must be positive and finite`);
    this.meanValue = Float64Array.from(mean.contiguous().data);
    this.stdValue = s;
    return this;
  }

  private checkInput(x: Tensor, op: string): [number, number] {
    if (!(x instanceof Tensor)) throw new TypeError(`${op}: expected a Tensor`);
    if (x.ndim !== 2) throw new RangeError(`${op}: expected [N, F] data, got shape ${formatShape(x.shape)}`);
    if (!isFloat(x.dtype)) throw new TypeError(`${op}: expected float32 or float64 data, got ${x.dtype}`);
    return [x.shape[0], x.shape[1]];
  }

  private fitted(op: string, features?: number): { mean: Float64Array; std: Float64Array } {
    if (this.meanValue === null || this.stdValue === null) throw new Error(`${op}: call fit first`);
    if (features !== undefined && features !== this.meanValue.length) {
      throw new RangeError(`${op}: fitted on ${this.meanValue.length} features, got ${features}`);
    }
    return { mean: this.meanValue, std: this.stdValue };
  }
}
