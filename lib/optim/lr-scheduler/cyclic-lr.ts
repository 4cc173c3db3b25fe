// Cyclical learning rates (Smith 2017; PyTorch's CyclicLR), stepped once per batch. At step t,
// with a cycle of stepSizeUp + stepSizeDown steps and r = stepSizeUp/(cycle length):
//   cycle = ⌊1 + t/length⌋,  x = 1 + t/length − cycle,  h = x/r if x ≤ r else (x − 1)/(r − 1),
//   η_t = baseLr + (maxLr − baseLr)·h·s,   momentum_t = maxMomentum − (maxMomentum − baseMomentum)·h·s,
// where the amplitude scale s is 1 ('triangular'), 1/2^(cycle − 1) ('triangular2'), γ^t
// ('expRange'), or scaleFn(cycle) / scaleFn(t) for a custom scaleFn with scaleMode 'cycle' /
// 'iterations'. The momentum (SGD's momentum, or β1 of the Adam family) moves opposite to the lr.
import { flag, integerAtLeast, knownOptions, numberIn, oneOf, perGroup, positive } from './options';
import { MomentumKey, momentumKeyOf, writeMomentum } from './momentum';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export type CyclicMode = 'triangular' | 'triangular2' | 'expRange';
export type CyclicScaleMode = 'cycle' | 'iterations';

export interface CyclicLROptions {
  /** The lower lr of the cycle, one for all groups or one per group. Required. */
  baseLr: number | number[];
  /** The upper lr of the cycle, one for all groups or one per group. Required. */
  maxLr: number | number[];
  /** Steps of the rising half. Default 2000. */
  stepSizeUp?: number;
  /** Steps of the falling half. Default stepSizeUp. */
  stepSizeDown?: number | null;
  /** The amplitude policy. Default 'triangular'. Ignored when scaleFn is given. */
  mode?: CyclicMode;
  /** γ of 'expRange'. Default 1. */
  gamma?: number;
  /** A custom amplitude scale in [0, 1]; replaces mode. Not part of stateDict(). */
  scaleFn?: (x: number) => number;
  /** What scaleFn takes: the cycle number or the step. Default 'cycle'. Used only with scaleFn. */
  scaleMode?: CyclicScaleMode;
  /** Cycle the momentum (or β1) inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  /** The momentum at the lr's peak. Default 0.8. */
  baseMomentum?: number | number[];
  /** The momentum at the lr's trough. Default 0.9. */
  maxMomentum?: number | number[];
}

export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: CyclicMode;
  gamma: number;
  scaleMode: CyclicScaleMode;
  readonly scaleFn: ((x: number) => number) | null;
  cycleMomentum: boolean;
  momentumKey: MomentumKey | null = null;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];

  constructor(optimizer: ScheduledOptimizer, opts: CyclicLROptions) {
    super(optimizer, 'CyclicLR');
    const op = 'CyclicLR';
    knownOptions(op, opts, ['baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum', 'baseMomentum', 'maxMomentum']);
    const n = this.groups.length;
    const lrCheck = (o: string, name: string, v: unknown) => numberIn(o, name, v, 0, Infinity);
    const momentumCheck = (o: string, name: string, v: unknown) => numberIn(o, name, v, 0, 1);
    const baseLrs = perGroup(op, 'baseLr', opts.baseLr, n, lrCheck);
    this.maxLrs = perGroup(op, 'maxLr', opts.maxLr, n, lrCheck);
    const up = integerAtLeast(op, 'stepSizeUp', opts.stepSizeUp ?? 2000, 1);
    const down = opts.stepSizeDown === undefined || opts.stepSizeDown === null ? up : integerAtLeast(op, 'stepSizeDown', opts.stepSizeDown, 1);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = oneOf(op, 'mode', opts.mode ?? 'triangular', ['triangular', 'triangular2', 'expRange'] as const);
    this.gamma = positive(op, 'gamma', opts.gamma ?? 1);
    if (opts.scaleFn !== undefined && typeof opts.scaleFn !== 'function') {
      throw new TypeError(`${op}: scaleFn must be a function, got ${String(opts.scaleFn)}`);
    }
    this.scaleFn = opts.scaleFn ?? null;
    const scaleMode = oneOf(op, 'scaleMode', opts.scaleMode ?? 'cycle', ['cycle', 'iterations'] as const);
    this.scaleMode = this.scaleFn !== null ? scaleMode : this.mode === 'expRange' ? 'iterations' : 'cycle';
    this.cycleMomentum = flag(op, 'cycleMomentum', opts.cycleMomentum ?? true);
    if (this.cycleMomentum) {
      this.momentumKey = momentumKeyOf(op, this.groups);
      this.baseMomentums = perGroup(op, 'baseMomentum', opts.baseMomentum ?? 0.8, n, momentumCheck);
      this.maxMomentums = perGroup(op, 'maxMomentum', opts.maxMomentum ?? 0.9, n, momentumCheck);
    }
    // As PyTorch: the groups start at baseLr (so a fresh group's initialLr is baseLr) and at the
    // maximum momentum; the constructor's step still uses the initialLr-based base lrs, which
    // differ only when an earlier schedule set initialLr; baseLr rules from then on.
    this.groups.forEach((g, i) => {
      g.lr = baseLrs[i];
      if (this.momentumKey !== null) writeMomentum(g, this.momentumKey, this.maxMomentums[i]);
    });
    this.attach();
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  private scale(cycle: number): number {
    const x = this.scaleMode === 'cycle' ? cycle : this.lastEpoch;
    if (this.scaleFn !== null) return this.scaleFn(x);
    if (this.mode === 'triangular') return 1.0;
    if (this.mode === 'triangular2') return 1 / 2.0 ** (x - 1);
    return this.gamma ** x;
  }

  /** The lrs at lastEpoch; writes the momenta as a side effect (as PyTorch's get_lr). */
  protected override computeLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const h = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this.scale(cycle);
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * h * s);
    if (this.momentumKey !== null) {
      const key = this.momentumKey;
      this.groups.forEach((g, i) => {
        writeMomentum(g, key, this.maxMomentums[i] - (this.maxMomentums[i] - this.baseMomentums[i]) * h * s);
      });
    }
    return lrs;
  }

  protected override saveState(): SchedulerState {
    return {
      ...super.saveState(), maxLrs: this.maxLrs.slice(), totalSize: this.totalSize, stepRatio: this.stepRatio, mode: this.mode,
      gamma: this.gamma, scaleMode: this.scaleMode, cycleMomentum: this.cycleMomentum, momentumKey: this.momentumKey,
      baseMomentums: this.baseMomentums.slice(), maxMomentums: this.maxMomentums.slice(),
    };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    const n = this.groups.length;
    this.maxLrs = r.numbers('maxLrs', n);
    this.totalSize = r.number('totalSize');
    this.stepRatio = r.number('stepRatio');
    this.mode = r.choice('mode', ['triangular', 'triangular2', 'expRange'] as const);
    this.gamma = r.number('gamma');
    this.scaleMode = r.choice('scaleMode', ['cycle', 'iterations'] as const);
    this.cycleMomentum = r.boolean('cycleMomentum');
    this.momentumKey = r.state.momentumKey === null ? null : r.choice('momentumKey', ['momentum', 'beta1'] as const);
    this.baseMomentums = r.numbers('baseMomentums', this.momentumKey === null ? 0 : n);
    this.maxMomentums = r.numbers('maxMomentums', this.momentumKey === null ? 0 : n);
  }
}
