// Decay at milestones (PyTorch's MultiStepLR): the lr falls by γ at each milestone passed,
//   η_t = η_0 · γ^|{m ∈ milestones : m ≤ t}|
// (a milestone listed twice counts twice). Chainable form: η_t = γ^c·η_{t−1}, c the number of
// times t is listed.
import { integerAtLeast, knownOptions, positive } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface MultiStepLROptions {
  /** Epochs at which the lr decays (non-negative integers, any order, repeats count). Required. */
  milestones: number[];
  /** Decay factor γ. Default 0.1. */
  gamma?: number;
}

export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted. */
  milestones: number[];
  gamma: number;

  constructor(optimizer: ScheduledOptimizer, opts: MultiStepLROptions) {
    super(optimizer, 'MultiStepLR');
    knownOptions('MultiStepLR', opts, ['milestones', 'gamma']);
    if (!Array.isArray(opts.milestones)) {
      throw new TypeError(`MultiStepLR: milestones must be an array of integers, got ${String(opts.milestones)}`);
    }
    this.milestones = opts.milestones.map((m, i) => integerAtLeast('MultiStepLR', `milestones[${i}]`, m, 0)).sort((a, b) => a - b);
    this.gamma = positive('MultiStepLR', 'gamma', opts.gamma ?? 0.1);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), milestones: this.milestones.slice(), gamma: this.gamma };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.milestones = r.numbers('milestones').sort((a, b) => a - b);
    this.gamma = r.number('gamma');
  }
}
