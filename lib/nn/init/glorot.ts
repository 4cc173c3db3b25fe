// Glorot (Xavier) initialization: Glorot & Bengio, "Understanding the difficulty of training
// deep feedforward neural networks", AISTATS 2010, eq. 16. Var(W) = 2 / (fanIn + fanOut)
// balances the forward activations' variance against the backward gradients'.
import { generatorOf } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { calculateFanInAndFanOut } from './fan';
import { drawWithStd } from './variance-scaling';
import { expectInitTarget, expectOptions, finiteOption, InitOptions } from './write';

export interface GainOptions extends InitOptions {
  /** Multiplies the standard deviation (see calculateGain); default 1. */
  gain?: number;
}

function glorot<T extends Tensor>(t: T, distribution: 'uniform' | 'normal', opts: GainOptions | undefined, op: string): T {
  expectInitTarget(t, op);
  const o = expectOptions(opts, op);
  const gain = finiteOption(o.gain, 1, op, 'gain');
  const gen = generatorOf(o, op);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t, op);
  return drawWithStd(t, distribution, gain * Math.sqrt(2 / (fanIn + fanOut)), gen);
}

/**
 * U(−r, r) with r = gain·√(6 / (fanIn + fanOut)) (PyTorch's xavier_uniform_, Keras's
 * glorot_uniform). Options: gain = 1, generator. t needs at least 2 dimensions.
 */
export function glorotUniform_<T extends Tensor>(t: T, opts?: GainOptions): T {
  return glorot(t, 'uniform', opts, 'glorotUniform_');
}

/**
 * N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)) (PyTorch's xavier_normal_). Keras's
 * glorot_normal draws a truncated normal of the same variance instead (varianceScaling_ with
 * mode 'fanAvg'). Options: gain = 1, generator. t needs at least 2 dimensions.
 */
export function glorotNormal_<T extends Tensor>(t: T, opts?: GainOptions): T {
  return glorot(t, 'normal', opts, 'glorotNormal_');
}
