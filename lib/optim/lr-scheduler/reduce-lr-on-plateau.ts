// Reduce the lr when a metric stops improving (PyTorch's ReduceLROnPlateau), stepped with the
// metric: step(validationLoss). A metric a is an improvement on the best so far when
//   min/rel: a < best·(1 − threshold)    min/abs: a < best − threshold
//   max/rel: a > best·(1 + threshold)    max/abs: a > best + threshold.
// After more than `patience` epochs without improvement, each group's lr becomes
// max(lr·factor, minLr) (unless that changes it by eps or less) and the next `cooldown` epochs
// count no bad epochs.
import { Tensor } from '../../tensor/tensor';
import { integerAtLeast, knownOptions, numberIn, oneOf, perGroup } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export type PlateauMode = 'min' | 'max';
export type ThresholdMode = 'rel' | 'abs';

export interface ReduceLROnPlateauOptions {
  /** 'min' for a loss, 'max' for an accuracy. Default 'min'. */
  mode?: PlateauMode;
  /** The lr's factor at a reduction, in [0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before a reduction. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** Whether threshold is relative to the best or absolute. Default 'rel'. */
  thresholdMode?: ThresholdMode;
  /** Epochs after a reduction during which bad epochs are not counted. Default 0. */
  cooldown?: number;
  /** The lower bound of the lr, one for all groups or one per group. Default 0. */
  minLr?: number | number[];
  /** Reductions smaller than eps are skipped. Default 1e-8. */
  eps?: number;
}

export class ReduceLROnPlateau extends LRScheduler {
  mode: PlateauMode;
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: ThresholdMode;
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;

  constructor(optimizer: ScheduledOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    super(optimizer, 'ReduceLROnPlateau');
    const op = 'ReduceLROnPlateau';
    knownOptions(op, opts, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    this.mode = oneOf(op, 'mode', opts.mode ?? 'min', ['min', 'max'] as const);
    this.factor = numberIn(op, 'factor', opts.factor ?? 0.1, 0, 1, { hi: true });
    this.patience = integerAtLeast(op, 'patience', opts.patience ?? 10, 0);
    this.threshold = numberIn(op, 'threshold', opts.threshold ?? 1e-4, 0, Infinity);
    this.thresholdMode = oneOf(op, 'thresholdMode', opts.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
    this.cooldown = integerAtLeast(op, 'cooldown', opts.cooldown ?? 0, 0);
    this.minLrs = perGroup(op, 'minLr', opts.minLr ?? 0, this.groups.length, (o, n, v) => numberIn(o, n, v, 0, Infinity));
    this.eps = numberIn(op, 'eps', opts.eps ?? 1e-8, 0, Infinity);
    this.best = this.worst;
    // As PyTorch: no initial step, the epoch count starts at 0.
    this.lastEpoch = 0;
    this.baseLrs = this.groups.map((g) => g.lr);
  }

  protected override get needsMetric(): boolean {
    return true;
  }

  private get worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1.0 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (this.threshold + 1.0) : a > best + this.threshold;
  }

  /**
   * Takes the epoch's metric (a number or a one-element tensor; required, optional in the type
   * only because the base step's argument is) and reduces the lr on a plateau.
   */
  override step(metric?: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') {
      throw new TypeError(`ReduceLROnPlateau.step: expected the metric (a number or a one-element tensor), got ${String(metric)}`);
    }
    this.stepCount += 1;
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.groups.map((g) => g.lr);
  }

  private reduceLr(): void {
    this.groups.forEach((g, i) => {
      const old = g.lr;
      const reduced = Math.max(old * this.factor, this.minLrs[i]);
      if (old - reduced > this.eps) g.lr = reduced;
    });
  }

  protected override saveState(): SchedulerState {
    return {
      ...super.saveState(), mode: this.mode, factor: this.factor, patience: this.patience, threshold: this.threshold,
      thresholdMode: this.thresholdMode, cooldown: this.cooldown, minLrs: this.minLrs.slice(), eps: this.eps,
      // JSON has no infinity: the best before any step is saved as null.
      best: Number.isFinite(this.best) ? this.best : null, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter,
    };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.mode = r.choice('mode', ['min', 'max'] as const);
    this.factor = r.number('factor');
    this.patience = r.number('patience');
    this.threshold = r.number('threshold');
    this.thresholdMode = r.choice('thresholdMode', ['rel', 'abs'] as const);
    this.cooldown = r.number('cooldown');
    this.minLrs = r.numbers('minLrs', this.groups.length);
    this.eps = r.number('eps');
    this.best = r.numberOrNull('best') ?? this.worst;
    this.numBadEpochs = r.number('numBadEpochs');
    this.cooldownCounter = r.number('cooldownCounter');
  }
}
