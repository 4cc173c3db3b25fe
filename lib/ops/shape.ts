// Shape operations, recorded for autodiff (derivatives in lib/derivatives/shape.ts). transpose,
// permute, narrow/slice, expand, squeeze and unsqueeze return views; reshape returns a view of a
// contiguous tensor and a copy otherwise; concat and stack copy.
import { defineOp } from '../autograd/function';
import { empty, zerosOf } from '../tensor/raw/alloc';
import { contiguousRaw, copyInto } from '../tensor/raw/copy';
import { describe, expectTensor } from '../tensor/raw/operands';
import { permuteView, view } from '../tensor/raw/views';
import { broadcastShapes, broadcastStrides, checkShape, formatShape, normalizeAxis, sameShape, Shape, sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

export const contiguousOp = defineOp({
  name: 'contiguous',
  forward: (_ctx, t: Tensor) => contiguousRaw(t),
});

/** t itself when contiguous, else a contiguous copy. */
export function contiguous(t: Tensor): Tensor {
  expectTensor(t, 'contiguous');
  return t.isContiguous() ? t : contiguousOp(t);
}

export const permuteOp = defineOp({
  name: 'permute',
  forward: (ctx, t: Tensor, perm: number[]) => {
    ctx.perm = perm;
    return permuteView(t, perm);
  },
});

/** Swaps two dimensions (a view). */
export function transpose(t: Tensor, dim0 = -2, dim1 = -1): Tensor {
  expectTensor(t, 'transpose');
  if (t.ndim < 2 && dim0 === -2 && dim1 === -1) return t;
  const a = normalizeAxis(dim0, t.ndim, 'transpose');
  const b = normalizeAxis(dim1, t.ndim, 'transpose');
  const perm = t.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permuteOp(t, perm);
}

/** Reorders the dimensions: result dim i is t's dim dims[i] (a view). */
export function permute(t: Tensor, dims: readonly number[]): Tensor {
  expectTensor(t, 'permute');
  if (dims.length !== t.ndim) {
    throw new RangeError(`permute: ${dims.length} dimensions given for a tensor of shape ${formatShape(t.shape)}`);
  }
  const perm = dims.map((d) => normalizeAxis(d, t.ndim, 'permute'));
  if (new Set(perm).size !== perm.length) throw new RangeError(`permute: dimensions ${formatShape(dims)} repeat`);
  return permuteOp(t, perm);
}

export const reshapeOp = defineOp({
  name: 'reshape',
  forward: (_ctx, t: Tensor, shape: number[]) => {
    const src = contiguousRaw(t);
    return new Tensor(src.storage, shape, undefined, src.offset);
  },
});

/** The same elements in a new shape (one entry may be −1). A view when t is contiguous. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  expectTensor(t, 'reshape');
  if (!Array.isArray(shape)) throw new TypeError(`reshape: shape must be an array, got ${describe(shape)}`);
  const n = t.numel();
  const inferred = shape.indexOf(-1);
  let target = shape.slice();
  if (inferred >= 0) {
    if (shape.indexOf(-1, inferred + 1) >= 0) throw new RangeError(`reshape: only one dimension can be -1, got ${formatShape(shape)}`);
    const known = shape.reduce((p, d, i) => (i === inferred ? p : p * d), 1);
    if (known === 0 || n % known !== 0) {
      throw new RangeError(`reshape: cannot reshape a tensor of shape ${formatShape(t.shape)} into ${formatShape(shape)}`);
    }
    target[inferred] = n / known;
  }
  target = checkShape(target, 'reshape');
  if (sizeOf(target) !== n) {
    throw new RangeError(`reshape: cannot reshape a tensor of shape ${formatShape(t.shape)} (${n} elements) into ${formatShape(shape)}`);
  }
  if (sameShape(target, t.shape)) return t;
  return reshapeOp(t, target);
}

/** Merges dimensions startDim..endDim into one. */
export function flatten(t: Tensor, startDim = 0, endDim = -1): Tensor {
  expectTensor(t, 'flatten');
  if (t.ndim === 0) return reshape(t, [1]);
  const s = normalizeAxis(startDim, t.ndim, 'flatten');
  const e = normalizeAxis(endDim, t.ndim, 'flatten');
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = t.shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
  return reshape(t, [...t.shape.slice(0, s), merged, ...t.shape.slice(e + 1)]);
}

// squeeze and unsqueeze are views with sizes of 1 taken out or put in.
function viewOp(name: string) {
  return defineOp({
    name,
    forward: (_ctx, t: Tensor, shape: number[], strides: number[]) => view(t, shape, strides),
  });
}
export const squeezeOp = viewOp('squeeze');
export const unsqueezeOp = viewOp('unsqueeze');

/** Drops dimensions of size 1 (only `axis` when given). */
export function squeeze(t: Tensor, axis?: number): Tensor {
  expectTensor(t, 'squeeze');
  const a = axis === undefined ? -1 : normalizeAxis(axis, t.ndim, 'squeeze');
  const keep = t.shape.map((d, i) => (axis === undefined ? d !== 1 : i !== a || d !== 1));
  if (keep.every((k) => k)) return t;
  return squeezeOp(t, t.shape.filter((_, i) => keep[i]), t.strides.filter((_, i) => keep[i]));
}

/** Inserts a dimension of size 1 at axis (−1 appends). */
export function unsqueeze(t: Tensor, axis: number): Tensor {
  expectTensor(t, 'unsqueeze');
  const a = normalizeAxis(axis, t.ndim + 1, 'unsqueeze');
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  shape.splice(a, 0, 1);
  strides.splice(a, 0, a < t.ndim ? t.strides[a] * t.shape[a] : 1);
  return unsqueezeOp(t, shape, strides);
}

export const expandOp = defineOp({
  name: 'expand',
  forward: (_ctx, t: Tensor, target: number[]) => view(t, target, broadcastStrides(t.shape, t.strides, target)),
});

/** A broadcast view with `shape` (sizes of 1 repeat with stride 0; −1 keeps a size). */
export function expand(t: Tensor, shape: readonly number[]): Tensor {
  expectTensor(t, 'expand');
  const lead = shape.length - t.ndim;
  if (lead < 0) throw new RangeError(`expand: shape ${formatShape(shape)} has fewer dimensions than ${formatShape(t.shape)}`);
  const target = checkShape(
    shape.map((d, i) => (d === -1 && i >= lead ? t.shape[i - lead] : d)),
    'expand',
  );
  const result = broadcastShapes('expand', t.shape, target);
  if (!sameShape(result, target)) {
    throw new RangeError(`expand: shape ${formatShape(t.shape)} cannot be expanded to ${formatShape(shape)}`);
  }
  if (sameShape(target, t.shape)) return t;
  return expandOp(t, target);
}

export const narrowOp = defineOp({
  name: 'narrow',
  forward: (ctx, t: Tensor, axis: number, start: number, length: number) => {
    ctx.axis = axis;
    ctx.start = start;
    const shape = t.shape.slice();
    shape[axis] = length;
    return view(t, shape, t.strides, t.offset + (length > 0 ? start * t.strides[axis] : 0));
  },
});

/** The adjoint of narrow: g placed at [start, start + len) along axis of a zero tensor of shape. */
export const narrowBackward = defineOp({
  name: 'narrowBackward',
  forward: (ctx, g: Tensor, shape: number[], axis: number, start: number) => {
    ctx.axis = axis;
    ctx.start = start;
    const out = zerosOf(shape, g.dtype);
    if (g.numel() > 0) copyInto(g, view(out, g.shape, out.strides, start * out.strides[axis]));
    return out;
  },
});

/** Elements [start, start + length) along axis (a view). */
export function narrow(t: Tensor, axis: number, start: number, length: number): Tensor {
  expectTensor(t, 'narrow');
  const a = normalizeAxis(axis, t.ndim, 'narrow');
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > t.shape[a]) {
    throw new RangeError(`narrow: [${start}, ${start + length}) is outside axis ${axis} of size ${t.shape[a]}`);
  }
  return narrowOp(t, a, start, length);
}

/** Rows [start, end) of the first dimension, with Array.prototype.slice's rules (a view). */
export function slice(t: Tensor, start = 0, end?: number): Tensor {
  expectTensor(t, 'slice');
  if (t.ndim === 0) throw new RangeError('slice: a 0-d tensor has no rows');
  const n = t.shape[0];
  const norm = (i: number) => (i < 0 ? Math.max(n + i, 0) : Math.min(i, n));
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new TypeError(`slice: start and end must be integers, got ${start} and ${String(end)}`);
  }
  const s = norm(start);
  const e = Math.max(norm(end ?? n), s);
  return narrowOp(t, 0, s, e - s);
}

function expectTensorList(ts: readonly Tensor[], op: string): void {
  if (!Array.isArray(ts) || ts.length === 0) throw new TypeError(`${op}: expected a non-empty array of tensors`);
  ts.forEach((t, i) => expectTensor(t, op, `tensor ${i}`));
  const dtype = ts[0].dtype;
  for (const t of ts) {
    if (t.dtype !== dtype) throw new TypeError(`${op}: dtypes differ: ${dtype} and ${t.dtype}`);
  }
}

export const concatOp = defineOp({
  name: 'concat',
  forward: (ctx, axis: number, ...ts: Tensor[]) => {
    ctx.axis = axis;
    const first = ts[0];
    const shape = first.shape.slice();
    shape[axis] = ts.reduce((s, t) => s + t.shape[axis], 0);
    const out = empty(shape, first.dtype);
    let at = 0;
    for (const t of ts) {
      if (t.numel() > 0) copyInto(t, view(out, t.shape, out.strides, at * out.strides[axis]));
      at += t.shape[axis];
    }
    return out;
  },
});

/** Joins tensors along an existing axis; all other sizes must agree. */
export function concat(ts: readonly Tensor[], axis = 0): Tensor {
  expectTensorList(ts, 'concat');
  const first = ts[0];
  if (first.ndim === 0) throw new RangeError('concat: 0-d tensors cannot be concatenated; use stack');
  const a = normalizeAxis(axis, first.ndim, 'concat');
  for (const t of ts) {
    const ok = t.ndim === first.ndim && t.shape.every((d, i) => i === a || d === first.shape[i]);
    if (!ok) {
      throw new RangeError(`concat: shapes ${ts.map((x) => formatShape(x.shape)).join(', ')} differ outside axis ${axis}`);
    }
  }
  return concatOp(a, ...ts);
}

/** Joins same-shaped tensors along a new axis. */
export function stack(ts: readonly Tensor[], axis = 0): Tensor {
  expectTensorList(ts, 'stack');
  const first = ts[0];
  for (const t of ts) {
    if (!sameShape(t.shape, first.shape)) {
      throw new RangeError(`stack: shapes ${ts.map((x) => formatShape(x.shape)).join(', ')} differ`);
    }
  }
  const a = normalizeAxis(axis, first.ndim + 1, 'stack');
  return concat(ts.map((t) => unsqueeze(t, a)), a);
}

export type { Shape };
