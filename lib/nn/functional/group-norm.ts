// Group normalization (Wu & He 2018) over x of shape [N, C, *]: the C channels are split into G
// groups and each sample's group is normalized with its own mean and biased variance,
//   y = (x − μ_ng)/√(σ²_ng + ε)·γ_c + β_c,
// the same in training and evaluation (no running statistics). Native forward and backward;
// higher derivatives through the same formulas in recorded ops.
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

type Grads = Array<Tensor | null>;

interface Layout {
  n: number;
  c: number;
  s: number;
}

function layoutOf(x: Tensor): Layout {
  return { n: x.shape[0], c: x.shape[1], s: x.shape.slice(2).reduce((a, b) => a * b, 1) };
}

const EMPTY: number[] = [0];

// dx, dγ, dβ in recorded ops (for the derivatives of the native backward).
function backwardInPrimitives(g: Tensor, x: Tensor, w: Tensor | null, lay: Layout, groups: number, eps: number, want: [boolean, boolean, boolean]): Grads {
  const per = lay.c / groups;
  const shape4 = [lay.n, groups, per, lay.s];
  const g4 = reshape(g, shape4);
  const x4 = reshape(x, shape4);
  const axes = [2, 3];
  const mu = mean(x4, axes, true);
  const sigma = rsqrt(add(variance(x4, axes, true, { correction: 0 }), eps));
  const xhat = mul(sub(x4, mu), sigma);
  let dx: Tensor | null = null;
  if (want[0]) {
    // h = γ·g; dx = σ (h − mean(h) − x̂·mean(h·x̂)) over each sample's group
    const h = w === null ? g4 : mul(g4, reshape(w, [1, groups, per, 1]));
    dx = reshape(mul(sigma, sub(sub(h, mean(h, axes, true)), mul(xhat, mean(mul(h, xhat), axes, true)))), x.shape);
  }
  return [
    dx,
    want[1] ? reshape(sum(mul(g4, xhat), [0, 3]), [lay.c]) : null,
    want[2] ? reshape(sum(g4, [0, 3]), [lay.c]) : null,
  ];
}

const groupNormBackward = defineMultiOutputOp({
  name: 'groupNormBackward',
  forward: (ctx, g: Tensor, x: Tensor, w: Tensor | null, mean: Tensor, invstd: Tensor, groups: number, eps: number, want: [boolean, boolean, boolean]) => {
    ctx.saveForBackward(g, x, ...(w ? [w] : []));
    Object.assign(ctx, { groups, eps, want, hasWeight: w !== null });
    const lay = layoutOf(x);
    const gc = contiguousRaw(g);
    const xc = contiguousRaw(x);
    const wc = w ? contiguousRaw(w) : null;
    const dx = want[0] ? empty(x.shape, x.dtype) : zerosOf(EMPTY, x.dtype);
    const dw = want[1] ? empty([lay.c], x.dtype) : zerosOf(EMPTY, x.dtype);
    const db = want[2] ? empty([lay.c], x.dtype) : zerosOf(EMPTY, x.dtype);
    const shape = [lay.n, lay.c, lay.s];
    kernels.groupNormBackward({
      groups,
      g: contiguousDescriptor(gc, shape), x: contiguousDescriptor(xc, shape),
      mean: contiguousDescriptor(mean), invstd: contiguousDescriptor(invstd), gamma: wc ? contiguousDescriptor(wc) : null,
      dx: want[0] ? contiguousDescriptor(dx, shape) : null, dgamma: want[1] ? contiguousDescriptor(dw) : null,
      dbeta: want[2] ? contiguousDescriptor(db) : null,
    });
    return [dx, dw, db];
  },
  backward: (ctx, ggx, ggw, ggb): Grads => {
    const saved = ctx.savedTensors;
    const [g, x] = saved;
    const w = ctx.hasWeight ? saved[2] : null;
    const want = ctx.want as [boolean, boolean, boolean];
    const lay = layoutOf(x);
    const inputs = w ? [g, x, w] : [g, x];
    const [dg, dxx, dw] = retraceVjp(
      (gi, xi, wi) => backwardInPrimitives(gi, xi, wi ?? null, lay, ctx.groups as number, ctx.eps as number, want),
      inputs,
      [ctx.needsInputGrad[0], ctx.needsInputGrad[1], ctx.needsInputGrad[2]].slice(0, inputs.length),
      [want[0] ? ggx : null, want[1] ? ggw : null, want[2] ? ggb : null],
    );
    return [dg, dxx, dw ?? null, null, null, null, null, null];
  },
});

const groupNormOp = defineOp({
  name: 'groupNorm',
  forward: (ctx, x: Tensor, groups: number, w: Tensor | null, b: Tensor | null, eps: number) => {
    const lay = layoutOf(x);
    const xc = contiguousRaw(x);
    const mu = empty([lay.n * groups], x.dtype);
    const invstd = empty([lay.n * groups], x.dtype);
    const shape = [lay.n, lay.c, lay.s];
    kernels.groupNormStats({ groups, eps, x: contiguousDescriptor(xc, shape), mean: contiguousDescriptor(mu), var: null, invstd: contiguousDescriptor(invstd) });
    const wc = w ? contiguousRaw(w) : null;
    const bc = b ? contiguousRaw(b) : null;
    const y = empty(x.shape, x.dtype);
    kernels.groupNormApply({
      groups, x: contiguousDescriptor(xc, shape), mean: contiguousDescriptor(mu), invstd: contiguousDescriptor(invstd),
      gamma: wc ? contiguousDescriptor(wc) : null, beta: bc ? contiguousDescriptor(bc) : null, y: contiguousDescriptor(y, shape),
    });
    ctx.saveForBackward(x, mu, invstd, ...(w ? [w] : []));
    Object.assign(ctx, { groups, eps, hasWeight: w !== null });
    return y;
  },
  backward: (ctx, g): Grads => {
    const saved = ctx.savedTensors;
    const [x, mu, invstd] = saved;
    const w = ctx.hasWeight ? saved[3] : null;
    const want: [boolean, boolean, boolean] = [ctx.needsInputGrad[0], ctx.needsInputGrad[2], ctx.needsInputGrad[3]];
    const [dx, dw, db] = groupNormBackward(g, x, w, mu, invstd, ctx.groups as number, ctx.eps as number, want);
    return [want[0] ? dx : null, null, want[1] ? dw : null, want[2] ? db : null, null];
  },
});

export interface GroupNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** Group normalization of x ([N, C, *]) in numGroups groups, as torch.nn.functional.group_norm. */
export function groupNorm(x: Tensor, numGroups: number, opts: GroupNormOptions = {}): Tensor {
  expectTensor(x, 'groupNorm', 'input');
  expectFloat(x, 'groupNorm');
  if (x.ndim < 2) throw new RangeError(`groupNorm: expected input of shape [N, C, *], got ${formatShape(x.shape)}`);
  const c = x.shape[1];
  if (!Number.isInteger(numGroups) || numGroups < 1 || c % numGroups !== 0) {
    throw new RangeError(`groupNorm: numGroups (${numGroups}) must be a positive divisor of the ${c} channels`);
  }
  const eps = opts.eps ?? 1e-5;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`groupNorm: eps must be positive and finite, got ${eps}`);
  const w = opts.weight ?? null;
  const b = opts.bias ?? null;
  for (const [name, t] of [['weight', w], ['bias', b]] as const) {
    if (t === null) continue;
    expectTensor(t, 'groupNorm', name);
    if (t.ndim !== 1 || t.shape[0] !== c) throw new RangeError(`groupNorm: ${name} ${formatShape(t.shape)} must have shape [${c}]`);
    if (t.dtype !== x.dtype) throw new TypeError(`groupNorm: ${name} is ${t.dtype}, input is ${x.dtype}`);
  }
  return groupNormOp(x, numGroups, w, b, eps);
}
