// Continuation methods (Goodfellow, Bengio & Courville, "Deep Learning", §8.7.6): instead of
// minimizing the true objective J directly, minimize a sequence of objectives J_0, J_1, ..., J_T
// that starts from an easy one (smoothed or regularized until it is nearly convex) and ends at
// J_T = J, each solved starting from the previous solution. The sequence is indexed by one
// parameter — a smoothing width σ (J_σ(θ) = E_ε J(θ + σε), ε ~ N(0, I): the objective blurred by
// a Gaussian) or a softening weight λ (J_λ = J + λ·R) — annealed to the value that gives J back.
// A ContinuationSchedule is that annealing; runContinuation walks it.
import { Tensor } from '../tensor/tensor';

export type ContinuationShape = 'linear' | 'geometric' | 'cosine';

export interface ContinuationScheduleOptions {
  /** The parameter at t = 0 (the easiest objective), finite. */
  start: number;
  /** The parameter at t = steps (the true objective; default 0: no smoothing, no penalty). */
  end?: number;
  /** T, the number of steps from start to end (give steps or epochs, not both). */
  steps?: number;
  /** The same as steps, for a schedule stepped once per epoch. */
  epochs?: number;
  /** How the parameter moves from start to end (default 'linear'). */
  shape?: ContinuationShape;
  /**
   * Geometric schedules ending at 0: the parameter at t = T − 1 as a fraction of start
   * (default 0.01); the last step then jumps to exactly 0.
   */
  minRatio?: number;
}

export interface ContinuationScheduleState {
  /** Steps taken. */
  t: number;
}

/**
 * The parameter of a continuation, value(t) for t = 0 .. T (exactly `end` from t = T on), with
 * s = t/T:
 * - 'linear': start + (end − start)·s.
 * - 'geometric': start·(end/start)^s, a constant ratio per step (start and end nonzero, same
 *   sign); with end = 0, start·minRatio^(t/(T−1)) for t < T, then 0.
 * - 'cosine': end + (start − end)·(1 + cos πs)/2, slow at both ends (as cosine annealing).
 * step() moves to the next t; stateDict()/loadStateDict() save and restore t.
 */
export class ContinuationSchedule {
  readonly start: number;
  readonly end: number;
  readonly steps: number;
  readonly shape: ContinuationShape;
  readonly minRatio: number;
  private tValue = 0;

  constructor(opts: ContinuationScheduleOptions) {
    const op = 'ContinuationSchedule';
    if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: expected an options object`);
    const { start, end = 0, shape = 'linear', minRatio = 0.01 } = opts;
    for (const [name, v] of [['start', start], ['end', end]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${op}: ${name} must be a finite number, got ${String(v)}`);
    }
    if ((opts.steps === undefined) === (opts.epochs === undefined)) throw new TypeError(`${op}: give steps or epochs (exactly one)`);
    const steps = opts.steps ?? opts.epochs;
    if (!Number.isInteger(steps) || (steps as number) < 1) throw new RangeError(`${op}: steps must be a positive integer, got ${String(steps)}`);
    if (shape !== 'linear' && shape !== 'geometric' && shape !== 'cosine') {
      throw new RangeError(`${op}: shape must be 'linear', 'geometric' or 'cosine', got ${String(shape)}`);
    }
    if (shape === 'geometric') {
      if (start === 0) throw new RangeError(`${op}: a geometric schedule needs a nonzero start`);
      if (end !== 0 && Math.sign(end) !== Math.sign(start)) throw new RangeError(`${op}: a geometric schedule needs start and end of the same sign (or end 0), got ${start} and ${end}`);
    }
    if (typeof minRatio !== 'number' || !(minRatio > 0 && minRatio < 1)) throw new RangeError(`${op}: minRatio must be in (0, 1), got ${String(minRatio)}`);
    this.start = start;
    this.end = end;
    this.steps = steps as number;
    this.shape = shape;
    this.minRatio = minRatio;
  }

  /** Steps taken so far. */
  get t(): number {
    return this.tValue;
  }

  /** Whether the schedule has reached the true objective (t ≥ steps). */
  get done(): boolean {
    return this.tValue >= this.steps;
  }

  /** The parameter at step t (default: the current step). */
  value(t: number = this.tValue): number {
    if (typeof t !== 'number' || Number.isNaN(t) || t < 0) throw new RangeError(`ContinuationSchedule.value: t must be a non-negative number, got ${String(t)}`);
    const T = this.steps;
    if (t >= T) return this.end;
    const { start, end } = this;
    const s = t / T;
    switch (this.shape) {
      case 'linear':
        return start + (end - start) * s;
      case 'cosine':
        return end + ((start - end) * (1 + Math.cos(Math.PI * s))) / 2;
      case 'geometric':
        if (end !== 0) return start * (end / start) ** s;
        return T === 1 ? start : start * this.minRatio ** (t / (T - 1));
    }
  }

  /** Moves to the next step; returns the new value. */
  step(): number {
    this.tValue++;
    return this.value();
  }

  /** value(0), value(1), ..., value(steps): the parameters of the objectives to solve in turn. */
  levels(): number[] {
    return Array.from({ length: this.steps + 1 }, (_, t) => this.value(t));
  }

  stateDict(): ContinuationScheduleState {
    return { t: this.tValue };
  }

  loadStateDict(state: ContinuationScheduleState): this {
    const t = state?.t;
    if (!Number.isInteger(t) || t < 0) throw new RangeError(`ContinuationSchedule.loadStateDict: t must be a non-negative integer, got ${String(t)}`);
    this.tValue = t;
    return this;
  }
}

export interface ContinuationLevel<R> {
  /** The step t of the schedule. */
  t: number;
  /** The parameter (σ, λ, ...) of the objective solved. */
  value: number;
  /** What solve returned. */
  result: R;
}

/**
 * The continuation path: for each remaining level of the schedule (from its current t up to and
 * including t = steps, where the objective is the true one), solve(value, t) minimizes the
 * objective with that parameter starting from where the previous level left the parameters
 * (solve updates them in place), then the schedule steps. Returns one record per level solved.
 * Resumable: a schedule restored mid-path continues from its saved step.
 */
export function runContinuation<R>(schedule: ContinuationSchedule, solve: (value: number, t: number) => R): Array<ContinuationLevel<R>> {
  if (!(schedule instanceof ContinuationSchedule)) throw new TypeError('runContinuation: expected a ContinuationSchedule');
  if (typeof solve !== 'function') throw new TypeError('runContinuation: solve must be a function');
  const out: Array<ContinuationLevel<R>> = [];
  while (schedule.t <= schedule.steps) {
    const t = schedule.t;
    const value = schedule.value();
    out.push({ t, value, result: solve(value, t) });
    schedule.step();
  }
  return out;
}

/**
 * The softened objective J_λ = J + λ·R (R typically convex, e.g. a squared norm, so that a large λ
 * makes the sum nearly convex); annealing λ → 0 recovers J. Returns λ ↦ (a closure computing
 * J_λ), ready for an optimizer's step or a training loop; at λ = 0 R is not evaluated, so the
 * last objective of the path is exactly J.
 */
export function softenedObjective(objective: () => Tensor, penalty: () => Tensor): (lambda: number) => () => Tensor {
  if (typeof objective !== 'function' || typeof penalty !== 'function') throw new TypeError('softenedObjective: objective and penalty must be functions');
  return (lambda: number) => {
    if (typeof lambda !== 'number' || !Number.isFinite(lambda)) throw new RangeError(`softenedObjective: lambda must be a finite number, got ${String(lambda)}`);
    return () => (lambda === 0 ? objective() : objective().add(penalty().mul(lambda)));
  };
}
