// Polyak averaging (Polyak & Juditsky 1992): a copy of the model whose parameters follow the
// average of the iterates the optimizer visits,
//   polyak:  θ̂_n = θ̂_{n−1} + (θ_n − θ̂_{n−1})/n          (the arithmetic mean)
//   ema:     θ̂_n = d·θ̂_{n−1} + (1 − d)·θ_n               (the exponential moving average)
// as torch.optim.swa_utils.AveragedModel. Call updateParameters(model) after optimizer steps.
import { setGradEnabled } from '../../autograd/grad-mode';
import { tensor, zeros } from '../../tensor/creation';
import { Tensor } from '../../tensor/tensor';
import { cloneModule } from '../../nn/clone';
import { Module } from '../../nn/module';

export interface AveragedModelOptions {
  /** 'polyak' (arithmetic mean of the iterates) or 'ema'. Default 'polyak'. */
  mode?: 'polyak' | 'ema';
  /** EMA decay d in [0, 1). Default 0.999. */
  decay?: number;
  /**
   * Average buffers (batch-norm statistics) too; otherwise keep the copy's own (as torch 1.13; run
   * updateBn on the average to recompute batch-norm statistics). Default false.
   */
  useBuffers?: boolean;
}

export class AveragedModel extends Module {
  /** The averaged copy (stateDict keys 'module.…', as PyTorch's). */
  module: Module;
  readonly mode: 'polyak' | 'ema';
  readonly decay: number;
  readonly useBuffers: boolean;

  constructor(model: Module, opts: AveragedModelOptions = {}) {
    super();
    if (!(model instanceof Module)) throw new TypeError('AveragedModel: expected a Module');
    this.mode = opts.mode ?? 'polyak';
    if (this.mode !== 'polyak' && this.mode !== 'ema') throw new RangeError(`AveragedModel: mode must be 'polyak' or 'ema', got ${String(opts.mode)}`);
    this.decay = opts.decay ?? 0.999;
    if (!(this.decay >= 0 && this.decay < 1)) throw new RangeError(`AveragedModel: decay must be in [0, 1), got ${this.decay}`);
    this.useBuffers = opts.useBuffers ?? false;
    this.module = cloneModule(model);
    for (const p of this.module.parameters()) p.requiresGrad = false;
    this.registerBuffer('n_averaged', zeros([], { dtype: 'int32' }));
  }

  /** Number of models averaged so far. */
  get nAveraged(): number {
    return this.buffer('n_averaged')!.item();
  }

  forward(...inputs: Tensor[]): Tensor {
    return this.module.call(...inputs);
  }

  /** Folds model's current parameters (and buffers with useBuffers) into the average. */
  updateParameters(model: Module): void {
    const mine = this.tracked(this.module);
    const theirs = this.tracked(model);
    if (mine.length !== theirs.length) {
      throw new RangeError(`AveragedModel.updateParameters: the model has ${theirs.length} tensors to average, the average ${mine.length}`);
    }
    const n = this.nAveraged;
    const previous = setGradEnabled(false);
    try {
      mine.forEach((avg, i) => {
        const p = theirs[i];
        if (avg.numel() !== p.numel()) throw new RangeError(`AveragedModel.updateParameters: tensor ${i} has ${p.numel()} elements, its average ${avg.numel()}`);
        if (n === 0) {
          avg.copy_(p);
        } else if (avg.dtype === 'int32') {
          avg.copy_(this.integerAverage(avg, p, n));
        } else if (this.mode === 'polyak') {
          avg.add_(p.to(avg.dtype).sub(avg).div(n + 1));
        } else {
          avg.mul_(this.decay).add_(p.to(avg.dtype).mul(1 - this.decay));
        }
      });
      this.buffer('n_averaged')!.add_(1);
    } finally {
      setGradEnabled(previous);
    }
  }

  // An integer buffer (batch norm's num_batches_tracked, with useBuffers) is averaged as PyTorch
  // does it: the same formula in floating point, then truncated toward zero on the copy back.
  private integerAverage(avg: Tensor, p: Tensor, n: number): Tensor {
    const a = avg.contiguous().values();
    const b = p.contiguous().values();
    const out = Array.from(a, (v, i) =>
      Math.trunc(this.mode === 'polyak' ? v + (b[i] - v) / (n + 1) : this.decay * v + (1 - this.decay) * b[i]));
    return tensor(out, avg.shape as number[], { dtype: 'int32' });
  }

  private tracked(m: Module): Tensor[] {
    return this.useBuffers ? [...m.parameters(), ...m.buffers()] : m.parameters();
  }
}
