// Gaussian smoothing by weight noise: the smoothed objective J_σ(θ) = E_ε J(θ + σε), ε ~ N(0, I),
// has the gradient ∇J_σ(θ) = E_ε ∇J(θ + σε), so a Monte Carlo estimate of it is the gradient of J
// at randomly perturbed parameters. Narrow local minima (narrower than σ) are averaged away; with
// σ annealed to 0 (a ContinuationSchedule) the objective becomes J again (the continuation of
// "Deep Learning" §8.7.6 by blurring).
import { enableGrad, noGrad } from '../autograd/grad-mode';
import { randn } from '../tensor/creation';
import { generatorOf, RandomGenerator } from '../tensor/random';
import { Tensor } from '../tensor/tensor';

export interface WeightNoiseOptions {
  /** σ, the standard deviation of the noise added to every parameter element (≥ 0). */
  sigma: number;
  /** Perturbed evaluations averaged (default 1; even with antithetic). */
  samples?: number;
  /** Use the pairs θ + σε and θ − σε (a lower-variance estimate; default false). */
  antithetic?: boolean;
  /** Where ε comes from (default: the default generator). */
  generator?: RandomGenerator;
}

/**
 * Accumulates into p.grad (for p of params) the weight-noise estimate of ∇J_σ: for k = 1..K
 * (K = samples), θ ← θ + σε_k, J_k = closure(), backward of J_k/K, θ restored bit for bit. Returns
 * the mean of the J_k (a value of the smoothed objective). Zero the gradients before and step the
 * optimizer after, as with a plain backward. With σ = 0 the closure runs once, nothing is drawn,
 * and the result is exactly closure().backward() of the true objective.
 */
export function weightNoiseBackward(params: Tensor[], closure: () => Tensor, opts: WeightNoiseOptions): number {
  const op = 'weightNoiseBackward';
  if (!Array.isArray(params) || params.some((p) => !(p instanceof Tensor))) throw new TypeError(`${op}: params must be an array of tensors`);
  if (typeof closure !== 'function') throw new TypeError(`${op}: closure must be a function returning the loss`);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op}: expected options with sigma`);
  const { sigma, antithetic = false } = opts;
  const samples = opts.samples ?? (antithetic ? 2 : 1);
  if (typeof sigma !== 'number' || !(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`${op}: sigma must be a finite number ≥ 0, got ${String(sigma)}`);
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`${op}: samples must be a positive integer, got ${String(samples)}`);
  if (antithetic && samples % 2 !== 0) throw new RangeError(`${op}: antithetic sampling needs an even number of samples, got ${samples}`);
  const generator = generatorOf(opts, op);
  const evaluate = (scale: number): number => {
    const loss = enableGrad(closure);
    if (!(loss instanceof Tensor) || loss.numel() !== 1) throw new TypeError(`${op}: the closure must return a scalar tensor`);
    enableGrad(() => (scale === 1 ? loss : loss.mul(scale)).backward());
    return loss.item();
  };
  if (sigma === 0) return evaluate(1);
  const saved = noGrad(() => params.map((p) => p.clone()));
  let total = 0;
  let noise: Tensor[] = [];
  try {
    for (let k = 0; k < samples; k++) {
      const mirrored = antithetic && k % 2 === 1;
      if (!mirrored) noise = params.map((p) => randn(p.shape, { dtype: p.dtype, generator, std: sigma }));
      noGrad(() => params.forEach((p, i) => (mirrored ? p.sub_(noise[i]) : p.add_(noise[i]))));
      total += evaluate(1 / samples);
      noGrad(() => params.forEach((p, i) => p.copy_(saved[i])));
    }
  } finally {
    noGrad(() => params.forEach((p, i) => p.copy_(saved[i])));
  }
  return total / samples;
}
