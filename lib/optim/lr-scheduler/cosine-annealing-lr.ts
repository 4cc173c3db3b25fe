// Cosine annealing (Loshchilov & Hutter 2017, SGDR without restarts; PyTorch's CosineAnnealingLR):
//   η_t = η_min + (η_0 − η_min)(1 + cos(πt/TMax))/2.
// Chainable form (which keeps going past TMax, back up to η_0 at 2·TMax, and so on):
//   η_t = η_min + (η_{t−1} − η_min)(1 + cos(πt/TMax)) / (1 + cos(π(t − 1)/TMax)),
// and, where that is 0/0 (t − 1 − TMax a multiple of 2·TMax),
//   η_t = η_{t−1} + (η_0 − η_min)(1 − cos(π/TMax))/2.
import { integerAtLeast, knownOptions, numberIn } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface CosineAnnealingLROptions {
  /** Half period TMax (epochs from η_0 down to η_min). Required. */
  TMax: number;
  /** The minimum lr η_min. Default 0. */
  etaMin?: number;
}

export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;

  constructor(optimizer: ScheduledOptimizer, opts: CosineAnnealingLROptions) {
    super(optimizer, 'CosineAnnealingLR');
    knownOptions('CosineAnnealingLR', opts, ['TMax', 'etaMin']);
    this.TMax = integerAtLeast('CosineAnnealingLR', 'TMax', opts.TMax, 1);
    this.etaMin = numberIn('CosineAnnealingLR', 'etaMin', opts.etaMin ?? 0, 0, Infinity);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const { lastEpoch: t, TMax: T, etaMin } = this;
    if (this.isInitial) return this.groups.map((g) => g.lr);
    if ((t - 1 - T) % (2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T));
    return this.groups.map((g) => ratio * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: t, TMax: T, etaMin } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), TMax: this.TMax, etaMin: this.etaMin };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.TMax = r.number('TMax');
    this.etaMin = r.number('etaMin');
  }
}
