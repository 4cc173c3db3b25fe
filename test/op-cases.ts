// One case per differentiable op of the registry: float64 inputs away from kinks, and a
// function that exercises the op (with broadcasting, views and axes where the op has them).
import * as d from '../lib';
import * as act from '../lib/ops/activation';
import { narrowBackward } from '../lib/ops/shape';
import { gatherBackward, indexSelectBackward } from '../lib/ops/indexing';
import { crossEntropy } from '../lib/nn/losses';
import { crossEntropyBackward } from '../lib/nn/losses/cross-entropy';
import { seededValues } from './helpers';
import { linear } from '../lib/nn/functional/linear';
import { batchNorm } from '../lib/nn/functional/batch-norm';
import { groupNorm } from '../lib/nn/functional/group-norm';

export interface OpCase {
  op: string;
  inputs: () => d.Tensor[];
  f: (...xs: d.Tensor[]) => d.Tensor;
  /** Central-difference step when the default (1e-6) does not suit the op. */
  eps?: number;
}

let seed = 100;
/** float64 values in [lo, hi) that require grad. */
function t(shape: number[], lo = -1, hi = 1): d.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return d.tensor(seededValues(n, seed++, lo, hi), shape, { dtype: 'float64' }).requiresGrad_();
}
/** Values whose magnitude stays at least `gap` away from 0 (no kinks at 0). */
function away(shape: number[], gap = 0.2): d.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = seededValues(n, seed++, -1, 1).map((x) => (x < 0 ? x - gap : x + gap));
  return d.tensor(v, shape, { dtype: 'float64' }).requiresGrad_();
}
/** Distinct values (no ties for max/min). */
function distinct(shape: number[]): d.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = seededValues(n, seed++, 0, 1).map((x, i) => x * 0.1 + i * 0.37 - n * 0.15);
  return d.tensor(v, shape, { dtype: 'float64' }).requiresGrad_();
}
const idx = (values: number[], shape: number[]) => d.tensor(values, shape, { dtype: 'int32' });

export const opCases: OpCase[] = [
  { op: 'add', inputs: () => [t([2, 3]), t([3])], f: (a, b) => a.add(b) },
  { op: 'sub', inputs: () => [t([2, 3]), t([2, 1])], f: (a, b) => a.sub(b) },
  { op: 'mul', inputs: () => [t([2, 3]), t([1, 3])], f: (a, b) => a.mul(b) },
  { op: 'div', inputs: () => [t([2, 3]), t([3], 0.5, 2)], f: (a, b) => a.div(b) },
  { op: 'pow', inputs: () => [t([2, 3], 0.5, 2), t([3], -1, 2)], f: (a, b) => a.pow(b) },
  { op: 'powScalar', inputs: () => [t([2, 3], 0.5, 2)], f: (a) => a.pow(2.5) },
  { op: 'maximum', inputs: () => [distinct([2, 3]), distinct([3]).add(0.1)], f: (a, b) => a.maximum(b) },
  { op: 'minimum', inputs: () => [distinct([2, 3]), distinct([3]).add(0.1)], f: (a, b) => a.minimum(b) },
  { op: 'neg', inputs: () => [t([4])], f: (a) => a.neg() },
  { op: 'abs', inputs: () => [away([4])], f: (a) => a.abs() },
  { op: 'sign', inputs: () => [away([4])], f: (a) => a.sign().mul(a) },
  { op: 'square', inputs: () => [t([4])], f: (a) => a.square() },
  { op: 'reciprocal', inputs: () => [away([4])], f: (a) => a.reciprocal() },
  { op: 'exp', inputs: () => [t([4])], f: (a) => a.exp() },
  { op: 'log', inputs: () => [t([4], 0.5, 2)], f: (a) => a.log() },
  { op: 'sqrt', inputs: () => [t([4], 0.5, 2)], f: (a) => a.sqrt() },
  { op: 'rsqrt', inputs: () => [t([4], 0.5, 2)], f: (a) => a.rsqrt() },
  { op: 'clamp', inputs: () => [d.tensor([-0.9, -0.3, 0.1, 0.45, 0.8], { dtype: 'float64' }).requiresGrad_()], f: (a) => a.clamp(-0.5, 0.5) },
  { op: 'relu', inputs: () => [away([5])], f: (a) => a.relu() },
  { op: 'reluBackward', inputs: () => [t([5]), away([5])], f: (g, x) => act.reluBackward(g, x) },
  { op: 'leakyRelu', inputs: () => [away([5])], f: (a) => a.leakyRelu(0.1) },
  { op: 'leakyReluBackward', inputs: () => [t([5]), away([5])], f: (g, x) => act.leakyReluBackward(g, x, 0.1) },
  { op: 'elu', inputs: () => [away([5])], f: (a) => a.elu(1.3) },
  { op: 'eluBackward', inputs: () => [t([5]), away([5])], f: (g, x) => act.eluBackward(g, x, 1.3) },
  { op: 'sigmoid', inputs: () => [t([5], -3, 3)], f: (a) => a.sigmoid() },
  { op: 'sigmoidBackward', inputs: () => [t([5]), t([5], 0.1, 0.9)], f: (g, y) => act.sigmoidBackward(g, y) },
  { op: 'tanh', inputs: () => [t([5], -2, 2)], f: (a) => a.tanh() },
  { op: 'tanhBackward', inputs: () => [t([5]), t([5], -0.9, 0.9)], f: (g, y) => act.tanhBackward(g, y) },
  { op: 'softplus', inputs: () => [t([5], -3, 3)], f: (a) => a.softplus({ beta: 1.5 }) },
  { op: 'softplusBackward', inputs: () => [t([5]), t([5], -3, 3)], f: (g, x) => act.softplusBackward(g, x, 1.5, 20) },
  { op: 'softmax', inputs: () => [t([2, 4], -2, 2)], f: (a) => a.softmax(-1).add(a.softmax(0)) },
  { op: 'softmaxBackward', inputs: () => [t([2, 4]), t([2, 4], -2, 2)], f: (g, x) => act.softmaxBackward(g, x.softmax(1), 1) },
  { op: 'logSoftmax', inputs: () => [t([2, 4], -2, 2)], f: (a) => a.logSoftmax(-1).add(a.logSoftmax(0)) },
  { op: 'logSoftmaxBackward', inputs: () => [t([2, 4]), t([2, 4], -2, 2)], f: (g, x) => act.logSoftmaxBackward(g, x.logSoftmax(0), 0) },
  { op: 'sum', inputs: () => [t([2, 3, 2])], f: (a) => a.sum([0, 2]).add(a.sum(1, true).sum()) },
  { op: 'mean', inputs: () => [t([2, 3, 2])], f: (a) => a.mean(1).add(a.mean()) },
  { op: 'max', inputs: () => [distinct([3, 4])], f: (a) => a.max(1).add(a.max()) },
  { op: 'min', inputs: () => [distinct([3, 4])], f: (a) => a.min(0, true).sum(0).add(a.min()) },
  { op: 'var', inputs: () => [t([3, 4])], f: (a) => a.var(1).add(a.var(undefined, false, { correction: 0 })) },
  { op: 'matmul', inputs: () => [t([2, 3]), t([4, 3])], f: (a, b) => a.matmul(b.T) },
  { op: 'dot', inputs: () => [t([4]), t([4])], f: (a, b) => d.dot(a, b) },
  { op: 'permute', inputs: () => [t([2, 3, 2])], f: (a) => a.permute(2, 0, 1).mul(d.arange(3).to(a.dtype)) },
  { op: 'reshape', inputs: () => [t([2, 3])], f: (a) => a.T.reshape([2, 3]).mul(d.arange(3).to(a.dtype)) },
  { op: 'expand', inputs: () => [t([3, 1])], f: (a) => a.expand([2, 3, 4]).mul(d.arange(4).to(a.dtype)) },
  { op: 'squeeze', inputs: () => [t([3, 1])], f: (a) => a.squeeze().mul(a.squeeze(1)) },
  { op: 'unsqueeze', inputs: () => [t([3])], f: (a) => a.unsqueeze(0).mul(a.unsqueeze(1)) },
  { op: 'narrow', inputs: () => [t([4, 3])], f: (a) => d.narrow(a, 1, 1, 2).mul(a.slice(1, 3).sum()) },
  { op: 'narrowBackward', inputs: () => [t([2, 3])], f: (g) => narrowBackward(g, [5, 3], 0, 2).mul(d.arange(15).reshape([5, 3]).to(g.dtype)) },
  { op: 'concat', inputs: () => [t([2, 2]), t([1, 2]), t([2, 3])], f: (a, b, c) => d.concat([d.concat([a, b]), c.T], 1) },
  { op: 'contiguous', inputs: () => [t([2, 3])], f: (a) => a.T.contiguous().mul(d.arange(2).to(a.dtype)) },
  { op: 'clone', inputs: () => [t([3])], f: (a) => a.clone().mul(a) },
  { op: 'cast', inputs: () => [t([3])], f: (a) => a.to(a.dtype === 'float64' ? 'float32' : 'float64').to(a.dtype).mul(a), eps: 1e-2 },
  { op: 'gather', inputs: () => [t([2, 4])], f: (a) => a.gather(1, idx([3, 0, 0, 1, 2, 2], [2, 3])) },
  {
    op: 'gatherBackward',
    inputs: () => [t([2, 3])],
    f: (g) => gatherBackward(g, 1, idx([3, 0, 0, 1, 2, 2], [2, 3]), [2, 4]).mul(d.arange(8).reshape([2, 4]).to(g.dtype)),
  },
  { op: 'indexSelect', inputs: () => [t([3, 2])], f: (a) => a.indexSelect(0, idx([2, 0, 2], [3])) },
  {
    op: 'indexSelectBackward',
    inputs: () => [t([3, 2])],
    f: (g) => indexSelectBackward(g, 0, idx([2, 0, 2], [3]), [4, 2]).mul(d.arange(8).reshape([4, 2]).to(g.dtype)),
  },
  { op: 'where', inputs: () => [t([2, 3]), t([3])], f: (a, b) => d.where(d.tensor([[1, 0, 1], [0, 0, 1]]).to('float64'), a, b).mul(a) },
  { op: 'linear', inputs: () => [t([2, 3, 4]), t([5, 4]), t([5])], f: (x, w, b) => linear(x, w, b).mul(linear(x, w)) },
  // Losses: the fused cross-entropy (class indices with weights, ignored targets and label
  // smoothing; probabilities with a target gradient, 3-d, unreduced) and its backward op.
  {
    op: 'crossEntropy',
    inputs: () => [t([4, 3], -2, 2)],
    f: (x) => crossEntropy(x, idx([2, 0, -100, 1], [4]), { weight: d.tensor([0.5, 1.5, 1.2]).to(x.dtype), labelSmoothing: 0.1 }),
  },
  {
    op: 'crossEntropy',
    inputs: () => [t([2, 3, 2], -2, 2), t([2, 3, 2], 0.1, 1)],
    f: (x, p) => crossEntropy(x, p, { weight: d.tensor([0.5, 1.5, 1.2]).to(x.dtype), labelSmoothing: 0.2, reduction: 'none' }).mul(d.arange(1, 5).reshape([2, 2]).to(x.dtype)),
  },
  {
    op: 'crossEntropyBackward',
    inputs: () => [t([4]), t([4, 3], -2, 2)],
    f: (g, x) => crossEntropyBackward(g, x.softmax(1), idx([2, 0, -100, 1], [4]), d.tensor([0.5, 1.5, 1.2]).to(g.dtype), 0.1, -100),
  },
  {
    op: 'crossEntropyBackward',
    inputs: () => [t([1]), t([2, 3, 2], -2, 2), t([2, 3, 2], 0.1, 1)],
    f: (g, x, p) => crossEntropyBackward(g.reshape([]), x.softmax(1), p, d.tensor([0.5, 1.5, 1.2]).to(g.dtype), 0.2, -100),
  },
  { op: 'batchNorm', inputs: () => [t([5, 3]), t([3], 0.5, 1.5), t([3])], f: (x, w, b) => batchNorm(x, null, null, { weight: w, bias: b, training: true }).mul(x) },
  {
    op: 'batchNorm',
    inputs: () => [t([4, 3, 2]), t([3], 0.5, 1.5)],
    f: (x, w) => batchNorm(x, d.tensor([0.1, -0.2, 0.3], { dtype: x.dtype }), d.tensor([0.5, 1.5, 2], { dtype: x.dtype }), { weight: w }).mul(x),
  },
  {
    op: 'batchNormBackward',
    inputs: () => [t([4, 3, 2]), t([3], 0.5, 1.5), t([3]), t([4, 3, 2])],
    f: (x, w, b, g) => {
      const y = batchNorm(x, null, null, { weight: w, bias: b, training: true });
      const [dx, dw, db] = d.autograd.grad(y, [x, w, b], { gradOutputs: [g], createGraph: true });
      return d.concat([dx.reshape([-1]), dw, db]);
    },
  },
  { op: 'groupNorm', inputs: () => [t([2, 6, 3]), t([6], 0.5, 1.5), t([6])], f: (x, w, b) => groupNorm(x, 3, { weight: w, bias: b }).mul(x) },
  {
    op: 'groupNormBackward',
    inputs: () => [t([2, 4, 3]), t([4], 0.5, 1.5), t([2, 4, 3])],
    f: (x, w, g) => {
      const y = groupNorm(x, 2, { weight: w });
      const [dx, dw] = d.autograd.grad(y, [x, w], { gradOutputs: [g], createGraph: true });
      return d.concat([dx.reshape([-1]), dw]);
    },
  },
];
