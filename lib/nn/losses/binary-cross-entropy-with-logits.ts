// Binary cross-entropy of logits, stable for any magnitude. With softplus(z) = ln(1 + e^z) =
// max(z, 0) + ln(1 + e^−|z|) and l = 1 + (posWeight − 1)·t:
//   −[posWeight·t·ln σ(x) + (1 − t)·ln(1 − σ(x))] = (1 − t)·x + l·softplus(−x),
// which is max(x, 0) − x·t + ln(1 + e^−|x|) without posWeight.
import { add, mul, neg, sub } from '../../ops/arithmetic';
import { softplus } from '../../ops/activation';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { checkBroadcastWeight, checkPair } from './pair';
import { checkOptions, checkReduction, Reduction, reduceLoss, ReductionOptions } from './reduction';

export interface BCEWithLogitsLossOptions extends ReductionOptions {
  /** Per-element weights that broadcast to the input's shape. */
  weight?: Tensor | null;
  /** Weight of the positive term, broadcast along the last dimension (one per class). */
  posWeight?: Tensor | null;
}

const OPTIONS = ['reduction', 'weight', 'posWeight'];

/** Binary cross-entropy of logits input against target (same shape), reduced (default: the mean). */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsLossOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkOptions(opts, op, OPTIONS);
  const reduction = checkReduction(opts.reduction, op);
  const [x, t] = checkPair(input, target, op);
  const weight = checkBroadcastWeight(opts.weight, x, op, 'weight');
  const posWeight = checkBroadcastWeight(opts.posWeight, x, op, 'posWeight');
  // threshold ∞: the exact ln(1 + e^z) for every z, not z itself beyond 20.
  const sp = softplus(neg(x), { threshold: Infinity });
  const positive = posWeight === null ? sp : mul(add(mul(sub(posWeight, 1), t), 1), sp);
  let loss = add(mul(sub(1, t), x), positive);
  if (weight !== null) loss = mul(loss, weight);
  return reduceLoss(loss, reduction);
}

/**
 * binaryCrossEntropyWithLogits as a module; the weights are buffers named 'weight' and
 * 'pos_weight' (PyTorch's state-dict keys).
 */
export class BCEWithLogitsLoss extends Module {
  readonly reduction: Reduction;

  constructor(opts: BCEWithLogitsLossOptions = {}) {
    super();
    checkOptions(opts, 'BCEWithLogitsLoss', OPTIONS);
    this.reduction = checkReduction(opts.reduction, 'BCEWithLogitsLoss');
    this.registerBuffer('weight', opts.weight ?? null);
    this.registerBuffer('pos_weight', opts.posWeight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      reduction: this.reduction,
      weight: this.buffer('weight'),
      posWeight: this.buffer('pos_weight'),
    });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}
