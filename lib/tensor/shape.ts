// Shape rules: sizes, contiguous strides, NumPy broadcasting, axis normalization, and the
// messages that name the op and the shapes at fault (decision 11).
export type Shape = readonly number[];

export const MAX_DIMS = 16;

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkShape(shape: unknown, op: string): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape must be an array of sizes, got ${String(shape)}`);
  if (shape.length > MAX_DIMS) throw new RangeError(`${op}: at most ${MAX_DIMS} dimensions are supported, got ${shape.length}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new RangeError(`${op}: shape ${formatShape(shape as number[])} must hold non-negative integers`);
    }
  }
  if (sizeOf(shape) > 2 ** 32) throw new RangeError(`${op}: shape ${formatShape(shape as number[])} is too large`);
  return shape.slice() as number[];
}

// NumPy broadcasting: align from the right; sizes must match or be 1.
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = ndim - s.length + i;
      const size = s[i];
      if (size === out[d] || size === 1) continue;
      if (out[d] === 1) {
        out[d] = size;
        continue;
      }
      throw new RangeError(`${op}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together`);
    }
  }
  return out;
}

// Strides that read a tensor of `shape`/`strides` as if it had `target` shape (stride 0 along
// broadcast dimensions). The caller has checked that `shape` broadcasts to `target`.
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) throw new TypeError(`${op}: axis must be an integer, got ${String(axis)}`);
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= Math.max(ndim, 1)) {
    throw new RangeError(`${op}: axis ${axis} is out of range for a tensor of ${ndim} dimensions`);
  }
  return a;
}

// The sorted, distinct axes of `axis` (all axes when undefined).
export function normalizeAxes(axis: number | readonly number[] | undefined, ndim: number, op: string): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const seen = new Set<number>();
  for (const a of list) {
    const n = normalizeAxis(a, ndim, op);
    if (seen.has(n)) throw new RangeError(`${op}: axis ${a} is repeated`);
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}

// Views [outer, len, inner] of a shape around one axis.
export function splitAtAxis(shape: Shape, axis: number): { outer: number; len: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, len: shape.length === 0 ? 1 : shape[axis], inner };
}
