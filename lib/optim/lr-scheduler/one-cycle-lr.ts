// The 1cycle policy (Smith & Topin 2019, "Super-convergence"; PyTorch's OneCycleLR), stepped
// once per batch for totalSteps steps. With η_init = maxLr/divFactor and
// η_min = η_init/finalDivFactor, the lr is annealed (cosine: end + (start − end)(1 + cos πp)/2;
// linear: start + (end − start)p, p the fraction of the phase done) through the phases
//   two-phase (default, fastai's): η_init → maxLr over pctStart·totalSteps steps, then → η_min;
//   threePhase (the paper's):      η_init → maxLr → η_init symmetrically, then → η_min;
// phase k ending at step pctStart·totalSteps − 1, 2·pctStart·totalSteps − 2 and totalSteps − 1.
// The momentum (or β1) moves opposite: maxMomentum → baseMomentum → maxMomentum (and stays).
import { flag, integerAtLeast, knownOptions, numberIn, oneOf, perGroup, positive } from './options';
import { MomentumKey, momentumKeyOf, writeMomentum } from './momentum';
import { LRScheduler, ScheduledOptimizer, SchedulerState, StateReader } from './scheduler';

export type AnnealStrategy = 'cos' | 'linear';

export interface OneCycleLROptions {
  /** The peak lr, one for all groups or one per group. Required. */
  maxLr: number | number[];
  /** Steps in the cycle; or give epochs and stepsPerEpoch. */
  totalSteps?: number | null;
  epochs?: number | null;
  stepsPerEpoch?: number | null;
  /** Fraction of the steps spent raising the lr. Default 0.3. */
  pctStart?: number;
  /** Default 'cos'. */
  annealStrategy?: AnnealStrategy;
  /** Cycle the momentum (or β1) inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  /** The momentum at the lr's peak. Default 0.85. */
  baseMomentum?: number | number[];
  /** The momentum at the start and the end. Default 0.95. */
  maxMomentum?: number | number[];
  /** η_init = maxLr/divFactor. Default 25. */
  divFactor?: number;
  /** η_min = η_init/finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** The paper's three phases instead of fastai's two. Default false. */
  threePhase?: boolean;
}

type LrPoint = 'initial' | 'max' | 'min';
type MomentumPoint = 'max' | 'base';
interface Phase {
  endStep: number;
  startLr: LrPoint;
  endLr: LrPoint;
  startMomentum: MomentumPoint;
  endMomentum: MomentumPoint;
}

export function annealCos(start: number, end: number, pct: number): number {
  const c = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * c;
}

export function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  pctStart: number;
  annealStrategy: AnnealStrategy;
  threePhase: boolean;
  initialLrs: number[];
  maxLrs: number[];
  minLrs: number[];
  cycleMomentum: boolean;
  momentumKey: MomentumKey | null = null;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];

  constructor(optimizer: ScheduledOptimizer, opts: OneCycleLROptions) {
    super(optimizer, 'OneCycleLR');
    const op = 'OneCycleLR';
    knownOptions(op, opts, ['maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase']);
    const n = this.groups.length;
    if (opts.totalSteps !== undefined && opts.totalSteps !== null) {
      this.totalSteps = integerAtLeast(op, 'totalSteps', opts.totalSteps, 1);
    } else if (opts.epochs !== undefined && opts.epochs !== null && opts.stepsPerEpoch !== undefined && opts.stepsPerEpoch !== null) {
      this.totalSteps = integerAtLeast(op, 'epochs', opts.epochs, 1) * integerAtLeast(op, 'stepsPerEpoch', opts.stepsPerEpoch, 1);
    } else {
      throw new TypeError(`${op}: give totalSteps, or epochs and stepsPerEpoch`);
    }
    this.pctStart = numberIn(op, 'pctStart', opts.pctStart ?? 0.3, 0, 1);
    this.annealStrategy = oneOf(op, 'annealStrategy', opts.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
    this.threePhase = flag(op, 'threePhase', opts.threePhase ?? false);
    this.maxLrs = perGroup(op, 'maxLr', opts.maxLr, n, positive);
    const divFactor = positive(op, 'divFactor', opts.divFactor ?? 25);
    const finalDivFactor = positive(op, 'finalDivFactor', opts.finalDivFactor ?? 1e4);
    this.initialLrs = this.maxLrs.map((m) => m / divFactor);
    this.minLrs = this.initialLrs.map((l) => l / finalDivFactor);
    this.checkPhases(op);
    this.cycleMomentum = flag(op, 'cycleMomentum', opts.cycleMomentum ?? true);
    if (this.cycleMomentum) {
      const momentumCheck = (o: string, name: string, v: unknown) => numberIn(o, name, v, 0, 1);
      this.momentumKey = momentumKeyOf(op, this.groups);
      this.maxMomentums = perGroup(op, 'maxMomentum', opts.maxMomentum ?? 0.95, n, momentumCheck);
      this.baseMomentums = perGroup(op, 'baseMomentum', opts.baseMomentum ?? 0.85, n, momentumCheck);
    }
    // As PyTorch, the schedule's start replaces each group's initialLr.
    this.groups.forEach((g, i) => {
      g.initialLr = this.initialLrs[i];
      if (this.momentumKey !== null) writeMomentum(g, this.momentumKey, this.maxMomentums[i]);
    });
    this.attach();
    this.initialStep();
  }

  get phases(): Phase[] {
    const p = this.pctStart * this.totalSteps;
    if (this.threePhase) {
      return [
        { endStep: p - 1, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
        { endStep: 2 * p - 2, startLr: 'max', endLr: 'initial', startMomentum: 'base', endMomentum: 'max' },
        { endStep: this.totalSteps - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
      ];
    }
    return [
      { endStep: p - 1, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
      { endStep: this.totalSteps - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
    ];
  }

  /** Rejects a phase of zero length that a step falls in (its lr would be 0/0 or x/0). */
  private checkPhases(op: string): void {
    const phases = this.phases;
    const last = phases[phases.length - 1];
    const lastStart = phases[phases.length - 2].endStep;
    const at = phases[0].endStep === 0 ? 1 : last.endStep === lastStart && this.totalSteps > lastStart ? phases.length : 0;
    if (at > 0) {
      throw new RangeError(`${op}: phase ${at} of the cycle is empty (pctStart ${this.pctStart}, ${this.totalSteps} steps); change pctStart or the number of steps`);
    }
  }

  /** Advances one step (throws past totalSteps, as PyTorch), or with epoch jumps to that step. */
  override step(epoch?: number): void {
    const next = epoch ?? this.lastEpoch + 1;
    if (next > this.totalSteps) {
      throw new RangeError(`OneCycleLR.step: tried to step ${next} times; the cycle has totalSteps ${this.totalSteps}`);
    }
    super.step(epoch);
  }

  /** The lrs at lastEpoch; writes the momenta as a side effect (as PyTorch's get_lr). */
  protected override computeLr(): number[] {
    const t = this.lastEpoch;
    const anneal = this.annealStrategy === 'cos' ? annealCos : annealLinear;
    const phases = this.phases;
    const lrAt = (point: LrPoint, i: number) => (point === 'initial' ? this.initialLrs[i] : point === 'max' ? this.maxLrs[i] : this.minLrs[i]);
    const momentumAt = (point: MomentumPoint, i: number) => (point === 'max' ? this.maxMomentums[i] : this.baseMomentums[i]);
    return this.groups.map((g, i) => {
      let start = 0;
      for (let k = 0; k < phases.length; k++) {
        const ph = phases[k];
        if (t <= ph.endStep || k === phases.length - 1) {
          const pct = (t - start) / (ph.endStep - start);
          if (this.momentumKey !== null) writeMomentum(g, this.momentumKey, anneal(momentumAt(ph.startMomentum, i), momentumAt(ph.endMomentum, i), pct));
          return anneal(lrAt(ph.startLr, i), lrAt(ph.endLr, i), pct);
        }
        start = ph.endStep;
      }
      throw new Error('internal: OneCycleLR has no phases');
    });
  }

  protected override saveState(): SchedulerState {
    return {
      ...super.saveState(), totalSteps: this.totalSteps, pctStart: this.pctStart, annealStrategy: this.annealStrategy,
      threePhase: this.threePhase, initialLrs: this.initialLrs.slice(), maxLrs: this.maxLrs.slice(), minLrs: this.minLrs.slice(),
      cycleMomentum: this.cycleMomentum, momentumKey: this.momentumKey, baseMomentums: this.baseMomentums.slice(),
      maxMomentums: this.maxMomentums.slice(),
    };
  }

  protected override restoreState(r: StateReader): void {
    super.restoreState(r);
    const n = this.groups.length;
    this.totalSteps = r.number('totalSteps');
    this.pctStart = r.number('pctStart');
    this.annealStrategy = r.choice('annealStrategy', ['cos', 'linear'] as const);
    this.threePhase = r.boolean('threePhase');
    this.initialLrs = r.numbers('initialLrs', n);
    this.maxLrs = r.numbers('maxLrs', n);
    this.minLrs = r.numbers('minLrs', n);
    this.cycleMomentum = r.boolean('cycleMomentum');
    this.momentumKey = r.state.momentumKey === null ? null : r.choice('momentumKey', ['momentum', 'beta1'] as const);
    this.baseMomentums = r.numbers('baseMomentums', this.momentumKey === null ? 0 : n);
    this.maxMomentums = r.numbers('maxMomentums', this.momentumKey === null ? 0 : n);
  }
}
