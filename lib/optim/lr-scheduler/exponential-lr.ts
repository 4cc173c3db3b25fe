// Exponential decay (PyTorch's ExponentialLR): η_t = η_0 · γ^t; chainable form η_t = γ·η_{t−1}.
import { knownOptions, positive } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface ExponentialLROptions {
  /** The factor γ per epoch. Required. */
  gamma: number;
}

export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: ExponentialLROptions) {
    super(optimizer, 'ExponentialLR');
    knownOptions('ExponentialLR', opts, ['gamma']);
    this.gamma = positive('ExponentialLR', 'gamma', opts.gamma);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    if (this.isInitial) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), gamma: this.gamma };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.gamma = r.number('gamma');
  }
}
