// Activations and softmax, recorded for autodiff. Each first derivative is its own op with a
// native kernel (reluBackward, sigmoidBackward, softmaxBackward, ...); the derivatives of all of
// them, written with recorded ops, are in lib/derivatives/activation.ts: every activation is
// twice differentiable (docs/ARCHITECTURE.md, decision 8).
import { defineOp } from '../autograd/function';
import { binaryRaw, unaryRaw } from '../tensor/raw/elementwise';
import { expectFloat, expectNumber, expectTensor } from '../tensor/raw/operands';
import { softmaxBackwardRaw, softmaxRaw } from '../tensor/raw/softmax';
import { normalizeAxis } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

// --- first derivatives as ops: f'(g, s) with s the saved input or output -------------------

/** g·[x > 0]; its derivative in x is zero almost everywhere. */
export const reluBackward = defineOp({
  name: 'reluBackward',
  forward: (ctx, g: Tensor, x: Tensor) => {
    ctx.saveForBackward(x);
    return binaryRaw('reluBackward', g, x);
  },
});

/** g·(x > 0 ? 1 : slope) */
export const leakyReluBackward = defineOp({
  name: 'leakyReluBackward',
  forward: (ctx, g: Tensor, x: Tensor, slope: number) => {
    ctx.saveForBackward(x);
    ctx.slope = slope;
    return binaryRaw('leakyReluBackward', g, x, slope);
  },
});

/** g·(x > 0 ? 1 : α·e^x) */
export const eluBackward = defineOp({
  name: 'eluBackward',
  forward: (ctx, g: Tensor, x: Tensor, alpha: number) => {
    ctx.saveForBackward(g, x);
    ctx.alpha = alpha;
    return binaryRaw('eluBackward', g, x, alpha);
  },
});

/** g·y·(1 − y), y = σ(x) */
export const sigmoidBackward = defineOp({
  name: 'sigmoidBackward',
  forward: (ctx, g: Tensor, y: Tensor) => {
    ctx.saveForBackward(g, y);
    return binaryRaw('sigmoidBackward', g, y);
  },
});

/** g·(1 − y²), y = tanh x */
export const tanhBackward = defineOp({
  name: 'tanhBackward',
  forward: (ctx, g: Tensor, y: Tensor) => {
    ctx.saveForBackward(g, y);
    return binaryRaw('tanhBackward', g, y);
  },
});

/** g·σ(βx), or g once βx > threshold */
export const softplusBackward = defineOp({
  name: 'softplusBackward',
  forward: (ctx, g: Tensor, x: Tensor, beta: number, threshold: number) => {
    ctx.saveForBackward(g, x);
    ctx.beta = beta;
    ctx.threshold = threshold;
    return binaryRaw('softplusBackward', g, x, beta, threshold);
  },
});

/** y ⊙ (g − Σ g⊙y) along axis, y = softmax(x) */
export const softmaxBackward = defineOp({
  name: 'softmaxBackward',
  forward: (ctx, g: Tensor, y: Tensor, axis: number) => {
    ctx.saveForBackward(g, y);
    ctx.axis = axis;
    return softmaxBackwardRaw(g, y, axis, false);
  },
});

/** g − e^y ⊙ Σ g along axis, y = logSoftmax(x) */
export const logSoftmaxBackward = defineOp({
  name: 'logSoftmaxBackward',
  forward: (ctx, g: Tensor, y: Tensor, axis: number) => {
    ctx.saveForBackward(g, y);
    ctx.axis = axis;
    return softmaxBackwardRaw(g, y, axis, true);
  },
});

// --- the activations -----------------------------------------------------------------------

export const reluOp = defineOp({
  name: 'relu',
  forward: (ctx, x: Tensor) => {
    ctx.saveForBackward(x);
    return unaryRaw('relu', x, 0, 0, 'relu');
  },
});

export const leakyReluOp = defineOp({
  name: 'leakyRelu',
  forward: (ctx, x: Tensor, slope: number) => {
    ctx.saveForBackward(x);
    ctx.slope = slope;
    return unaryRaw('leakyRelu', x, slope, 0, 'leakyRelu');
  },
});

export const eluOp = defineOp({
  name: 'elu',
  forward: (ctx, x: Tensor, alpha: number) => {
    ctx.saveForBackward(x);
    ctx.alpha = alpha;
    return unaryRaw('elu', x, alpha, 0, 'elu');
  },
});

export const sigmoidOp = defineOp({
  name: 'sigmoid',
  forward: (ctx, x: Tensor) => {
    const y = unaryRaw('sigmoid', x, 0, 0, 'sigmoid');
    ctx.saveForBackward(y);
    return y;
  },
});

export const tanhOp = defineOp({
  name: 'tanh',
  forward: (ctx, x: Tensor) => {
    const y = unaryRaw('tanh', x, 0, 0, 'tanh');
    ctx.saveForBackward(y);
    return y;
  },
});

export const softplusOp = defineOp({
  name: 'softplus',
  forward: (ctx, x: Tensor, beta: number, threshold: number) => {
    ctx.saveForBackward(x);
    ctx.beta = beta;
    ctx.threshold = threshold;
    return unaryRaw('softplus', x, beta, threshold, 'softplus');
  },
});

export const softmaxOp = defineOp({
  name: 'softmax',
  forward: (ctx, x: Tensor, axis: number) => {
    const y = softmaxRaw(x, axis, false);
    ctx.saveForBackward(y);
    ctx.axis = axis;
    return y;
  },
});

export const logSoftmaxOp = defineOp({
  name: 'logSoftmax',
  forward: (ctx, x: Tensor, axis: number) => {
    const y = softmaxRaw(x, axis, true);
    ctx.saveForBackward(y);
    ctx.axis = axis;
    return y;
  },
});

/** max(x, 0) */
export function relu(x: Tensor): Tensor { return reluOp(expectTensor(x, 'relu')); }
/** σ(x) = 1/(1 + e^−x) */
export function sigmoid(x: Tensor): Tensor { return sigmoidOp(expectTensor(x, 'sigmoid')); }
export function tanh(x: Tensor): Tensor { return tanhOp(expectTensor(x, 'tanh')); }

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
  return softplusOp(expectTensor(x, 'softplus'), beta, threshold);
}

/** x > 0 ? x : negativeSlope·x */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return leakyReluOp(expectTensor(x, 'leakyRelu'), expectNumber(negativeSlope, 'leakyRelu', 'negativeSlope'));
}

/** x > 0 ? x : α·(e^x − 1) */
export function elu(x: Tensor, alpha = 1): Tensor {
  return eluOp(expectTensor(x, 'elu'), expectNumber(alpha, 'elu', 'alpha'));
}

function checkedAxis(x: Tensor, axis: number, op: string): number {
  expectTensor(x, op);
  expectFloat(x, op);
  return x.ndim === 0 ? 0 : normalizeAxis(axis, x.ndim, op);
}

/** e^(x − max) / Σ e^(x − max) along axis (stable for any magnitude) */
export function softmax(x: Tensor, axis = -1): Tensor { return softmaxOp(x, checkedAxis(x, axis, 'softmax')); }
/** x − max − ln Σ e^(x − max) along axis */
export function logSoftmax(x: Tensor, axis = -1): Tensor { return logSoftmaxOp(x, checkedAxis(x, axis, 'logSoftmax')); }
