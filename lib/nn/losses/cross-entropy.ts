// Cross-entropy of class scores (logits), fused: one kernel pass computes the stable softmax
// and the negative log-likelihood of each position's target distribution, keeping the
// softmax; one computes the gradient ((Σ a)·softmax − a)·scale from it, with no exponentials.
// With class weights w, label smoothing ε and C classes, a position with target distribution a
// scores
//   loss = −Σ_c a_c·log_softmax(x)_c,
//   a_c = w_c·ε/C + (1 − ε)·w_y·[c = y]   (class index y; nothing when y = ignoreIndex)
//   a_c = w_c·((1 − ε)·t_c + ε/C)          (probabilities t)
// 'mean' divides the sum by Σ w_y over the kept targets (class indices) or by the number of
// positions (probabilities), as PyTorch's cross_entropy.
import { defineOp } from '../../autograd/function';
import { isGradEnabled } from '../../autograd/grad-mode';
import * as kernels from '../../kernels';
import { logSoftmax, softmax } from '../../ops/activation';
import { add, div, mul, sub } from '../../ops/arithmetic';
import { sum } from '../../ops/reduction';
import { reshape, unsqueeze } from '../../ops/shape';
import { empty, scalarOf, zerosOf } from '../../tensor/raw/alloc';
import { contiguousRaw } from '../../tensor/raw/copy';
import { contiguousDescriptor } from '../../tensor/raw/descriptor';
import { binaryRaw } from '../../tensor/raw/elementwise';
import { expectNumber } from '../../tensor/raw/operands';
import { reduceRaw } from '../../tensor/raw/reduce';
import { formatShape, sameShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import {
  checkClassInput, checkClassWeight, checkIgnoreIndex, checkNoIgnoreForProbabilities, classTarget, positionShape,
  refuseWeightGrad,
} from './class-target';
import { checkOptions, checkReduction, Reduction, ReductionOptions } from './reduction';

type Grads = Array<Tensor | null>;

export interface CrossEntropyLossOptions extends ReductionOptions {
  /** One weight per class ([C], the input's dtype); a constant (no gradient). */
  weight?: Tensor | null;
  /** Class-index targets equal to this contribute nothing (nor to the mean's denominator). Default −100. */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C. Default 0. */
  labelSmoothing?: number;
}

const OPTIONS = ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing'];

/** x of shape [N, C, d...] as the kernels see it. */
function classLayout(shape: readonly number[]): { outer: number; classes: number; inner: number } {
  return { outer: shape[0], classes: shape[1], inner: shape.slice(2).reduce((p, d) => p * d, 1) };
}

/** The class weights shaped to broadcast along dimension 1 of an ndim-dimensional [N, C, d...] tensor. */
function classColumn(weight: Tensor, ndim: number): Tensor {
  return reshape(weight, [weight.shape[0], ...new Array<number>(ndim - 2).fill(1)]);
}

/** scale ([] or [N, d...]) shaped to broadcast against [N, C, d...]. */
function perPosition(scale: Tensor): Tensor {
  return scale.ndim === 0 ? scale : unsqueeze(scale, 1);
}

/**
 * Every position's target distribution a as a tensor of p's shape: built directly for class
 * indices (a constant), with recorded ops for probabilities (which may require grad).
 */
function targetDistribution(target: Tensor, weight: Tensor | null, eps: number, ignoreIndex: number, p: Tensor): Tensor {
  const { outer, classes, inner } = classLayout(p.shape);
  if (target.dtype !== 'int32') {
    const a = add(mul(target, 1 - eps), eps / classes);
    return weight === null ? a : mul(a, classColumn(weight, p.ndim));
  }
  const out = zerosOf(p.shape, p.dtype);
  const a = out.storage.data;
  const tc = contiguousRaw(target);
  const y = tc.storage.data;
  const wc = weight === null ? null : contiguousRaw(weight);
  const w = (c: number) => (wc === null ? 1 : wc.storage.data[wc.offset + c]);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const yi = y[tc.offset + o * inner + i];
      if (yi === ignoreIndex) continue;
      for (let c = 0; c < classes; c++) a[(o * classes + c) * inner + i] = (w(c) * eps) / classes;
      a[(o * classes + yi) * inner + i] += (1 - eps) * w(yi);
    }
  }
  return out;
}

/**
 * The gradient of the fused loss in its scores: scale·((Σ_k a_k)·p − a) at every position, with
 * scale one number ([]) or one per position ([N, d...]) and p the softmax of the scores. An op
 * of its own, so double backward (createGraph) works through crossEntropy.
 */
export const crossEntropyBackward = defineOp({
  name: 'crossEntropyBackward',
  forward: (ctx, scale: Tensor, p: Tensor, target: Tensor, weight: Tensor | null, labelSmoothing: number, ignoreIndex: number) => {
    if (scale.ndim !== 0 && !sameShape(scale.shape, positionShape(p.shape))) {
      throw new RangeError(`crossEntropyBackward: scale of shape ${formatShape(scale.shape)} must be [] or ${formatShape(positionShape(p.shape))}`);
    }
    const { outer, classes, inner } = classLayout(p.shape);
    const s = contiguousRaw(scale);
    const pc = contiguousRaw(p);
    const t = contiguousRaw(target);
    const w = weight === null ? null : contiguousRaw(weight);
    const dx = empty(p.shape, p.dtype);
    const scores = [outer, classes, inner];
    const positions = [outer, inner];
    kernels.crossEntropyBackward({
      labelSmoothing, ignoreIndex,
      // One scale shared by every position (stride 0), or one per position.
      scale: scale.ndim === 0
        ? { data: s.storage.data, offset: s.offset, shape: positions, strides: [0, 0] }
        : contiguousDescriptor(s, positions),
      softmax: contiguousDescriptor(pc, scores),
      target: contiguousDescriptor(t, t.dtype === 'int32' ? positions : scores),
      weight: w === null ? null : contiguousDescriptor(w),
      dx: contiguousDescriptor(dx, scores),
    });
    // The target itself (not a contiguous copy): probabilities may be part of the graph.
    ctx.saveForBackward(...(w === null ? [scale, p, target] : [scale, p, target, w]));
    ctx.labelSmoothing = labelSmoothing;
    ctx.ignoreIndex = ignoreIndex;
    return dx;
  },
  backward: (ctx, gg): Grads => {
    const saved = ctx.savedTensors;
    const [scale, p, target] = saved;
    const weight = saved.length > 3 ? saved[3] : null;
    const eps = ctx.labelSmoothing as number;
    const a = targetDistribution(target, weight, eps, ctx.ignoreIndex as number, p);
    const total = sum(a, 1, true); // Σ_k a_k
    const s = perPosition(scale);
    let dScale: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      const r = mul(gg, sub(mul(total, p), a));
      dScale = scale.ndim === 0 ? sum(r) : sum(r, 1);
    }
    const dP = ctx.needsInputGrad[1] ? mul(mul(gg, s), total) : null;
    let dTarget: Tensor | null = null;
    if (ctx.needsInputGrad[2]) {
      // Probabilities t: ∂/∂t_k = (1 − ε)·w_k·s·(Σ_c gg_c·p_c − gg_k)
      dTarget = mul(mul(sub(sum(mul(gg, p), 1, true), gg), s), 1 - eps);
      if (weight !== null) dTarget = mul(dTarget, classColumn(weight, p.ndim));
    }
    return [dScale, dP, dTarget, null, null, null];
  },
});

const crossEntropyOp = defineOp({
  name: 'crossEntropy',
  forward: (ctx, x: Tensor, target: Tensor, weight: Tensor | null, labelSmoothing: number, ignoreIndex: number, reduction: Reduction) => {
    const { outer, classes, inner } = classLayout(x.shape);
    const xc = contiguousRaw(x);
    const t = contiguousRaw(target);
    const w = weight === null ? null : contiguousRaw(weight);
    const p = empty(x.shape, x.dtype);
    const loss = empty(positionShape(x.shape), x.dtype);
    const scores = [outer, classes, inner];
    const positions = [outer, inner];
    const denominator = kernels.crossEntropy({
      labelSmoothing, ignoreIndex,
      x: contiguousDescriptor(xc, scores),
      target: contiguousDescriptor(t, t.dtype === 'int32' ? positions : scores),
      weight: w === null ? null : contiguousDescriptor(w),
      softmax: contiguousDescriptor(p, scores),
      loss: contiguousDescriptor(loss, positions),
    });
    // x is kept for double backward (softmax(x) recorded) and for a probability target's gradient.
    ctx.saveForBackward(...(w === null ? [x, p, target] : [x, p, target, w]));
    ctx.labelSmoothing = labelSmoothing;
    ctx.ignoreIndex = ignoreIndex;
    ctx.reduction = reduction;
    ctx.denominator = denominator;
    if (reduction === 'none') return loss;
    const total = reduceRaw('sum', loss, loss.shape.map((_, i) => i), false);
    return reduction === 'sum' ? total : binaryRaw('div', total, scalarOf(denominator, x.dtype));
  },
  backward: (ctx, g): Grads => {
    const saved = ctx.savedTensors;
    const [x, savedP, target] = saved;
    const weight = saved.length > 3 ? saved[3] : null;
    const eps = ctx.labelSmoothing as number;
    const scale = ctx.reduction === 'mean' ? div(g, ctx.denominator as number) : g;
    let dx: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      // Recording (createGraph): the softmax again as a recorded op, so the gradient's
      // dependence on x is part of the graph. Otherwise the saved values.
      const p = isGradEnabled() ? softmax(x, 1) : savedP;
      dx = crossEntropyBackward(scale, p, target, weight, eps, ctx.ignoreIndex as number);
    }
    let dTarget: Tensor | null = null;
    if (ctx.needsInputGrad[1]) {
      // Probabilities t: ∂loss/∂t_c = −(1 − ε)·w_c·log_softmax(x)_c·scale
      dTarget = mul(mul(logSoftmax(x, 1), perPosition(scale)), -(1 - eps));
      if (weight !== null) dTarget = mul(dTarget, classColumn(weight, x.ndim));
    }
    return [dx, dTarget, null, null, null, null];
  },
});

function checkLabelSmoothing(value: unknown, op: string): number {
  const eps = expectNumber(value ?? 0, op, 'labelSmoothing');
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  return eps;
}

/**
 * Cross-entropy of class scores input ([N, C], [N, C, d1, ...] or [C]) against class indices
 * (int32 [N] / [N, d1, ...]; whole-number floats accepted) or probabilities of the input's
 * shape. Equals nllLoss(logSoftmax(input, 1), target) without label smoothing.
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyLossOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkOptions(opts, op, OPTIONS);
  const reduction = checkReduction(opts.reduction, op);
  const ignoreIndex = checkIgnoreIndex(opts.ignoreIndex, op);
  const labelSmoothing = checkLabelSmoothing(opts.labelSmoothing, op);
  const x = checkClassInput(input, op);
  const weight = checkClassWeight(opts.weight, x, op);
  refuseWeightGrad(weight, op);
  const t = classTarget(x, target, op);
  checkNoIgnoreForProbabilities(t, ignoreIndex, op);
  const tt = t.kind === 'index' ? t.index : t.probability;
  if (x.ndim === 1) {
    // One sample: a batch of one.
    const classes = x.shape[0];
    const out = crossEntropyOp(reshape(x, [1, classes]), reshape(tt, t.kind === 'index' ? [1] : [1, classes]), weight, labelSmoothing, ignoreIndex, reduction);
    return reduction === 'none' ? reshape(out, []) : out;
  }
  return crossEntropyOp(x, tt, weight, labelSmoothing, ignoreIndex, reduction);
}

/** crossEntropy as a module; the class weights are a buffer named 'weight' (as PyTorch's CrossEntropyLoss). */
export class CrossEntropyLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(opts: CrossEntropyLossOptions = {}) {
    super();
    checkOptions(opts, 'CrossEntropyLoss', OPTIONS);
    this.reduction = checkReduction(opts.reduction, 'CrossEntropyLoss');
    this.ignoreIndex = checkIgnoreIndex(opts.ignoreIndex, 'CrossEntropyLoss');
    this.labelSmoothing = checkLabelSmoothing(opts.labelSmoothing, 'CrossEntropyLoss');
    this.registerBuffer('weight', opts.weight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      reduction: this.reduction,
      weight: this.buffer('weight'),
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
    });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', ignoreIndex=${this.ignoreIndex}, labelSmoothing=${this.labelSmoothing}`;
  }
}
