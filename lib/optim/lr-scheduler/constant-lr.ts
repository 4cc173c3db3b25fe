// A constant factor for the first epochs (PyTorch's ConstantLR), typically a warm-up:
//   η_t = η_0 · factor for t < totalIters,  η_t = η_0 for t ≥ totalIters.
// Chainable form: ×factor at t = 0, ×1/factor at t = totalIters.
import { integerAtLeast, knownOptions, numberIn } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface ConstantLROptions {
  /** The factor, in (0, 1]. Default 1/3. */
  factor?: number;
  /** Epochs at the reduced lr. Default 5. */
  totalIters?: number;
}

export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: ScheduledOptimizer, opts: ConstantLROptions = {}) {
    super(optimizer, 'ConstantLR');
    knownOptions('ConstantLR', opts, ['factor', 'totalIters']);
    this.factor = numberIn('ConstantLR', 'factor', opts.factor ?? 1 / 3, 0, 1, { lo: true });
    this.totalIters = integerAtLeast('ConstantLR', 'totalIters', opts.totalIters ?? 5, 1);
    this.attach();
    this.initialStep();
  }

  protected override computeLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + after * (1 - this.factor)));
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), factor: this.factor, totalIters: this.totalIters };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    this.factor = r.number('factor');
    this.totalIters = r.number('totalIters');
  }
}
