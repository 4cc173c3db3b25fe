// Higher-order products built on the engine: Hessian-vector products, Jacobian-vector
// products (by the double-vjp trick) and small dense Hessians. All exact (no finite differences).
import { zerosOf } from '../tensor/raw/alloc';
import { concat, narrow, reshape } from '../ops/shape';
import { add, mul } from '../ops/arithmetic';
import { sum } from '../ops/reduction';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { grad } from '../autograd/backward';

function orZeros(gs: Array<Tensor | null>, like: readonly Tensor[]): Tensor[] {
  return gs.map((g, i) => g ?? zerosOf(like[i].shape, like[i].dtype));
}

function checkPairs(a: readonly Tensor[], b: readonly Tensor[], op: string, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${op}: ${b.length} ${what} for ${a.length} tensors`);
  a.forEach((t, i) => {
    if (!(b[i] instanceof Tensor) || !sameShape(t.shape, b[i].shape)) {
      throw new RangeError(`${op}: ${what}[${i}] must be a Tensor of shape ${formatShape(t.shape)}`);
    }
  });
}

// Σᵢ ⟨gᵢ, vᵢ⟩ over the gradients that are part of a graph (null when none is).
function innerProduct(gs: Tensor[], vs: Tensor[]): Tensor | null {
  let total: Tensor | null = null;
  gs.forEach((g, i) => {
    if (!g.requiresGrad) return;
    const term = sum(mul(g, vs[i]));
    total = total === null ? term : add(total, term);
  });
  return total;
}

/** H·v for the Hessian H of the scalar f() in params (exact, by double backward). */
export function hvp(f: () => Tensor, params: Tensor[], v: Tensor[]): Tensor[] {
  checkPairs(params, v, 'hvp', 'v');
  const out = f();
  if (!(out instanceof Tensor) || out.numel() !== 1) throw new RangeError('hvp: f must return a one-element tensor');
  const gs = orZeros(grad(out, params, { createGraph: true, allowUnused: true }), params);
  const gv = innerProduct(gs, v);
  if (gv === null) return params.map((p) => zerosOf(p.shape, p.dtype));
  return orZeros(grad(gv, params, { allowUnused: true }), params);
}

/** J·v for the Jacobian J of f at inputs, by differentiating a vector-Jacobian product. */
export function jvp(f: (...inputs: Tensor[]) => Tensor | Tensor[], inputs: Tensor[], v: Tensor[]): Tensor[] {
  checkPairs(inputs, v, 'jvp', 'v');
  const r = f(...inputs);
  const outs = Array.isArray(r) ? r : [r];
  // u ↦ Jᵀu is linear in u; its gradient along v is J·v.
  const us = outs.map((o) => zerosOf(o.shape, o.dtype).requiresGrad_());
  const jt = orZeros(grad(outs, inputs, { gradOutputs: us, createGraph: true, allowUnused: true }), inputs);
  const dot = innerProduct(jt, v);
  if (dot === null) return outs.map((o) => zerosOf(o.shape, o.dtype));
  return orZeros(grad(dot, us, { allowUnused: true }), us);
}

/**
 * The dense Hessian of the scalar f() in params, as an [n, n] tensor over the concatenated
 * flattened parameters. n backward passes: meant for small parameter counts (use float64).
 */
export function hessian(f: () => Tensor, params: Tensor[]): Tensor {
  const out = f();
  if (!(out instanceof Tensor) || out.numel() !== 1) throw new RangeError('hessian: f must return a one-element tensor');
  const gs = orZeros(grad(out, params, { createGraph: true, allowUnused: true }), params);
  const flat = concat(gs.map((g) => reshape(g, [-1])));
  const n = flat.numel();
  const rows: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const gi = narrow(flat, 0, i, 1);
    const row = gi.requiresGrad
      ? orZeros(grad(sum(gi), params, { retainGraph: true, allowUnused: true }), params)
      : params.map((p) => zerosOf(p.shape, p.dtype));
    rows.push(concat(row.map((r) => reshape(r, [-1]))).detach());
  }
  return reshape(concat(rows), [n, n]).detach();
}
