// Continuation methods on a 2-D "egg crate": a wide bowl 0.1·‖θ‖² with a narrow Gaussian well
// at every integer point of each coordinate (width 0.2), so a local minimum near every lattice
// point and the global one at the origin. Gradient descent from (2.8, −3.2) falls into the well
// at (3, −3). The continuation path solves the Gaussian-blurred objectives J_σ(θ) = E J(θ + σε)
// for σ = 1, 0.9, ..., 0, each from the previous solution: blurred by σ = 1 the wells merge into
// the bowl, whose minimum is the origin, and the path follows it down to σ = 0, the true J.
import * as d from '../lib';

const K = 6; // wells at −6..6 in each coordinate
const BOWL = 0.1;
const WIDTH = 0.2;
const CENTERS = d.arange(-K, K + 1).to('float64').reshape([1, 2 * K + 1]);
export const START = [2.8, -3.2];

/**
 * J_σ in closed form (a Gaussian blurred by a Gaussian is a wider, lower Gaussian):
 * Σ_d [BOWL·(θ_d² + σ²) − Σ_k w/√(w² + σ²)·exp(−(θ_d − k)²/(2(w² + σ²)))]; σ = 0 gives J itself.
 */
export function eggCrate(theta: d.Tensor, sigma = 0): d.Tensor {
  const w2 = WIDTH * WIDTH + sigma * sigma;
  const wells = theta.reshape([-1, 1]).sub(CENTERS).square().mul(-1 / (2 * w2)).exp().sum().mul(WIDTH / Math.sqrt(w2));
  return theta.square().sum().add(theta.numel() * sigma * sigma).mul(BOWL).sub(wells);
}

/** `steps` steps of gradient descent on J_σ, in place. */
export function descend(theta: d.Tensor, sigma: number, steps: number, lr = 0.05): void {
  for (let i = 0; i < steps; i++) {
    theta.grad = null;
    eggCrate(theta, sigma).backward();
    d.noGrad(() => theta.sub_(theta.grad!.mul(lr)));
  }
}

const fmt = (t: d.Tensor): string => `(${Array.from(t.data, (v) => v.toFixed(3)).join(', ')}) J = ${eggCrate(t).item().toFixed(4)}`;

if (require.main === module) {
  const plain = d.tensor(START, { dtype: 'float64' }).requiresGrad_();
  descend(plain, 0, 500);
  console.log(`gradient descent: ${fmt(plain)}`);

  // The exact blur, σ: 1 → 0 in 10 linear steps, 150 steps of gradient descent per level.
  const theta = d.tensor(START, { dtype: 'float64' }).requiresGrad_();
  const sigmas = new d.strategies.ContinuationSchedule({ start: 1, end: 0, steps: 10, shape: 'linear' });
  d.strategies.runContinuation(sigmas, (sigma) => descend(theta, sigma, 150));
  console.log(`continuation (exact blur): ${fmt(theta)}, last σ = ${sigmas.value()}`);

  // The blur estimated by weight noise: SGD on J at θ ± σε (seeded), σ annealed the same way.
  const generator = new d.RandomGenerator(0);
  const noisy = d.tensor(START, { dtype: 'float64' }).requiresGrad_();
  const optimizer = new d.optim.SGD([noisy], { lr: 0.05 });
  d.strategies.runContinuation(new d.strategies.ContinuationSchedule({ start: 1, end: 0, steps: 10 }), (sigma) => {
    for (let i = 0; i < 60; i++) {
      optimizer.zeroGrad();
      d.strategies.weightNoiseBackward([noisy], () => eggCrate(noisy), { sigma, samples: 2, antithetic: true, generator });
      optimizer.step();
    }
  });
  console.log(`continuation (weight noise): ${fmt(noisy)}`);
}
