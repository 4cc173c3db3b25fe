// Cosine annealing with warm restarts (Loshchilov & Hutter 2017, SGDR; PyTorch's
// CosineAnnealingWarmRestarts):
//   η = η_min + (η_0 − η_min)(1 + cos(π·T_cur/T_i))/2,
// T_cur the epochs since the last restart, T_i the length of the current run: T_0 first, then
// multiplied by TMult at each restart. step(epoch) takes fractional epochs (one call per batch:
// step(epoch + i/batches)); for TMult > 1 the run holding epoch is n = ⌊log_TMult(epoch/T_0·(TMult − 1) + 1)⌋.
import { integerAtLeast, knownOptions, numberIn } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart, T_0. Required. */
  T0: number;
  /** Factor by which each run is longer than the previous (an integer ≥ 1). Default 1. */
  TMult?: number;
  /** The minimum lr η_min. Default 0. */
  etaMin?: number;
}

export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  TMult: number;
  etaMin: number;
  /** The length of the current run. */
  TI: number;
  /** Epochs since the last restart (fractional after step(epoch)). */
  TCur: number;

  constructor(optimizer: ScheduledOptimizer, opts: CosineAnnealingWarmRestartsOptions) {
    super(optimizer, 'CosineAnnealingWarmRestarts');
    const op = 'CosineAnnealingWarmRestarts';
    knownOptions(op, opts, ['T0', 'TMult', 'etaMin']);
    this.T0 = integerAtLeast(op, 'T0', opts.T0, 1);
    this.TMult = integerAtLeast(op, 'TMult', opts.TMult ?? 1, 1);
    this.etaMin = numberIn(op, 'etaMin', opts.etaMin ?? 0, 0, Infinity);
    this.TI = this.T0;
    this.TCur = this.lastEpoch;
    this.attach();
    this.initialStep();
  }

  /** Advances one epoch, or with epoch (≥ 0, fractional allowed) moves to that point of the schedule. */
  override step(epoch?: number): void {
    const op = 'CosineAnnealingWarmRestarts.step';
    if (epoch !== undefined && (typeof epoch !== 'number' || !Number.isFinite(epoch) || epoch < 0)) {
      throw new RangeError(`${op}: epoch must be a non-negative number, got ${String(epoch)}`);
    }
    this.stepCount += 1;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.TCur += 1;
      if (this.TCur >= this.TI) {
        this.TCur = this.TCur % this.TI;
        this.TI *= this.TMult;
      }
    } else if (epoch >= this.T0) {
      if (this.TMult === 1) {
        this.TCur = epoch % this.T0;
      } else {
        const n = Math.trunc(Math.log((epoch / this.T0) * (this.TMult - 1) + 1) / Math.log(this.TMult));
        this.TCur = epoch - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
        this.TI = this.T0 * this.TMult ** n;
      }
    } else {
      this.TI = this.T0;
      this.TCur = epoch;
    }
    this.lastEpoch = Math.floor(epoch);
    this.writeLrs(this.computeLr());
  }

  protected override computeLr(): number[] {
    const c = 1 + Math.cos((Math.PI * this.TCur) / this.TI);
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * c) / 2);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), T0: this.T0, TMult: this.TMult, etaMin: this.etaMin, TI: this.TI, TCur: this.TCur };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.T0 = r.number('T0');
    this.TMult = r.number('TMult');
    this.etaMin = r.number('etaMin');
    this.TI = r.number('TI');
    this.TCur = r.number('TCur');
  }
}
