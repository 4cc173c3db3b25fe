// Initialization by activation function: the "normalized initialization" of Glorot & Bengio
// (2010) scaled for the unit's nonlinearity, as tabulated in the course notes on Goodfellow et
// al., chapter 8 ("Examples of distributions for initialization according to the type of
// activation function").
import { describe } from '../../tensor/raw/operands';
import { generatorOf } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { calculateFanInAndFanOut } from './fan';
import { drawWithStd } from './variance-scaling';
import { expectInitTarget, expectOptions, InitOptions } from './write';

export type TableActivation = 'logistic' | 'tanh' | 'relu';

/** The multiplier of the tanh row for each activation. */
const MULTIPLIER: Record<TableActivation, number> = { tanh: 1, logistic: 4, relu: Math.SQRT2 };

/**
 * Zero-mean weights scaled for the activation that follows, with n = fanIn + fanOut:
 *
 *   activation   uniform U(−r, r)      normal N(0, σ²)
 *   tanh         r = √(6/n)            σ = √(2/n)
 *   logistic     r = 4·√(6/n)          σ = 4·√(2/n)
 *   relu         r = √2·√(6/n)         σ = √2·√(2/n)
 *
 * The tanh row is Glorot & Bengio's (2010, eq. 16), derived for units with slope 1 at 0; the
 * logistic sigmoid has slope 1/4 there, hence 4× (Bengio, "Practical recommendations for
 * gradient-based training of deep architectures", 2012; the Theano deep learning tutorial).
 * NOTE: the course notes this table comes from print the factor 4 in the tanh row and none in
 * the logistic row; that contradicts the derivation and the papers, and we follow the papers.
 * The relu row doubles the variance as He et al. (2015) do, but over fanIn + fanOut: it equals
 * heUniform_/heNormal_ only when fanIn = fanOut.
 * distribution defaults to 'uniform'. t needs at least 2 dimensions.
 */
export function activationInit_<T extends Tensor>(
  t: T,
  activation: TableActivation,
  distribution: 'uniform' | 'normal' = 'uniform',
  opts?: InitOptions,
): T {
  const op = 'activationInit_';
  expectInitTarget(t, op);
  if (typeof activation !== 'string' || !Object.hasOwn(MULTIPLIER, activation)) {
    throw new RangeError(`${op}: activation must be 'logistic', 'tanh' or 'relu', got ${describe(activation)}`);
  }
  if (distribution !== 'uniform' && distribution !== 'normal') {
    throw new RangeError(`${op}: distribution must be 'uniform' or 'normal', got ${describe(distribution)}`);
  }
  const gen = generatorOf(expectOptions(opts, op), op);
  const { fanIn, fanOut } = calculateFanInAndFanOut(t, op);
  // Both columns have the same standard deviation: r = √3·σ.
  return drawWithStd(t, distribution, MULTIPLIER[activation] * Math.sqrt(2 / (fanIn + fanOut)), gen);
}
