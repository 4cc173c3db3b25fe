// Binary cross-entropy of probabilities: −w·(t·ln p + (1 − t)·ln(1 − p)), with each logarithm
// clamped at −100 as PyTorch does, so p = 0 or 1 gives a finite loss.
import { add, clamp, log, mul, neg, sub } from '../../ops/arithmetic';
import { gt } from '../../ops/comparison';
import { where } from '../../ops/indexing';
import { reduceRaw } from '../../tensor/raw/reduce';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { checkBroadcastWeight, checkPair } from './pair';
import { checkOptions, checkReduction, Reduction, reduceLoss, ReductionOptions } from './reduction';

export interface BCELossOptions extends ReductionOptions {
  /** Per-element weights that broadcast to the input's shape (PyTorch's weight). */
  weight?: Tensor | null;
}

/**
 * max(ln x, −100), with a zero gradient where the clamp is active. The inner where keeps ln away
 * from x = 0, so no 0/0 reaches the gradient (a saturated float32 sigmoid gives p = 1 exactly).
 */
function clampedLog(x: Tensor): Tensor {
  const positive = gt(x, 0);
  return where(positive, clamp(log(where(positive, x, 1)), -100, null), -100);
}

function checkProbabilities(x: Tensor, op: string): void {
  if (x.numel() === 0) return;
  const axes = x.shape.map((_, i) => i);
  const lo = reduceRaw('min', x, axes, false).item();
  const hi = reduceRaw('max', x, axes, false).item();
  // Written to reject NaN too.
  if (!(lo >= 0 && hi <= 1)) {
    const bad = lo >= 0 ? hi : lo;
    throw new RangeError(`${op}: input must hold probabilities in [0, 1], found ${bad} (for logits use binaryCrossEntropyWithLogits)`);
  }
}

/** Binary cross-entropy of probabilities input against target (same shape), reduced (default: the mean). */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BCELossOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkOptions(opts, op, ['reduction', 'weight']);
  const reduction = checkReduction(opts.reduction, op);
  const [p, t] = checkPair(input, target, op);
  const weight = checkBroadcastWeight(opts.weight, p, op, 'weight');
  checkProbabilities(p, op);
  let loss = neg(add(mul(t, clampedLog(p)), mul(sub(1, t), clampedLog(sub(1, p)))));
  if (weight !== null) loss = mul(loss, weight);
  return reduceLoss(loss, reduction);
}

/** binaryCrossEntropy as a module; the weight is a buffer named 'weight' (as PyTorch's BCELoss). */
export class BCELoss extends Module {
  readonly reduction: Reduction;

  constructor(opts: BCELossOptions = {}) {
    super();
    checkOptions(opts, 'BCELoss', ['reduction', 'weight']);
    this.reduction = checkReduction(opts.reduction, 'BCELoss');
    this.registerBuffer('weight', opts.weight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction, weight: this.buffer('weight') });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}
