// The learning-rate scheduler contract, PyTorch's LRScheduler: a schedule owns no optimizer
// internals; it reads and writes each param group's `lr` (and `momentum` or `betas[0]` for the
// cycling schedules). The constructor records every group's starting lr as `initialLr` (kept
// when already there, as PyTorch's `initial_lr`, so that schedules built on one optimizer share
// their base lrs) and takes the initial step, after which lastEpoch is 0.
//
// step() advances lastEpoch by one and applies the schedule's recursive ("chainable") form,
// which multiplies the group's current lr, so several schedules can act on one optimizer.
// step(epoch) jumps to that epoch with the closed form where the schedule has one (PyTorch's
// deprecated step(epoch)).

/** A param group as a schedule sees it: a plain object whose lr it reads and writes. */
export type ScheduledGroup = { lr: number; [option: string]: unknown };

/**
 * What a schedule needs of an optimizer. The second form admits groups typed by interfaces
 * (which carry no index signature), as descent's optimizers' are.
 */
export interface ScheduledOptimizer {
  paramGroups: ScheduledGroup[] | Array<{ lr: number }>;
}

/** A JSON value: what stateDict() holds. */
export type StateValue = null | boolean | number | string | StateValue[] | { [key: string]: StateValue };

/** A schedule's state: plain JSON data, safe for JSON.stringify and structuredClone. */
export interface SchedulerState {
  [key: string]: StateValue;
}

export abstract class LRScheduler {
  readonly optimizer: ScheduledOptimizer;
  /** Steps taken since the start: 0 after construction (PyTorch's last_epoch). */
  lastEpoch = -1;
  /** Each group's lr at the start of the schedule (its initialLr). */
  baseLrs: number[] = [];
  /** Calls of step(), counting the constructor's. */
  protected stepCount = 0;
  /** True during the constructor's step. */
  protected isInitial = false;
  protected lastLr: number[];
  /** The class name, for messages and the state's tag. */
  protected readonly owner: string;

  protected constructor(optimizer: ScheduledOptimizer, owner: string) {
    checkOptimizer(optimizer, owner);
    this.optimizer = optimizer;
    this.owner = owner;
    this.lastLr = groupsOf(optimizer).map((g) => g.lr);
  }

  /** The groups, as plain objects. */
  protected get groups(): ScheduledGroup[] {
    return groupsOf(this.optimizer);
  }

  /** Sets each group's initialLr unless present and takes it as the base lr. */
  protected attach(): void {
    for (const g of this.groups) {
      if (!('initialLr' in g)) g.initialLr = g.lr;
    }
    this.baseLrs = this.groups.map((g, i) => {
      const v = g.initialLr;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new TypeError(`${this.owner}: paramGroups[${i}].initialLr must be a finite number, got ${String(v)}`);
      }
      return v;
    });
  }

  /** The constructor's step: counts from zero and marks the step as the initial one. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.isInitial = true;
    try {
      this.step();
    } finally {
      this.isInitial = false;
    }
  }

  /** Advances one epoch (or batch, for the per-batch schedules); with epoch, jumps there. */
  step(epoch?: number): void {
    this.stepCount += 1;
    this.updateLr(epoch);
  }

  /** The lr of each group after the last step. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** The recursive form: each group's lr at lastEpoch, from the current lrs. */
  protected computeLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  /** The closed form at lastEpoch from the base lrs, or null when the schedule has none. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Moves to the next epoch (or to epoch) and writes the lrs, without counting a step. */
  protected updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.computeLr();
    } else {
      if (typeof epoch !== 'number' || !Number.isFinite(epoch)) {
        throw new TypeError(`${this.owner}.step: epoch must be a finite number, got ${String(epoch)}`);
      }
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.computeLr();
    }
    this.writeLrs(values);
  }

  protected writeLrs(values: number[]): void {
    this.groups.forEach((g, i) => {
      g.lr = values[i];
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** Undoes the constructor's step (lastEpoch only) before a SequentialLR replays it. */
  protected undoInitialStep(): void {
    this.lastEpoch -= 1;
  }

  /** For composites: a child's initial step, its jump to epoch 0, and the undoing. */
  protected static initialStepOf(s: LRScheduler): void {
    s.initialStep();
  }
  protected static restartAtZero(s: LRScheduler): void {
    s.updateLr(0);
  }
  protected static undo(s: LRScheduler): void {
    s.undoInitialStep();
  }
  /** True for schedules stepped with a metric (ReduceLROnPlateau), which composites refuse. */
  protected get needsMetric(): boolean {
    return false;
  }
  /** True for schedules made of schedules (SequentialLR, ChainedScheduler). */
  protected get isComposite(): boolean {
    return false;
  }

  /**
   * For composites: the children, a non-empty array of schedules on one optimizer (the given one,
   * else the first child's), none stepped with a metric, and no composite unless allowed.
   */
  protected static checkChildren(op: string, optimizer: ScheduledOptimizer | undefined, value: unknown, allowComposites: boolean): LRScheduler[] {
    if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${op}: schedulers must be a non-empty array of schedules`);
    value.forEach((s: unknown, i) => {
      if (!(s instanceof LRScheduler)) throw new TypeError(`${op}: schedulers[${i}] is not a learning-rate schedule`);
    });
    const schedulers = value as LRScheduler[];
    const target = optimizer ?? schedulers[0].optimizer;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== target) throw new TypeError(`${op}: schedulers[${i}] (${s.owner}) acts on another optimizer`);
      if (s.needsMetric) throw new TypeError(`${op}: schedulers[${i}] is a ${s.owner}, which steps on a metric; step it on its own`);
      if (!allowComposites && s.isComposite) {
        throw new TypeError(`${op}: schedulers[${i}] is a ${s.owner}; ${op} cannot restart a composite schedule at a milestone (put ${op} inside a ChainedScheduler instead)`);
      }
    });
    return schedulers.slice();
  }

  /** The schedule's state as plain JSON data: counters, base lrs, options. Functions are not saved. */
  stateDict(): SchedulerState {
    return { scheduler: this.owner, ...this.saveState() };
  }

  /**
   * Restores a stateDict() of the same schedule. The lrs in the param groups are the
   * optimizer's state: restore them with the optimizer's loadStateDict.
   */
  loadStateDict(state: SchedulerState): void {
    const op = `${this.owner}.loadStateDict`;
    if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new TypeError(`${op}: expected a state object`);
    if (state.scheduler !== this.owner) {
      throw new TypeError(`${op}: the state is a ${String(state.scheduler)}'s, not a ${this.owner}'s`);
    }
    this.restoreState(new StateReader(state, op));
  }

  protected saveState(): SchedulerState {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: this.baseLrs.slice(), lastLr: this.lastLr.slice() };
  }

  protected restoreState(r: StateReader): void {
    const n = this.groups.length;
    this.lastEpoch = r.number('lastEpoch');
    this.stepCount = r.number('stepCount');
    this.baseLrs = r.numbers('baseLrs', n);
    this.lastLr = r.numbers('lastLr', n);
  }
}

/** Reads typed fields of a SchedulerState, throwing on a missing or mistyped one. */
export class StateReader {
  constructor(readonly state: SchedulerState, readonly op: string) {}

  private field(key: string): StateValue {
    if (!(key in this.state)) throw new TypeError(`${this.op}: the state has no ${key}`);
    return this.state[key];
  }

  number(key: string): number {
    const v = this.field(key);
    if (typeof v !== 'number') throw new TypeError(`${this.op}: ${key} must be a number, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A number, or null for an absent value (PyTorch's None or an infinite best). */
  numberOrNull(key: string): number | null {
    const v = this.field(key);
    return v === null ? null : this.number(key);
  }

  boolean(key: string): boolean {
    const v = this.field(key);
    if (typeof v !== 'boolean') throw new TypeError(`${this.op}: ${key} must be a boolean, got ${JSON.stringify(v)}`);
    return v;
  }

  choice<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.field(key);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new TypeError(`${this.op}: ${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  /** A list of numbers, of the given length when given. */
  numbers(key: string, length?: number): number[] {
    const v = this.field(key);
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number') || (length !== undefined && v.length !== length)) {
      const want = length === undefined ? 'a list of numbers' : `a list of ${length} numbers`;
      throw new TypeError(`${this.op}: ${key} must be ${want}, got ${JSON.stringify(v)}`);
    }
    return (v as number[]).slice();
  }

  /** A list of nested states. */
  states(key: string, length: number): SchedulerState[] {
    const v = this.field(key);
    if (!Array.isArray(v) || v.length !== length || !v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) {
      throw new TypeError(`${this.op}: ${key} must be a list of ${length} scheduler states`);
    }
    return v as SchedulerState[];
  }
}

function groupsOf(optimizer: ScheduledOptimizer): ScheduledGroup[] {
  return optimizer.paramGroups as ScheduledGroup[];
}

function checkOptimizer(optimizer: ScheduledOptimizer, owner: string): void {
  const groups: unknown = optimizer === null || typeof optimizer !== 'object' ? undefined : optimizer.paramGroups;
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new TypeError(`${owner}: expected an optimizer with a non-empty paramGroups array`);
  }
  groups.forEach((g: unknown, i) => {
    const lr = g !== null && typeof g === 'object' ? (g as { lr?: unknown }).lr : undefined;
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new TypeError(`${owner}: paramGroups[${i}].lr must be a finite number, got ${String(lr)}`);
    }
  });
}
