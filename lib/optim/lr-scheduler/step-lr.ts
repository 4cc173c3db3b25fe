// Step decay (PyTorch's StepLR): the lr falls by γ every stepSize epochs,
//   η_t = η_0 · γ^⌊t / stepSize⌋.
// Chainable form: η_t = γ·η_{t−1} when t > 0 and stepSize divides t, else η_{t−1}.
import { integerAtLeast, knownOptions, positive } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface StepLROptions {
  /** Epochs between decays. Required. */
  stepSize: number;
  /** Decay factor γ. Default 0.1. */
  gamma?: number;
}

export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: StepLROptions) {
    super(optimizer, 'StepLR');
    knownOptions('StepLR', opts, ['stepSize', 'gamma']);
    this.stepSize = integerAtLeast('StepLR', 'stepSize', opts.stepSize, 1);
    this.gamma = positive('StepLR', 'gamma', opts.gamma ?? 0.1);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const e = this.lastEpoch;
    if (e === 0 || e % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), stepSize: this.stepSize, gamma: this.gamma };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.stepSize = r.number('stepSize');
    this.gamma = r.number('gamma');
  }
}
