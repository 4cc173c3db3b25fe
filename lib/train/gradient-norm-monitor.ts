// Gradient-norm monitoring: the total and per-parameter gradient norms of every step, read
// between backward and clipping, recorded in history.gradNorms. The references' diagnostics:
// exploding gradients (cliffs: a norm far above its recent level, or above a bound) and
// vanishing gradients (a layer whose gradient norm is nearly zero: saturated or dead units).
import { gradNorms } from '../nn/utils/grad-norm';
import { Callback } from './callback';

export interface GradientWarning {
  kind: 'explosion' | 'vanishing';
  epoch: number;
  step: number;
  /** The total gradient norm of the step. */
  total: number;
  /** For vanishing: the parameters whose gradient norm fell below the threshold. */
  parameters: string[];
  message: string;
}

export interface GradientNormMonitorOptions {
  /** The norm's order (default 2; Infinity for the largest |g|). */
  normType?: number;
  /** Warn of an explosion when the total norm exceeds this (default Infinity: off). */
  explodeThreshold?: number;
  /** Warn of an explosion when the total norm exceeds jumpFactor times its running average over
   * the previous steps (exponential, weight 0.9 on the past; default 10; Infinity: off). */
  jumpFactor?: number;
  /** Warn of vanishing gradients when a parameter's gradient norm is below this (default 1e-8;
   * 0: off). */
  vanishThreshold?: number;
  /** Measure every n-th step only (default 1). */
  every?: number;
  /** Called with each warning given (default: console.warn of its message). At most one
   * warning of each kind is given per epoch; all are kept in `warnings`. */
  onWarning?: (w: GradientWarning) => void;
}

export class GradientNormMonitor extends Callback {
  readonly normType: number;
  readonly explodeThreshold: number;
  readonly jumpFactor: number;
  readonly vanishThreshold: number;
  readonly every: number;
  private readonly onWarning: (w: GradientWarning) => void;
  /** Every warning condition met in the run, given or not. */
  readonly warnings: GradientWarning[] = [];
  private average: number | null = null;
  private epoch = 0;
  private given = new Set<string>();

  constructor(opts: GradientNormMonitorOptions = {}) {
    super();
    const op = 'GradientNormMonitor';
    const positive = (name: string, v: number, allowZero = false): number => {
      if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || (!allowZero && v === 0)) throw new RangeError(`${op}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(v)}`);
      return v;
    };
    this.normType = positive('normType', opts.normType ?? 2);
    this.explodeThreshold = positive('explodeThreshold', opts.explodeThreshold ?? Infinity);
    this.jumpFactor = positive('jumpFactor', opts.jumpFactor ?? 10);
    this.vanishThreshold = positive('vanishThreshold', opts.vanishThreshold ?? 1e-8, true);
    const every = opts.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`${op}: every must be a positive integer, got ${String(every)}`);
    this.every = every;
    if (opts.onWarning !== undefined && typeof opts.onWarning !== 'function') throw new TypeError(`${op}: onWarning must be a function`);
    this.onWarning = opts.onWarning ?? ((w) => console.warn(w.message));
  }

  override onTrainBegin(): void {
    this.warnings.length = 0;
    this.average = null;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.given.clear();
  }

  override onAfterBackward(step: number): void {
    if ((step - 1) % this.every !== 0) return;
    const { total, perParameter } = gradNorms(this.context.model, this.normType);
    this.context.history.recordGradNorms(step, total, perParameter);
    const previous = this.average;
    if (!Number.isFinite(total) || total > this.explodeThreshold || (previous !== null && total > this.jumpFactor * previous)) {
      const why = !Number.isFinite(total) ? 'is not finite'
        : total > this.explodeThreshold ? `exceeds ${this.explodeThreshold}`
        : `is ${(total / previous!).toPrecision(3)} times its recent average ${previous!.toPrecision(3)}`;
      this.warn({ kind: 'explosion', epoch: this.epoch, step, total, parameters: [], message: `GradientNormMonitor: exploding gradient at epoch ${this.epoch}, step ${step}: the total norm ${total.toPrecision(4)} ${why}` });
    }
    const small = Object.entries(perParameter).filter(([, v]) => v < this.vanishThreshold).map(([k]) => k);
    if (small.length > 0) {
      this.warn({ kind: 'vanishing', epoch: this.epoch, step, total, parameters: small, message: `GradientNormMonitor: vanishing gradient at epoch ${this.epoch}, step ${step}: norm below ${this.vanishThreshold} for ${small.join(', ')}` });
    }
    if (Number.isFinite(total)) this.average = previous === null ? total : 0.9 * previous + 0.1 * total;
  }

  private warn(w: GradientWarning): void {
    this.warnings.push(w);
    if (this.given.has(w.kind)) return;
    this.given.add(w.kind);
    this.onWarning(w);
  }
}
