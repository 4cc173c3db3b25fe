// The SWA learning rate (Izmailov et al. 2018, "Averaging weights leads to wider optima";
// PyTorch's torch.optim.swa_utils.SWALR): anneals each group's lr from its value when the
// schedule starts to a constant swaLr over annealEpochs steps, then holds it:
//   η_t = α_t·η_swa + (1 − α_t)·η_start,  α_t = f(min(1, t/annealEpochs)),
//   f(x) = (1 − cos πx)/2 ('cos') or x ('linear').
// It is computed in PyTorch's recursive form: η_start is recovered from the current lr as
// (η_{t−1} − α_{t−1}·η_swa)/(1 − α_{t−1}), so another schedule may change the lr in between.
import { integerAtLeast, knownOptions, numberIn, oneOf, perGroup } from '../lr-scheduler/options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from '../lr-scheduler/scheduler';

export type SWAAnnealStrategy = 'cos' | 'linear';

export interface SWALROptions {
  /** The lr to anneal to, one for all groups or one per group. Required. */
  swaLr: number | number[];
  /** Steps of the annealing (0: jump to swaLr at the first step). Default 10. */
  annealEpochs?: number;
  /** Default 'cos'. */
  annealStrategy?: SWAAnnealStrategy;
}

export class SWALR extends LRScheduler {
  swaLrs: number[];
  annealEpochs: number;
  annealStrategy: SWAAnnealStrategy;

  constructor(optimizer: ScheduledOptimizer, opts: SWALROptions) {
    super(optimizer, 'SWALR');
    const op = 'SWALR';
    knownOptions(op, opts, ['swaLr', 'annealEpochs', 'annealStrategy']);
    this.swaLrs = perGroup(op, 'swaLr', opts.swaLr, this.groups.length, (o, n, v) => numberIn(o, n, v, 0, Infinity));
    this.annealEpochs = integerAtLeast(op, 'annealEpochs', opts.annealEpochs ?? 10, 0);
    this.annealStrategy = oneOf(op, 'annealStrategy', opts.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
    this.attach();
    this.initialStep();
  }

  private anneal(t: number): number {
    return this.annealStrategy === 'cos' ? (1 - Math.cos(Math.PI * t)) / 2 : t;
  }

  protected override computeLr(): number[] {
    let step = this.stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const span = Math.max(1, this.annealEpochs);
    const prevAlpha = this.anneal(Math.max(0, Math.min(1, (step - 1) / span)));
    const alpha = this.anneal(Math.max(0, Math.min(1, step / span)));
    return this.groups.map((g, i) => {
      const swa = this.swaLrs[i];
      const start = prevAlpha === 1 ? swa : (g.lr - prevAlpha * swa) / (1 - prevAlpha);
      return swa * alpha + start * (1 - alpha);
    });
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), swaLrs: this.swaLrs.slice(), annealEpochs: this.annealEpochs, annealStrategy: this.annealStrategy };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.swaLrs = r.numbers('swaLrs', this.groups.length);
    this.annealEpochs = r.number('annealEpochs');
    this.annealStrategy = r.choice('annealStrategy', ['cos', 'linear'] as const);
  }
}
