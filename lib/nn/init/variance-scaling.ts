// Variance scaling (Keras's VarianceScaling): zero-mean weights with variance scale / fan, the
// family that Glorot, He and LeCun initialization belong to.
import { describe } from '../../tensor/raw/operands';
import { generatorOf, RandomGenerator } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { expectFanMode, fanFor, FanMode } from './fan';
import { drawInto, expectInitTarget, expectOptions, finiteOption, InitOptions } from './write';

/** The standard deviation of a unit normal truncated to [−2, 2]: √(1 − 4φ(2)/(2Φ(2) − 1)). */
export const TRUNCATED_NORMAL_STD = 0.87962566103423978;

export type ScalingDistribution = 'normal' | 'truncatedNormal' | 'uniform';

export interface VarianceScalingOptions extends InitOptions {
  /** Multiplies the variance (default 1; > 0). */
  scale?: number;
  /** The fan dividing the variance (default 'fanIn'). */
  mode?: FanMode;
  /** The shape of the draws (default 'truncatedNormal'). */
  distribution?: ScalingDistribution;
}

/**
 * Fills t with zero-mean draws of standard deviation `std`:
 *   uniform           U(−√3·std, √3·std)
 *   normal            N(0, std²)
 *   truncatedNormal   N(0, s²) cut at ±2s, s = std / 0.8796 (so the result's std is `std`)
 */
export function drawWithStd<T extends Tensor>(t: T, distribution: ScalingDistribution, std: number, gen: RandomGenerator): T {
  // An empty tensor (a zero fan) has nothing to draw and no finite std.
  if (t.numel() === 0) return t;
  switch (distribution) {
    case 'uniform': {
      const limit = Math.sqrt(3) * std;
      return drawInto(t, 'uniform', gen, -limit, limit);
    }
    case 'normal':
      return drawInto(t, 'normal', gen, 0, std);
    case 'truncatedNormal': {
      const s = std / TRUNCATED_NORMAL_STD;
      // The generator needs a non-empty interval: a zero std is a zero fill.
      return s > 0 ? drawInto(t, 'truncatedNormal', gen, 0, s, -2 * s, 2 * s) : drawInto(t, 'normal', gen, 0, 0);
    }
  }
}

export function expectDistribution(distribution: unknown, op: string): ScalingDistribution {
  if (distribution === undefined) return 'truncatedNormal';
  if (distribution === 'normal' || distribution === 'truncatedNormal' || distribution === 'uniform') return distribution;
  throw new RangeError(`${op}: distribution must be 'normal', 'truncatedNormal' or 'uniform', got ${describe(distribution)}`);
}

/**
 * Keras's VarianceScaling: zero-mean draws with variance scale / n, n the fan that `mode` names
 * (fanAvg = (fanIn + fanOut) / 2, and n is at least 1):
 *   truncatedNormal   N(0, s²) cut at ±2s with s = √(scale/n) / 0.87962566103423978, the std of
 *                     a unit normal truncated to [−2, 2], so the variance is exactly scale / n
 *   normal            N(0, scale/n) (Keras's 'untruncated_normal')
 *   uniform           U(−√(3·scale/n), √(3·scale/n))
 * Options: scale = 1, mode = 'fanIn', distribution = 'truncatedNormal', generator.
 * Fans follow PyTorch's [out, in, ...kernel] layout (calculateFanInAndFanOut); t needs at least
 * 2 dimensions.
 */
export function varianceScaling_<T extends Tensor>(t: T, opts?: VarianceScalingOptions): T {
  const op = 'varianceScaling_';
  expectInitTarget(t, op);
  const o = expectOptions(opts, op);
  const scale = finiteOption(o.scale, 1, op, 'scale');
  if (!(scale > 0)) throw new RangeError(`${op}: scale must be > 0, got ${scale}`);
  const mode = expectFanMode(o.mode, op);
  const distribution = expectDistribution(o.distribution, op);
  const gen = generatorOf(o, op);
  const n = Math.max(1, fanFor(t, mode, op));
  return drawWithStd(t, distribution, Math.sqrt(scale / n), gen);
}
