// Negative log-likelihood of log-probabilities (the output of logSoftmax along dimension 1):
//   class index y:   loss = −w_y·input_y (0 where y = ignoreIndex); 'mean' divides by Σ w_y over the kept targets
//   probabilities t: loss = −Σ_c w_c·t_c·input_c; 'mean' divides by the number of positions
// (the second form extends PyTorch's nll_loss as its cross_entropy does for soft targets).
// Built from recorded ops (gather, indexSelect), so it is differentiable to any order.
import { div, mul, neg } from '../../ops/arithmetic';
import { gather, indexSelect } from '../../ops/indexing';
import { mean, sum } from '../../ops/reduction';
import { reshape, squeeze, unsqueeze } from '../../ops/shape';
import { empty } from '../../tensor/raw/alloc';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import {
  checkClassInput, checkClassRange, checkClassWeight, checkIgnoreIndex, checkNoIgnoreForProbabilities, classTarget,
  positionShape,
} from './class-target';
import { checkOptions, checkReduction, Reduction, ReductionOptions } from './reduction';

export interface NLLLossOptions extends ReductionOptions {
  /** One weight per class ([C], the input's dtype). */
  weight?: Tensor | null;
  /** Class-index targets equal to this contribute nothing (nor to the mean's denominator). Default −100. */
  ignoreIndex?: number;
}

const OPTIONS = ['reduction', 'weight', 'ignoreIndex'];

/** Ignored targets replaced by class 0 (so gather stays in range), and a 1/0 mask of the kept ones. */
function splitIgnored(index: Tensor, ignoreIndex: number, dtype: Tensor['dtype']): { safe: Tensor; keep: Tensor } {
  const n = index.numel();
  const safe = empty(index.shape, 'int32');
  const keep = empty(index.shape, dtype);
  const y = index.storage.data;
  for (let i = 0; i < n; i++) {
    const v = y[index.offset + i];
    const kept = v !== ignoreIndex;
    safe.storage.data[i] = kept ? v : 0;
    keep.storage.data[i] = kept ? 1 : 0;
  }
  return { safe, keep };
}

/** The loss of [N, C, d...] log-probabilities with at least two dimensions. */
function nllBatched(x: Tensor, target: ReturnType<typeof classTarget>, weight: Tensor | null, ignoreIndex: number, reduction: Reduction): Tensor {
  const classes = x.shape[1];
  if (target.kind === 'probability') {
    let weighted = mul(x, target.probability);
    if (weight !== null) weighted = mul(weighted, reshape(weight, [classes, ...new Array<number>(x.ndim - 2).fill(1)]));
    const loss = neg(sum(weighted, 1));
    return reduction === 'none' ? loss : reduction === 'sum' ? sum(loss) : mean(loss);
  }
  checkClassRange(target.index, classes, ignoreIndex, 'nllLoss');
  const { safe, keep } = splitIgnored(target.index, ignoreIndex, x.dtype);
  const picked = squeeze(gather(x, 1, unsqueeze(safe, 1)), 1);
  const wy = weight === null ? keep : mul(reshape(indexSelect(weight, 0, reshape(safe, [safe.numel()])), positionShape(x.shape)), keep);
  const loss = neg(mul(picked, wy));
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : div(sum(loss), sum(wy));
}

/**
 * Negative log-likelihood of log-probabilities input ([N, C], [N, C, d1, ...] or [C]) against
 * class indices (int32 [N] / [N, d1, ...]; whole-number floats accepted) or probabilities of the
 * input's shape.
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NLLLossOptions = {}): Tensor {
  const op = 'nllLoss';
  checkOptions(opts, op, OPTIONS);
  const reduction = checkReduction(opts.reduction, op);
  const ignoreIndex = checkIgnoreIndex(opts.ignoreIndex, op);
  const x = checkClassInput(input, op);
  const weight = checkClassWeight(opts.weight, x, op);
  const t = classTarget(x, target, op);
  checkNoIgnoreForProbabilities(t, ignoreIndex, op);
  if (x.ndim > 1) return nllBatched(x, t, weight, ignoreIndex, reduction);
  // One sample: a batch of one.
  const classes = x.shape[0];
  const batched = t.kind === 'index' ? { kind: 'index' as const, index: reshape(t.index, [1]) } : { kind: 'probability' as const, probability: reshape(t.probability, [1, classes]) };
  const out = nllBatched(reshape(x, [1, classes]), batched, weight, ignoreIndex, reduction);
  return reduction === 'none' ? reshape(out, []) : out;
}

/** nllLoss as a module; the class weights are a buffer named 'weight' (as PyTorch's NLLLoss). */
export class NLLLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;

  constructor(opts: NLLLossOptions = {}) {
    super();
    checkOptions(opts, 'NLLLoss', OPTIONS);
    this.reduction = checkReduction(opts.reduction, 'NLLLoss');
    this.ignoreIndex = checkIgnoreIndex(opts.ignoreIndex, 'NLLLoss');
    this.registerBuffer('weight', opts.weight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { reduction: this.reduction, weight: this.buffer('weight'), ignoreIndex: this.ignoreIndex });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}`;
  }
}
