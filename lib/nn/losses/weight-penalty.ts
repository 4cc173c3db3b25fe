// Weight penalty (L2 regularization, "weight decay" written as a loss term; Goodfellow et al.,
// Deep Learning, §7.1): Σ_W Σ_i |w_i|^p over a set of weight tensors, so p = 2 (the default)
// gives Σ ‖W‖²_F and p = 1 the L1 (lasso) penalty. Add λ·weightPenalty(model) to the loss.
import { abs, add, pow, square } from '../../ops/arithmetic';
import { sum } from '../../ops/reduction';
import { isFloat } from '../../tensor/dtype';
import { scalarOf } from '../../tensor/raw/alloc';
import { describe, expectNumber } from '../../tensor/raw/operands';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { checkOptions } from './reduction';

export interface WeightPenaltyOptions {
  /** The exponent p of Σ|w|^p; positive. Default 2 (squared Frobenius norms). */
  p?: number;
}

/**
 * The tensors a penalty applies to: a list as given, or a module's parameters whose own name
 * contains 'weight' (Linear's weight, not its bias; note that PyTorch names a norm layer's scale
 * 'weight' too, so it is included: pass a list to choose exactly).
 */
function penalized(params: readonly Tensor[] | Module): Tensor[] {
  if (params instanceof Module) {
    return params.namedParameters().filter(([name]) => /weight/i.test(name.slice(name.lastIndexOf('.') + 1))).map(([, p]) => p);
  }
  if (!Array.isArray(params)) throw new TypeError(`weightPenalty: expected an array of tensors or a Module, got ${describe(params)}`);
  return params.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`weightPenalty: params[${i}] must be a Tensor, got ${describe(t)}`);
    return t;
  });
}

/** Σ over the tensors of Σ_i |w_i|^p (a 0-d tensor; 0 when there are none). Differentiable. */
export function weightPenalty(params: readonly Tensor[] | Module, opts: WeightPenaltyOptions = {}): Tensor {
  checkOptions(opts, 'weightPenalty', ['p']);
  const p = expectNumber(opts.p ?? 2, 'weightPenalty', 'p');
  if (!(p > 0) || !Number.isFinite(p)) throw new RangeError(`weightPenalty: p must be positive and finite, got ${p}`);
  const tensors = penalized(params);
  if (tensors.length === 0) return scalarOf(0, 'float32');
  let total: Tensor | null = null;
  for (const w of tensors) {
    if (!isFloat(w.dtype)) throw new TypeError(`weightPenalty: weights must be float, got an ${w.dtype} tensor of shape ${formatShape(w.shape)}`);
    if (total !== null && w.dtype !== total.dtype) {
      throw new TypeError(`weightPenalty: the weights mix ${total.dtype} and ${w.dtype}; convert them to one dtype`);
    }
    const term = sum(p === 2 ? square(w) : p === 1 ? abs(w) : pow(abs(w), p));
    total = total === null ? term : add(total, term);
  }
  return total!;
}
