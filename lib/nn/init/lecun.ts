// LeCun initialization: LeCun et al., "Efficient BackProp", 1998, §4.6: Var(W) = 1 / fanIn, so
// a unit with unit-variance inputs has a unit-variance sum. Klambauer et al. (2017) use it
// with SELU for self-normalizing networks.
import { generatorOf } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { calculateFanInAndFanOut } from './fan';
import { GainOptions } from './glorot';
import { drawWithStd } from './variance-scaling';
import { expectInitTarget, expectOptions, finiteOption } from './write';

function lecun<T extends Tensor>(t: T, distribution: 'uniform' | 'normal', opts: GainOptions | undefined, op: string): T {
  expectInitTarget(t, op);
  const o = expectOptions(opts, op);
  const gain = finiteOption(o.gain, 1, op, 'gain');
  const gen = generatorOf(o, op);
  const { fanIn } = calculateFanInAndFanOut(t, op);
  return drawWithStd(t, distribution, gain / Math.sqrt(fanIn), gen);
}

/**
 * U(−r, r) with r = gain·√(3 / fanIn) (Keras's lecun_uniform). Options: gain = 1, generator.
 * t needs at least 2 dimensions.
 */
export function lecunUniform_<T extends Tensor>(t: T, opts?: GainOptions): T {
  return lecun(t, 'uniform', opts, 'lecunUniform_');
}

/**
 * N(0, σ²) with σ = gain / √fanIn, untruncated like glorotNormal_ and heNormal_ (PyTorch's
 * kaiming_normal_ with nonlinearity 'linear', which PyTorch recommends for SELU). Keras's
 * lecun_normal draws a truncated normal of the same variance instead (varianceScaling_ with
 * its defaults). Options: gain = 1, generator. t needs at least 2 dimensions.
 */
export function lecunNormal_<T extends Tensor>(t: T, opts?: GainOptions): T {
  return lecun(t, 'normal', opts, 'lecunNormal_');
}
