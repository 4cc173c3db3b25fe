// Mean squared error: (x − t)² per element.
import { square, sub } from '../../ops/arithmetic';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { checkPair } from './pair';
import { checkOptions, checkReduction, Reduction, reduceLoss, ReductionOptions } from './reduction';

export type MSELossOptions = ReductionOptions;

/** (input − target)², reduced (default: the mean). Shapes and dtypes must match. */
export function mseLoss(input: Tensor, target: Tensor, opts: MSELossOptions = {}): Tensor {
  checkOptions(opts, 'mseLoss', ['reduction']);
  const reduction = checkReduction(opts.reduction, 'mseLoss');
  const [x, t] = checkPair(input, target, 'mseLoss');
  return reduceLoss(square(sub(x, t)), reduction);
}

/** mseLoss as a module: new MSELoss({ reduction }).call(input, target). */
export class MSELoss extends Module {
  readonly reduction: Reduction;

  constructor(opts: MSELossOptions = {}) {
    super();
    checkOptions(opts, 'MSELoss', ['reduction']);
    this.reduction = checkReduction(opts.reduction, 'MSELoss');
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}
