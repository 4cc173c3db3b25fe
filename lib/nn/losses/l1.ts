// Mean absolute error: |x − t| per element (its gradient at x = t is 0, as PyTorch).
import { abs, sub } from '../../ops/arithmetic';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { checkPair } from './pair';
import { checkOptions, checkReduction, Reduction, reduceLoss, ReductionOptions } from './reduction';

export type L1LossOptions = ReductionOptions;

/** |input − target|, reduced (default: the mean). Shapes and dtypes must match. */
export function l1Loss(input: Tensor, target: Tensor, opts: L1LossOptions = {}): Tensor {
  checkOptions(opts, 'l1Loss', ['reduction']);
  const reduction = checkReduction(opts.reduction, 'l1Loss');
  const [x, t] = checkPair(input, target, 'l1Loss');
  return reduceLoss(abs(sub(x, t)), reduction);
}

/** l1Loss as a module: new L1Loss({ reduction }).call(input, target). */
export class L1Loss extends Module {
  readonly reduction: Reduction;

  constructor(opts: L1LossOptions = {}) {
    super();
    checkOptions(opts, 'L1Loss', ['reduction']);
    this.reduction = checkReduction(opts.reduction, 'L1Loss');
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}
