// A linearly changing factor (PyTorch's LinearLR), typically a warm-up:
//   η_t = η_0 · (s + (e − s) · min(t, totalIters) / totalIters)
// with s = startFactor, e = endFactor. Chainable form, for 0 < t ≤ totalIters:
//   η_t = η_{t−1} · (1 + (e − s) / (totalIters·s + (t − 1)(e − s))).
import { integerAtLeast, knownOptions, numberIn } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface LinearLROptions {
  /** The factor at t = 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** The factor from t = totalIters on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Epochs over which the factor changes. Default 5. */
  totalIters?: number;
}

export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: ScheduledOptimizer, opts: LinearLROptions = {}) {
    super(optimizer, 'LinearLR');
    knownOptions('LinearLR', opts, ['startFactor', 'endFactor', 'totalIters']);
    this.startFactor = numberIn('LinearLR', 'startFactor', opts.startFactor ?? 1 / 3, 0, 1, { lo: true });
    this.endFactor = numberIn('LinearLR', 'endFactor', opts.endFactor ?? 1, 0, 1);
    this.totalIters = integerAtLeast('LinearLR', 'totalIters', opts.totalIters ?? 5, 1);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * s);
    if (this.isInitial || this.lastEpoch > n) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((base) => base * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), startFactor: this.startFactor, endFactor: this.endFactor, totalIters: this.totalIters };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.startFactor = r.number('startFactor');
    this.endFactor = r.number('endFactor');
    this.totalIters = r.number('totalIters');
  }
}
