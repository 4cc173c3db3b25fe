// The textbook's linear decay (Goodfellow et al., Deep Learning, Sec. 8.3.1 and Alg. 8.1):
//   ε_k = (1 − α)·ε_0 + α·ε_τ,  α = min(k, τ)/τ,
// decaying linearly from ε_0 (the group's initial lr) to ε_τ over τ = totalIters steps and
// constant after. The book suggests ε_τ ≈ ε_0/100 (endFactor 0.01). The lr is set from this
// closed form (not chainable); with endFactor it equals LinearLR({ startFactor: 1, endFactor,
// totalIters }) up to rounding, which is the chainable equivalent.
import { integerAtLeast, knownOptions, numberIn, perGroup } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface LinearDecayOptions {
  /** τ: steps over which the lr decays. Required. */
  totalIters: number;
  /** ε_τ, one for all groups or one per group. Excludes endFactor. */
  endLr?: number | number[];
  /** ε_τ = endFactor·ε_0 when endLr is not given. Default 0.01. */
  endFactor?: number;
}

export class LinearDecay extends LRScheduler {
  totalIters: number;
  /** ε_τ of each group. */
  endLrs: number[];

  constructor(optimizer: ScheduledOptimizer, opts: LinearDecayOptions) {
    super(optimizer, 'LinearDecay');
    const op = 'LinearDecay';
    knownOptions(op, opts, ['totalIters', 'endLr', 'endFactor']);
    this.totalIters = integerAtLeast(op, 'totalIters', opts.totalIters, 1);
    if (opts.endLr !== undefined && opts.endFactor !== undefined) {
      throw new TypeError(`${op}: give endLr or endFactor, not both`);
    }
    this.attach();
    if (opts.endLr !== undefined) {
      this.endLrs = perGroup(op, 'endLr', opts.endLr, this.groups.length, (o, n, v) => numberIn(o, n, v, 0, Infinity));
    } else {
      const f = numberIn(op, 'endFactor', opts.endFactor ?? 0.01, 0, Infinity);
      this.endLrs = this.baseLrs.map((base) => base * f);
    }
    this.initialStep();
  }

  protected override computeLr(): number[] {
    return this.closedFormLr();
  }

  protected override closedFormLr(): number[] {
    const a = Math.min(this.lastEpoch, this.totalIters) / this.totalIters;
    return this.baseLrs.map((e0, i) => (1 - a) * e0 + a * this.endLrs[i]);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), totalIters: this.totalIters, endLrs: this.endLrs.slice() };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.totalIters = r.number('totalIters');
    this.endLrs = r.numbers('endLrs', this.groups.length);
  }
}
