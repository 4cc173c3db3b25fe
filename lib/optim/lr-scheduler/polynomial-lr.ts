// Polynomial decay to zero (PyTorch's PolynomialLR):
//   η_t = η_0 · (1 − min(t, totalIters) / totalIters)^power.
// Chainable form, for 0 < t ≤ totalIters:
//   η_t = η_{t−1} · ((1 − t/totalIters) / (1 − (t − 1)/totalIters))^power.
import { integerAtLeast, knownOptions, numberIn } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface PolynomialLROptions {
  /** Epochs until the lr reaches zero. Default 5. */
  totalIters?: number;
  /** The power of the polynomial (≥ 0). Default 1 (linear). */
  power?: number;
}

export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: ScheduledOptimizer, opts: PolynomialLROptions = {}) {
    super(optimizer, 'PolynomialLR');
    knownOptions('PolynomialLR', opts, ['totalIters', 'power']);
    this.totalIters = integerAtLeast('PolynomialLR', 'totalIters', opts.totalIters ?? 5, 1);
    this.power = numberIn('PolynomialLR', 'power', opts.power ?? 1, 0, Infinity);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const { lastEpoch: t, totalIters: n } = this;
    if (this.isInitial || t > n) return this.groups.map((g) => g.lr);
    const factor = ((1.0 - t / n) / (1.0 - (t - 1) / n)) ** this.power;
    return this.groups.map((g) => g.lr * factor);
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: t, totalIters: n } = this;
    return this.baseLrs.map((base) => base * (1.0 - Math.min(n, t) / n) ** this.power);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), totalIters: this.totalIters, power: this.power };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.totalIters = r.number('totalIters');
    this.power = r.number('power');
  }
}
