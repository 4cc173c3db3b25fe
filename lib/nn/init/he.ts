// He (Kaiming) initialization: He et al., "Delving Deep into Rectifiers", ICCV 2015, eq. 10.
// A ReLU zeroes half its inputs, so Var(W) = 2 / fanIn keeps the activations' variance steady.
import { generatorOf } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { expectFanMode, fanFor } from './fan';
import { GainOptions } from './glorot';
import { drawWithStd } from './variance-scaling';
import { expectInitTarget, expectOptions, finiteOption } from './write';

export interface HeOptions extends GainOptions {
  /**
   * 'fanIn' (default) preserves the forward activations' variance, 'fanOut' the backward
   * gradients' (He et al. show either suffices).
   */
  mode?: 'fanIn' | 'fanOut';
}

function he<T extends Tensor>(t: T, distribution: 'uniform' | 'normal', opts: HeOptions | undefined, op: string): T {
  expectInitTarget(t, op);
  const o = expectOptions(opts, op);
  const gain = finiteOption(o.gain, Math.SQRT2, op, 'gain');
  const mode = expectFanMode(o.mode, op, ['fanIn', 'fanOut']);
  const gen = generatorOf(o, op);
  return drawWithStd(t, distribution, gain / Math.sqrt(fanFor(t, mode, op)), gen);
}

/**
 * U(−r, r) with r = gain·√(3 / fan) (PyTorch's kaiming_uniform_; with the default gain √2,
 * r = √(6 / fanIn), Keras's he_uniform). For a leaky ReLU pass
 * gain = calculateGain('leakyRelu', slope). Options: gain = √2, mode = 'fanIn', generator.
 * t needs at least 2 dimensions.
 */
export function heUniform_<T extends Tensor>(t: T, opts?: HeOptions): T {
  return he(t, 'uniform', opts, 'heUniform_');
}

/**
 * N(0, σ²) with σ = gain / √fan (PyTorch's kaiming_normal_; σ = √(2 / fanIn) by default).
 * Keras's he_normal draws a truncated normal of the same variance instead (varianceScaling_
 * with scale 2). Options: gain = √2, mode = 'fanIn', generator. t needs at least 2 dimensions.
 */
export function heNormal_<T extends Tensor>(t: T, opts?: HeOptions): T {
  return he(t, 'normal', opts, 'heNormal_');
}
