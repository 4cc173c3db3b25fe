// Normalization layers: BatchNorm1d (running statistics for evaluation) and GroupNorm.
import { DType } from '../../tensor/dtype';
import { Tensor } from '../../tensor/tensor';
import { full, zeros } from '../../tensor/creation';
import { batchNorm } from '../functional/batch-norm';
import { groupNorm } from '../functional/group-norm';
import { Module } from '../module';
import { Parameter } from '../parameter';

export interface BatchNormOptions {
  eps?: number;
  /** Running-statistics momentum; null for a cumulative moving average. Default 0.1. */
  momentum?: number | null;
  /** Learn γ (initialized to 1) and β (to 0). Default true. */
  affine?: boolean;
  /** Keep running statistics for evaluation. Default true. */
  trackRunningStats?: boolean;
  dtype?: DType;
}

/**
 * Batch normalization over [N, C] or [N, C, L] (Ioffe & Szegedy 2015). Training normalizes with
 * the minibatch mean and biased variance and updates running_mean and the unbiased running_var;
 * evaluation normalizes with the running statistics. State-dict keys as PyTorch's: weight, bias,
 * running_mean, running_var, num_batches_tracked.
 */
export class BatchNorm1d extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  readonly eps: number;
  /** Running-statistics momentum (null: cumulative average). updateBn changes it temporarily. */
  momentum: number | null;

  constructor(readonly numFeatures: number, opts: BatchNormOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new RangeError(`BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`);
    const dtype = opts.dtype ?? 'float32';
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(full([numFeatures], 1, { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    if (opts.trackRunningStats ?? true) {
      this.registerBuffer('running_mean', zeros([numFeatures], { dtype }));
      this.registerBuffer('running_var', full([numFeatures], 1, { dtype }));
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
  }

  get runningMean(): Tensor | null { return this.buffer('running_mean'); }
  get runningVar(): Tensor | null { return this.buffer('running_var'); }
  get numBatchesTracked(): Tensor | null { return this.buffer('num_batches_tracked'); }

  forward(x: Tensor): Tensor {
    if (x.ndim >= 2 && x.shape[1] !== this.numFeatures) {
      throw new RangeError(`BatchNorm1d: expected ${this.numFeatures} channels (input [N, C] or [N, C, L]), got input of shape [${x.shape.join(', ')}]`);
    }
    return batchNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight, bias: this.bias, training: this.training || this.runningMean === null,
      momentum: this.momentum, eps: this.eps, numBatchesTracked: this.numBatchesTracked,
    });
  }

  /** Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0. */
  resetRunningStats(): void {
    this.runningMean?.detach().fill_(0);
    this.runningVar?.detach().fill_(1);
    this.numBatchesTracked?.detach().fill_(0);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}

export interface GroupNormOptions {
  eps?: number;
  /** Learn per-channel γ (initialized to 1) and β (to 0). Default true. */
  affine?: boolean;
  dtype?: DType;
}

/** Group normalization over [N, C, *] (Wu & He 2018): the same in training and evaluation. */
export class GroupNorm extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  readonly eps: number;

  constructor(readonly numGroups: number, readonly numChannels: number, opts: GroupNormOptions = {}) {
    super();
    if (!Number.isInteger(numGroups) || !Number.isInteger(numChannels) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new RangeError(`GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    }
    const dtype = opts.dtype ?? 'float32';
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.affine ?? true;
    this.weight = affine ? new Parameter(full([numChannels], 1, { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    return groupNorm(x, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.weight !== null}`;
  }
}

