// Activation functions and softmax.
import { native } from '../../native';
import { empty } from '../raw/alloc';
import { contiguousRaw } from '../raw/copy';
import { unaryRaw } from '../raw/elementwise';
import { expectFloat, expectNumber, expectTensor } from '../raw/operands';
import { normalizeAxis, splitAtAxis } from '../shape';
import { Tensor } from '../tensor';

/** max(x, 0) */
export function relu(x: Tensor): Tensor { return unaryRaw('relu', expectTensor(x, 'relu'), 0, 0, 'relu'); }
/** σ(x) = 1/(1 + e^−x) */
export function sigmoid(x: Tensor): Tensor { return unaryRaw('sigmoid', expectTensor(x, 'sigmoid'), 0, 0, 'sigmoid'); }
export function tanh(x: Tensor): Tensor { return unaryRaw('tanh', expectTensor(x, 'tanh'), 0, 0, 'tanh'); }

export interface SoftplusOptions {
  /** β in (1/β)·ln(1 + e^(βx)). Default 1. */
  beta?: number;
  /** Above βx > threshold the result is x itself (as PyTorch). Default 20. */
  threshold?: number;
}

/** (1/β)·ln(1 + e^(βx)), or x once βx > threshold */
export function softplus(x: Tensor, opts: SoftplusOptions = {}): Tensor {
  const beta = expectNumber(opts.beta ?? 1, 'softplus', 'beta');
  const threshold = expectNumber(opts.threshold ?? 20, 'softplus', 'threshold');
  if (!(beta > 0)) throw new RangeError(`softplus: beta must be positive, got ${beta}`);
  return unaryRaw('softplus', expectTensor(x, 'softplus'), beta, threshold, 'softplus');
}

/** x > 0 ? x : negativeSlope·x */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return unaryRaw('leakyRelu', expectTensor(x, 'leakyRelu'), expectNumber(negativeSlope, 'leakyRelu', 'negativeSlope'), 0, 'leakyRelu');
}

/** x > 0 ? x : α·(e^x − 1) */
export function elu(x: Tensor, alpha = 1): Tensor {
  return unaryRaw('elu', expectTensor(x, 'elu'), expectNumber(alpha, 'elu', 'alpha'), 0, 'elu');
}

function softmaxImpl(x: Tensor, axis: number, log: boolean, op: string): Tensor {
  expectTensor(x, op);
  expectFloat(x, op);
  const src = contiguousRaw(x);
  const out = empty(x.shape, x.dtype);
  if (x.ndim === 0) {
    native.softmax(src.storage.data, src.offset, out.storage.data, 0, 1, 1, 1, log);
    return out;
  }
  const { outer, len, inner } = splitAtAxis(x.shape, normalizeAxis(axis, x.ndim, op));
  native.softmax(src.storage.data, src.offset, out.storage.data, 0, outer, len, inner, log);
  return out;
}

/** e^(x − max) / Σ e^(x − max) along axis (stable for any magnitude) */
export function softmax(x: Tensor, axis = -1): Tensor { return softmaxImpl(x, axis, false, 'softmax'); }
/** x − max − ln Σ e^(x − max) along axis */
export function logSoftmax(x: Tensor, axis = -1): Tensor { return softmaxImpl(x, axis, true, 'logSoftmax'); }
