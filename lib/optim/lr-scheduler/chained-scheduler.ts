// Schedules applied together (PyTorch's ChainedScheduler): each step() steps every child in
// order, so chainable schedules multiply, e.g. ConstantLR warm-up × ExponentialLR decay:
//   η_t = η_0 · factor^[t < totalIters] · γ^t.
// No step is taken at construction (the children took theirs).
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export class ChainedScheduler extends LRScheduler {
  readonly schedulers: LRScheduler[];

  /** schedulers: built on one optimizer (optimizer, when given, must be theirs). */
  constructor(schedulers: LRScheduler[], optimizer?: ScheduledOptimizer) {
    const op = 'ChainedScheduler';
    const first: unknown = Array.isArray(schedulers) ? schedulers[0] : undefined;
    if (!(first instanceof LRScheduler)) throw new TypeError(`${op}: schedulers must be a non-empty array of schedules`);
    super(optimizer ?? first.optimizer, op);
    this.schedulers = LRScheduler.checkChildren(op, optimizer, schedulers, true);
    this.baseLrs = this.groups.map((g) => (typeof g.initialLr === 'number' ? g.initialLr : g.lr));
    this.lastEpoch = 0;
    this.lastLr = this.groups.map((g) => g.lr);
  }

  protected override get isComposite(): boolean {
    return true;
  }

  /** Steps every child (no epoch argument). */
  override step(epoch?: number): void {
    if (epoch !== undefined) throw new TypeError('ChainedScheduler.step: takes no epoch');
    this.stepCount += 1;
    this.lastEpoch += 1;
    for (const s of this.schedulers) s.step();
    this.lastLr = this.groups.map((g) => g.lr);
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  protected override restoreState(r: StateReader): void {
    const children = r.states('schedulers', this.schedulers.length);
    super.restoreState(r);
    this.schedulers.forEach((s, i) => s.loadStateDict(children[i]));
  }
}
