// Bias initialization (Goodfellow et al., "Deep Learning", §8.4): biases are usually 0, but a
// small positive constant keeps ReLU units active at the start, and an output unit's bias can
// be set so that the initial output matches the marginal statistics of the targets.
import { describe, expectNumber } from '../../tensor/raw/operands';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { expectInitTarget, fillValue, writeValues } from './write';

/** Sets every element of b to value (default 0.1: a ReLU unit's bias, to start it active). */
export function constantBias_<T extends Tensor>(b: T, value = 0.1): T {
  expectInitTarget(b, 'constantBias_');
  return fillValue(b, expectNumber(value, 'constantBias_', 'value'));
}

/**
 * Sets b so that softmax(b) equals the class frequencies c: b_i = log c_i − (1/K)·Σ_j log c_j
 * (the centred log-frequencies; any constant shift gives the same softmax). frequencies has one
 * entry per element of b, each > 0, summing to 1 within 1e-6.
 */
export function softmaxBias_<T extends Tensor>(b: T, frequencies: ArrayLike<number> | Tensor): T {
  const op = 'softmaxBias_';
  expectInitTarget(b, op);
  const f: ArrayLike<number> = frequencies instanceof Tensor ? frequencies.contiguous().values() : frequencies;
  if (f === null || typeof f !== 'object' || typeof f.length !== 'number') {
    throw new TypeError(`${op}: frequencies must be an array, a typed array or a Tensor, got ${describe(frequencies)}`);
  }
  if (f.length !== b.numel()) {
    throw new RangeError(`${op}: ${f.length} frequencies for a bias of shape ${formatShape(b.shape)} (${b.numel()} elements)`);
  }
  const logs = new Float64Array(f.length);
  let total = 0;
  let meanLog = 0;
  for (let i = 0; i < f.length; i++) {
    const p = f[i];
    if (typeof p !== 'number' || !(p > 0) || !Number.isFinite(p)) {
      throw new RangeError(`${op}: frequencies must be positive finite numbers, got ${describe(p)} at index ${i}`);
    }
    total += p;
    logs[i] = Math.log(p);
    meanLog += logs[i];
  }
  if (Math.abs(total - 1) > 1e-6) throw new RangeError(`${op}: frequencies must sum to 1 (within 1e-6), got ${total}`);
  meanLog /= f.length;
  for (let i = 0; i < logs.length; i++) logs[i] -= meanLog;
  return writeValues(b, logs);
}

/**
 * Sets every element of b to logit(p) = log(p / (1 − p)), so that sigmoid(b) = p: the bias of
 * a binary output unit whose positive class has frequency p, 0 < p < 1.
 */
export function sigmoidBias_<T extends Tensor>(b: T, frequency: number): T {
  const op = 'sigmoidBias_';
  expectInitTarget(b, op);
  expectNumber(frequency, op, 'frequency');
  if (!(frequency > 0 && frequency < 1)) throw new RangeError(`${op}: frequency must be in (0, 1), got ${frequency}`);
  return fillValue(b, Math.log(frequency) - Math.log1p(-frequency));
}
