// How an initializer writes into a tensor: every value is produced in a contiguous temporary
// (from the generator, or computed) and copied in with copy_ inside noGrad, so views are
// written through, parameters that require grad stay leaves, and the storage version is bumped
// like any in-place write (docs/ARCHITECTURE.md, decision 3).
import { noGrad } from '../../autograd/grad-mode';
import { FloatDType, isFloat } from '../../tensor/dtype';
import { copy_, fill_ } from '../../ops/inplace';
import { RandomGenerator } from '../../tensor/random';
import { empty } from '../../tensor/raw/alloc';
import { describe, expectTensor } from '../../tensor/raw/operands';
import { formatShape } from '../../tensor/shape';
import { Tensor } from '../../tensor/tensor';

export interface InitOptions {
  /** Generator of the draws (default: the default generator, see d.manualSeed). */
  generator?: RandomGenerator;
}

/** The distributions the generator draws from, as named by RandomGenerator.draw. */
export type DrawKind = 'uniform' | 'normal' | 'truncatedNormal';

/**
 * Checks that t is a usable float32/float64 tensor whose every element has its own memory (an
 * expanded view cannot be initialized). Returns t's dtype.
 */
export function expectInitTarget(t: unknown, op: string): FloatDType {
  const tensor = expectTensor(t, op, 'tensor');
  if (!isFloat(tensor.dtype)) {
    throw new TypeError(`${op}: expected a float32 or float64 tensor, got ${tensor.dtype} of shape ${formatShape(tensor.shape)}`);
  }
  for (let d = 0; d < tensor.ndim; d++) {
    if (tensor.strides[d] === 0 && tensor.shape[d] > 1) {
      throw new Error(`${op}: cannot initialize an expanded view (shape ${formatShape(tensor.shape)}, strides ${formatShape(tensor.strides)})`);
    }
  }
  return tensor.dtype;
}

/** opts itself when it is an object (or {} when undefined); throws otherwise. */
export function expectOptions<T extends object>(opts: T | undefined, op: string): T {
  if (opts === undefined) return {} as T;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(`${op}: options must be an object, got ${describe(opts)}`);
  }
  return opts;
}

/** A finite number, or `fallback` when value is undefined. */
export function finiteOption(value: unknown, fallback: number, op: string, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${op}: ${what} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** Copies `values` (a contiguous tensor of t's shape and dtype) into t. */
export function writeTensor<T extends Tensor>(t: T, values: Tensor): T {
  noGrad(() => copy_(t, values));
  return t;
}

/** Writes a flat row-major array of t.numel() values into t (converted to t's dtype). */
export function writeValues<T extends Tensor>(t: T, values: ArrayLike<number>): T {
  const tmp = empty(t.shape, t.dtype);
  (tmp.storage.data as Float32Array | Float64Array).set(values);
  return writeTensor(t, tmp);
}

/** Sets every element of t to value. */
export function fillValue<T extends Tensor>(t: T, value: number): T {
  noGrad(() => fill_(t, value));
  return t;
}

/**
 * Fills t with t.numel() draws (row-major order of t's shape) of `kind` with parameters p0..p3,
 * as RandomGenerator.draw takes them. The caller has validated the parameters.
 */
export function drawInto<T extends Tensor>(t: T, kind: DrawKind, gen: RandomGenerator, p0: number, p1: number, p2 = 0, p3 = 0): T {
  const tmp = empty(t.shape, t.dtype);
  gen.draw(kind, tmp.storage.data, 0, tmp.numel(), p0, p1, p2, p3);
  return writeTensor(t, tmp);
}
