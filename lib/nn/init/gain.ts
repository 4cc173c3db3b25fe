// The recommended gain of a nonlinearity: the factor that keeps activations' variance steady
// from layer to layer when weights are scaled by gain/√fan (PyTorch's calculate_gain table).
import { describe } from '../../tensor/raw/operands';

/** Nonlinearities with a gain; PyTorch's snake_case names are accepted as well. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d'
  | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'leaky_relu' | 'selu';

const UNIT_GAIN = new Set([
  'linear', 'conv1d', 'conv2d', 'conv3d',
  'convTranspose1d', 'convTranspose2d', 'convTranspose3d',
  'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
  'sigmoid',
]);

/**
 * The gain of `nonlinearity`:
 *   linear, conv*, convTranspose*, sigmoid             1
 *   tanh                                               5/3
 *   relu                                               √2
 *   leakyRelu (param = negative slope, default 0.01)   √(2 / (1 + slope²))
 *   selu                                               3/4
 * (selu's 3/4 is PyTorch's choice for self-normalizing networks with kaiming/xavier init;
 * Klambauer et al. 2017 themselves use lecunNormal_ with gain 1.) `param` is read only for
 * leakyRelu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const op = 'calculateGain';
  if (typeof nonlinearity !== 'string') throw new TypeError(`${op}: nonlinearity must be a string, got ${describe(nonlinearity)}`);
  if (UNIT_GAIN.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'selu': return 3 / 4;
    case 'leakyRelu':
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) {
        throw new TypeError(`${op}: the negative slope of leakyRelu must be a finite number, got ${describe(slope)}`);
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
  }
  throw new RangeError(
    `${op}: unsupported nonlinearity '${String(nonlinearity)}'; expected linear, conv1d-3d, convTranspose1d-3d, sigmoid, tanh, relu, leakyRelu or selu`,
  );
}
