// Huber loss (Huber 1964): quadratic near zero, linear beyond delta, so outliers pull with a
// bounded gradient. With z = |x − t|:  z < δ ? z²/2 : δ·(z − δ/2).
import { abs, mul, square, sub } from '../../ops/arithmetic';
import { lt } from '../../ops/comparison';
import { where } from '../../ops/indexing';
import { expectNumber } from '../../tensor/raw/operands';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { checkPair } from './pair';
import { checkOptions, checkReduction, Reduction, reduceLoss, ReductionOptions } from './reduction';

export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; positive. Default 1. */
  delta?: number;
}

function checkDelta(value: unknown, op: string): number {
  const delta = expectNumber(value ?? 1, op, 'delta');
  if (!(delta > 0) || !Number.isFinite(delta)) throw new RangeError(`${op}: delta must be positive and finite, got ${delta}`);
  return delta;
}

/** Huber loss of input against target, reduced (default: the mean). */
export function huberLoss(input: Tensor, target: Tensor, opts: HuberLossOptions = {}): Tensor {
  checkOptions(opts, 'huberLoss', ['reduction', 'delta']);
  const reduction = checkReduction(opts.reduction, 'huberLoss');
  const delta = checkDelta(opts.delta, 'huberLoss');
  const [x, t] = checkPair(input, target, 'huberLoss');
  const d = sub(x, t);
  const z = abs(d);
  const loss = where(lt(z, delta), mul(square(d), 0.5), mul(sub(z, 0.5 * delta), delta));
  return reduceLoss(loss, reduction);
}

/** huberLoss as a module: new HuberLoss({ delta, reduction }).call(input, target). */
export class HuberLoss extends Module {
  readonly reduction: Reduction;
  readonly delta: number;

  constructor(opts: HuberLossOptions = {}) {
    super();
    checkOptions(opts, 'HuberLoss', ['reduction', 'delta']);
    this.reduction = checkReduction(opts.reduction, 'HuberLoss');
    this.delta = checkDelta(opts.delta, 'HuberLoss');
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', delta=${this.delta}`;
  }
}
