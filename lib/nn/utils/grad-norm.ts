// Gradient norms and clipping (the references' tool against exploding gradients at cliffs):
//   total ‖g‖_p = (Σ_params Σ |g|^p)^(1/p)  (p = ∞: the largest |g|).
// Per-parameter and total norms are also the references' diagnostic for telling a critical
// point (small gradient) from a plateau or a slow region.
import { norm2 } from '../../linalg/level1';
import { setGradEnabled } from '../../autograd/grad-mode';
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';

type Params = Iterable<Tensor> | Tensor;

function gradsOf(params: Params, op: string): Tensor[] {
  const list = params instanceof Tensor ? [params] : [...params];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new TypeError(`${op}: params[${i}] is not a Tensor`);
  });
  return list.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

function checkNormType(normType: number, op: string): void {
  if (!(normType > 0) && normType !== Infinity) throw new RangeError(`${op}: normType must be positive or Infinity, got ${normType}`);
}

/** ‖t‖_p of one tensor, accumulated in double (p = 2 through the norm2 kernel). */
export function tensorNorm(t: Tensor, normType = 2): number {
  const previous = setGradEnabled(false);
  try {
    if (normType === 2) {
      return norm2(t.contiguous());
    }
    if (t.numel() === 0) return 0;
    if (normType === Infinity) return t.abs().max().item();
    if (normType === 1) return t.to('float64').abs().sum().item();
    return t.to('float64').abs().pow(normType).sum().item() ** (1 / normType);
  } finally {
    setGradEnabled(previous);
  }
}

function combine(norms: number[], normType: number): number {
  if (normType === Infinity) return norms.reduce((m, n) => (Number.isNaN(n) || n > m ? n : m), 0);
  if (normType === 2) return Math.sqrt(norms.reduce((s, n) => s + n * n, 0));
  return norms.reduce((s, n) => s + n ** normType, 0) ** (1 / normType);
}

/** The p-norm of all gradients together (parameters without a gradient are skipped). */
export function gradNorm(params: Params, normType = 2): number {
  checkNormType(normType, 'gradNorm');
  return combine(gradsOf(params, 'gradNorm').map((g) => tensorNorm(g, normType)), normType);
}

/** The p-norm of each named parameter's gradient, and of all together. */
export function gradNorms(source: Module | Iterable<[string, Tensor]>, normType = 2): { total: number; perParameter: Record<string, number> } {
  checkNormType(normType, 'gradNorms');
  const named = source instanceof Module ? source.namedParameters() : [...source];
  const perParameter: Record<string, number> = {};
  for (const [name, p] of named) if (p.grad !== null) perParameter[name] = tensorNorm(p.grad, normType);
  return { total: combine(Object.values(perParameter), normType), perParameter };
}

/**
 * Scales all gradients together so their total p-norm is at most maxNorm (PyTorch's
 * clip_grad_norm_: factor min(1, maxNorm/(‖g‖ + 1e-6))). Returns the total norm before clipping;
 * with errorIfNonfinite a NaN or infinite norm throws instead (otherwise, as PyTorch, an infinite
 * norm zeroes the finite gradients and a NaN norm makes every gradient NaN).
 */
export function clipGradNorm(params: Params, maxNorm: number, normType = 2, opts: { errorIfNonfinite?: boolean } = {}): number {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new RangeError(`clipGradNorm: maxNorm must be a non-negative number, got ${maxNorm}`);
  checkNormType(normType, 'clipGradNorm');
  const grads = gradsOf(params, 'clipGradNorm');
  const total = combine(grads.map((g) => tensorNorm(g, normType)), normType);
  if (opts.errorIfNonfinite && !Number.isFinite(total)) {
    throw new RangeError(`clipGradNorm: the total norm of order ${normType} of the gradients is ${total}; pass errorIfNonfinite: false to clip anyway`);
  }
  // As PyTorch: an infinite norm gives factor 0 (infinite elements become NaN), a NaN norm a NaN
  // factor (every gradient becomes NaN), so a step on a broken gradient is never silently taken.
  const coefficient = Math.min(1, maxNorm / (total + 1e-6));   // NaN stays NaN
  if (!(coefficient >= 1)) {
    const previous = setGradEnabled(false);
    try {
      for (const g of grads) g.mul_(coefficient);
    } finally {
      setGradEnabled(previous);
    }
  }
  return total;
}

/** Clamps every gradient element to [−clipValue, clipValue]. */
export function clipGradValue(params: Params, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new RangeError(`clipGradValue: clipValue must be a non-negative number, got ${clipValue}`);
  const previous = setGradEnabled(false);
  try {
    for (const g of gradsOf(params, 'clipGradValue')) g.clamp_(-clipValue, clipValue);
  } finally {
    setGradEnabled(previous);
  }
}
