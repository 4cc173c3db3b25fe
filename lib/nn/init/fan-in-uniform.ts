// The common heuristic U(−1/√m, 1/√m), m the fan-in (Goodfellow et al., "Deep Learning",
// §8.4), and PyTorch's default initialization of Linear and Conv layers, which is this
// heuristic for both the weight and the bias.
import { generatorOf } from '../../tensor/random';
import { Tensor } from '../../tensor/tensor';
import { calculateFanInAndFanOut } from './fan';
import { drawInto, expectInitTarget, expectOptions, InitOptions } from './write';

/**
 * U(−1/√m, 1/√m) with m the fan-in: "sample each weight from U(−1/√m, 1/√m)" for a fully
 * connected layer with m inputs (Goodfellow et al., §8.4). Its variance 1/(3m) is a third of
 * LeCun's. t needs at least 2 dimensions.
 */
export function uniformFanIn_<T extends Tensor>(t: T, opts?: InitOptions): T {
  const op = 'uniformFanIn_';
  expectInitTarget(t, op);
  const gen = generatorOf(expectOptions(opts, op), op);
  const { fanIn } = calculateFanInAndFanOut(t, op);
  if (t.numel() === 0) return t;
  const bound = 1 / Math.sqrt(fanIn);
  return drawInto(t, 'uniform', gen, -bound, bound);
}

/**
 * PyTorch's default for nn.Linear and nn.ConvNd (their reset_parameters): the weight by
 * kaiming_uniform_ with a = √5, whose bound gain·√(3/fanIn) with gain = √(2/(1 + 5)) is
 * 1/√fanIn, then the bias (if any) from U(−1/√fanIn, 1/√fanIn) with the weight's fan-in (0 when
 * fanIn is 0). The weight is drawn first, then the bias, from the same generator. Returns the
 * weight.
 */
export function linearDefault_<T extends Tensor>(weight: T, bias?: Tensor | null, opts?: InitOptions): T {
  const op = 'linearDefault_';
  expectInitTarget(weight, op);
  if (bias !== undefined && bias !== null) expectInitTarget(bias, op);
  const gen = generatorOf(expectOptions(opts, op), op);
  const { fanIn } = calculateFanInAndFanOut(weight, op);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  if (weight.numel() > 0) drawInto(weight, 'uniform', gen, -bound, bound);
  if (bias !== undefined && bias !== null) drawInto(bias, 'uniform', gen, -bound, bound);
  return weight;
}
