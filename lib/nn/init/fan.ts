// Fan-in and fan-out of a weight tensor, with PyTorch's layout: [out, in, ...kernel] (Linear is
// [out, in], Conv2d [outChannels, inChannels / groups, kh, kw]). The receptive field is the
// product of the kernel dimensions; fanIn = in·receptive, fanOut = out·receptive.
import { describe } from '../../tensor/raw/operands';
import { formatShape, sizeOf } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

export interface Fans {
  /** Inputs feeding each output unit: shape[1]·(product of shape[2:]). */
  fanIn: number;
  /** Outputs each input unit feeds: shape[0]·(product of shape[2:]). */
  fanOut: number;
}

/** Which fan scales a variance: fanIn keeps the forward pass's, fanOut the backward pass's. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

/**
 * Fan-in and fan-out of a weight tensor (or of a shape) of at least 2 dimensions, as PyTorch's
 * _calculate_fan_in_and_fan_out. Note Keras lays convolution kernels out channels-last
 * ([...kernel, in, out]) and so computes different fans for the same array.
 */
export function calculateFanInAndFanOut(t: Tensor | readonly number[], op = 'calculateFanInAndFanOut'): Fans {
  const shape = t instanceof Tensor ? t.shape : t;
  if (!Array.isArray(shape)) throw new TypeError(`${op}: expected a Tensor or a shape, got ${describe(t)}`);
  if (shape.length < 2) {
    throw new RangeError(
      `${op}: fan in and fan out need a tensor of at least 2 dimensions ([out, in, ...kernel]), got shape ${formatShape(shape)}`,
    );
  }
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/** The fan that `mode` names (fanAvg is the mean of fan-in and fan-out). */
export function fanFor(t: Tensor, mode: FanMode, op: string): number {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t, op);
  switch (mode) {
    case 'fanIn': return fanIn;
    case 'fanOut': return fanOut;
    case 'fanAvg': return (fanIn + fanOut) / 2;
  }
}

/** mode checked against `allowed` (default 'fanIn' when undefined). */
export function expectFanMode(mode: unknown, op: string, allowed: readonly FanMode[] = ['fanIn', 'fanOut', 'fanAvg']): FanMode {
  if (mode === undefined) return 'fanIn';
  if (typeof mode === 'string' && (allowed as readonly string[]).includes(mode)) return mode as FanMode;
  throw new RangeError(`${op}: mode must be ${allowed.map((m) => `'${m}'`).join(' or ')}, got ${describe(mode)}`);
}
