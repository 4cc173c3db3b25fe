// Schedules one after another (PyTorch's SequentialLR): schedulers[i] runs from milestone i − 1
// (0 for the first) to milestone i; at a milestone the next schedule restarts at its epoch 0
// from its base lrs. Construction resets every group to its initialLr, undoes the children's
// constructor steps and takes the first schedule's initial step.
import { increasingIntegers, knownOptions } from './options';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export interface SequentialLROptions {
  /** The schedules, each built on this optimizer. Required. */
  schedulers: LRScheduler[];
  /** The epochs at which the next schedule takes over (schedulers.length − 1, increasing). Required. */
  milestones: number[];
}

export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  milestones: number[];

  constructor(optimizer: ScheduledOptimizer, opts: SequentialLROptions) {
    super(optimizer, 'SequentialLR');
    const op = 'SequentialLR';
    knownOptions(op, opts, ['schedulers', 'milestones']);
    this.schedulers = LRScheduler.checkChildren(op, optimizer, opts.schedulers, false);
    this.milestones = increasingIntegers(op, 'milestones', opts.milestones, 1);
    if (this.milestones.length !== this.schedulers.length - 1) {
      throw new RangeError(`${op}: expected ${this.schedulers.length - 1} milestones for ${this.schedulers.length} schedulers, got ${this.milestones.length}`);
    }
    this.groups.forEach((g, i) => {
      if (typeof g.initialLr !== 'number') throw new TypeError(`${op}: paramGroups[${i}] has no initialLr; build the schedulers on this optimizer first`);
      g.lr = g.initialLr;
    });
    this.baseLrs = this.groups.map((g) => g.lr);
    for (const s of this.schedulers) LRScheduler.undo(s);
    LRScheduler.initialStepOf(this.schedulers[0]);
    this.lastEpoch = 0;
    this.stepCount = 1;
    this.lastLr = this.schedulers[0].getLastLr();
  }

  protected override get isComposite(): boolean {
    return true;
  }

  /** Advances one epoch (no epoch argument: the children keep their own counts). */
  override step(epoch?: number): void {
    if (epoch !== undefined) throw new TypeError('SequentialLR.step: takes no epoch');
    this.stepCount += 1;
    this.lastEpoch += 1;
    let idx = 0;
    while (idx < this.milestones.length && this.milestones[idx] <= this.lastEpoch) idx++;
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) LRScheduler.restartAtZero(s);
    else s.step();
    this.lastLr = s.getLastLr();
  }

  protected override saveState(): SchedulerState {
    return { ...super.saveState(), milestones: this.milestones.slice(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  protected override restoreState(r: StateReader): void {
    const children = r.states('schedulers', this.schedulers.length);
    super.restoreState(r);
    this.milestones = r.numbers('milestones', this.schedulers.length - 1);
    this.schedulers.forEach((s, i) => s.loadStateDict(children[i]));
  }
}
