// Batch normalization (Ioffe & Szegedy 2015) over x of shape [N, C] or [N, C, L]: per channel,
//   y = (x − μ)/√(σ² + ε)·γ + β,
// with μ, σ² the minibatch mean and biased variance in training, the running estimates in
// evaluation. Training also updates the running estimates with momentum m:
//   μ̂ ← (1 − m)·μ̂ + m·μ,   σ̂² ← (1 − m)·σ̂² + m·σ²·M/(M − 1)   (unbiased, M = N·L),
// and a cumulative average when m is null. Forward, backward (dx, dγ, dβ) are native kernels;
// the backward's own derivative is taken through the same formulas in recorded ops, so batch
// norm is differentiable at every order (Hessian-vector products included).
import { defineMultiOutputOp, defineOp } from '../../autograd/function';
import { retraceVjp } from '../../derivatives/retrace';
import * as kernels from '../../kernels';
import { empty, zerosOf } from '../../tensor/raw/alloc';
import { contiguousRaw } from '../../tensor/raw/copy';
import { contiguousDescriptor } from '../../tensor/raw/descriptor';
import { expectFloat, expectTensor } from '../../tensor/raw/operands';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';
import { add, mul, rsqrt, sub } from '../../ops/arithmetic';
import { mean, sum, variance } from '../../ops/reduction';
import { reshape } from '../../ops/shape';
import { withoutGrad } from '../parameter';

type Grads = Array<Tensor | null>;

interface Layout {
  n: number;
  c: number;
  l: number;
}

function layoutOf(x: Tensor): Layout {
  return { n: x.shape[0], c: x.shape[1], l: x.ndim === 3 ? x.shape[2] : 1 };
}

const EMPTY: number[] = [0];

// dx, dγ, dβ written with recorded ops, from g, x and γ (μ and σ recomputed from x when the
// statistics are the batch's, else the given constants). Used for the derivatives of the
// native backward.
function backwardInPrimitives(
  g: Tensor, x: Tensor, w: Tensor | null, lay: Layout, batchStats: boolean, eps: number,
  meanConst: Tensor, invstdConst: Tensor, want: [boolean, boolean, boolean],
): Grads {
  const shape3 = [lay.n, lay.c, lay.l];
  const g3 = reshape(g, shape3);
  const x3 = reshape(x, shape3);
  const axes = [0, 2];
  const mu = batchStats ? mean(x3, axes, true) : reshape(meanConst, [1, lay.c, 1]);
  const sigma = batchStats ? rsqrt(add(variance(x3, axes, true, { correction: 0 }), eps)) : reshape(invstdConst, [1, lay.c, 1]);
  const xhat = mul(sub(x3, mu), sigma);
  const gamma = w === null ? null : reshape(w, [1, lay.c, 1]);
  let dx: Tensor | null = null;
  if (want[0]) {
    const scaled = gamma === null ? sigma : mul(gamma, sigma);
    if (batchStats) {
      // dx = γσ (g − mean(g) − x̂·mean(g·x̂))
      dx = mul(scaled, sub(sub(g3, mean(g3, axes, true)), mul(xhat, mean(mul(g3, xhat), axes, true))));
    } else {
      dx = mul(g3, scaled);
    }
    dx = reshape(dx, x.shape);
  }
  return [dx, want[1] ? sum(mul(g3, xhat), axes) : null, want[2] ? sum(g3, axes) : null];
}

// [dx, dγ, dβ] of batch norm; outputs not asked for are empty tensors.
const batchNormBackward = defineMultiOutputOp({
  name: 'batchNormBackward',
  forward: (ctx, g: Tensor, x: Tensor, w: Tensor | null, mean: Tensor, invstd: Tensor, batchStats: boolean, eps: number, want: [boolean, boolean, boolean]) => {
    ctx.saveForBackward(g, x, mean, invstd, ...(w ? [w] : []));
    Object.assign(ctx, { batchStats, eps, want, hasWeight: w !== null });
    const lay = layoutOf(x);
    const gc = contiguousRaw(g);
    const xc = contiguousRaw(x);
    const wc = w ? contiguousRaw(w) : null;
    const dx = want[0] ? empty(x.shape, x.dtype) : zerosOf(EMPTY, x.dtype);
    const dw = want[1] ? empty([lay.c], x.dtype) : zerosOf(EMPTY, x.dtype);
    const db = want[2] ? empty([lay.c], x.dtype) : zerosOf(EMPTY, x.dtype);
    const shape = [lay.n, lay.c, lay.l];
    kernels.batchNormBackward({
      training: batchStats,
      g: contiguousDescriptor(gc, shape), x: contiguousDescriptor(xc, shape),
      mean: contiguousDescriptor(mean), invstd: contiguousDescriptor(invstd), gamma: wc ? contiguousDescriptor(wc) : null,
      dx: want[0] ? contiguousDescriptor(dx, shape) : null, dgamma: want[1] ? contiguousDescriptor(dw) : null,
      dbeta: want[2] ? contiguousDescriptor(db) : null,
    });
    return [dx, dw, db];
  },
  backward: (ctx, ggx, ggw, ggb): Grads => {
    const saved = ctx.savedTensors;
    const [g, x, mu, invstd] = saved;
    const w = ctx.hasWeight ? saved[4] : null;
    const want = ctx.want as [boolean, boolean, boolean];
    const lay = layoutOf(x);
    const needs = [ctx.needsInputGrad[0], ctx.needsInputGrad[1], ctx.needsInputGrad[2]];
    const inputs = w ? [g, x, w] : [g, x];
    const [dg, dxx, dw] = retraceVjp(
      (gi, xi, wi) => backwardInPrimitives(gi, xi, wi ?? null, lay, ctx.batchStats as boolean, ctx.eps as number, mu, invstd, want),
      inputs,
      needs.slice(0, inputs.length),
      [want[0] ? ggx : null, want[1] ? ggw : null, want[2] ? ggb : null],
    );
    return [dg, dxx, dw ?? null, null, null, null, null, null];
  },
});

const batchNormOp = defineOp({
  name: 'batchNorm',
  forward: (ctx, x: Tensor, w: Tensor | null, b: Tensor | null, mean: Tensor, invstd: Tensor, batchStats: boolean, eps: number) => {
    ctx.saveForBackward(x, mean, invstd, ...(w ? [w] : []));
    Object.assign(ctx, { batchStats, eps, hasWeight: w !== null });
    const lay = layoutOf(x);
    const xc = contiguousRaw(x);
    const wc = w ? contiguousRaw(w) : null;
    const bc = b ? contiguousRaw(b) : null;
    const y = empty(x.shape, x.dtype);
    const shape = [lay.n, lay.c, lay.l];
    kernels.batchNormApply({
      x: contiguousDescriptor(xc, shape), mean: contiguousDescriptor(mean), invstd: contiguousDescriptor(invstd),
      gamma: wc ? contiguousDescriptor(wc) : null, beta: bc ? contiguousDescriptor(bc) : null, y: contiguousDescriptor(y, shape),
    });
    return y;
  },
  backward: (ctx, g): Grads => {
    const saved = ctx.savedTensors;
    const [x, mu, invstd] = saved;
    const w = ctx.hasWeight ? saved[3] : null;
    const want: [boolean, boolean, boolean] = [ctx.needsInputGrad[0], ctx.needsInputGrad[1], ctx.needsInputGrad[2]];
    const [dx, dw, db] = batchNormBackward(g, x, w, mu, invstd, ctx.batchStats as boolean, ctx.eps as number, want);
    return [want[0] ? dx : null, want[1] ? dw : null, want[2] ? db : null, null, null, null, null];
  },
});

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalize with the batch's statistics and update the running ones (default false). */
  training?: boolean;
  /** Running-statistics momentum; null for a cumulative average (default 0.1). */
  momentum?: number | null;
  eps?: number;
  /** The number of batches seen so far (an int32 scalar), incremented in training. */
  numBatchesTracked?: Tensor | null;
}

/**
 * Batch normalization of x ([N, C] or [N, C, L]) with optional running statistics (updated in
 * place in training mode), as torch.nn.functional.batch_norm.
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  expectTensor(x, 'batchNorm', 'input');
  expectFloat(x, 'batchNorm');
  if (x.ndim !== 2 && x.ndim !== 3) throw new RangeError(`batchNorm: expected input of shape [N, C] or [N, C, L], got ${formatShape(x.shape)}`);
  const lay = layoutOf(x);
  const eps = opts.eps ?? 1e-5;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`batchNorm: eps must be positive and finite, got ${eps}`);
  const w = opts.weight ?? null;
  const b = opts.bias ?? null;
  for (const [name, t] of [['weight', w], ['bias', b], ['runningMean', runningMean], ['runningVar', runningVar]] as const) {
    if (t === null) continue;
    expectTensor(t, 'batchNorm', name);
    if (t.ndim !== 1 || t.shape[0] !== lay.c) throw new RangeError(`batchNorm: ${name} ${formatShape(t.shape)} must have shape [${lay.c}] for input ${formatShape(x.shape)}`);
    if (t.dtype !== x.dtype) throw new TypeError(`batchNorm: ${name} is ${t.dtype}, input is ${x.dtype}`);
  }
  if ((runningMean === null) !== (runningVar === null)) throw new TypeError('batchNorm: give both runningMean and runningVar, or neither');
  const training = opts.training ?? false;
  const batchStats = training || runningMean === null;
  const m = lay.n * lay.l;
  let mu: Tensor;
  let invstd: Tensor;
  if (batchStats) {
    if (training && m <= 1) {
      throw new RangeError(`batchNorm: expected more than 1 value per channel when training, got input of shape ${formatShape(x.shape)}`);
    }
    const xc = contiguousRaw(x);
    mu = empty([lay.c], x.dtype);
    const v = empty([lay.c], x.dtype);
    invstd = empty([lay.c], x.dtype);
    kernels.batchNormStats({
      eps, x: contiguousDescriptor(xc, [lay.n, lay.c, lay.l]),
      mean: contiguousDescriptor(mu), var: contiguousDescriptor(v), invstd: contiguousDescriptor(invstd),
    });
    if (training && runningMean !== null && runningVar !== null) {
      withoutGrad(() => {
        const tracked = opts.numBatchesTracked ?? null;
        if (tracked !== null) tracked.add_(1);
        const momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
        const f = momentum === null ? 1 / Math.max(1, tracked?.item() ?? 1) : momentum;
        runningMean.mul_(1 - f).add_(mu.mul(f));
        runningVar.mul_(1 - f).add_(v.mul((f * m) / (m - 1)));
      });
    }
  } else {
    mu = contiguousRaw(runningMean!.detach());
    invstd = withoutGrad(() => contiguousRaw(rsqrt(add(runningVar!.detach(), eps))));
  }
  return batchNormOp(x, w, b, mu, invstd, batchStats, eps);
}
