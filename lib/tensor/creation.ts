// Creating tensors. d.tensor copies its data; d.fromArray aliases a typed array.
import * as kernels from '../kernels';
import { arrayConstructor, checkDType, DType, dtypeOfArray, isTypedArray, TypedArray } from './dtype';
import { empty, zerosOf } from './raw/alloc';
import { fillRaw } from './raw/fill';
import { describe, expectNumber } from './raw/operands';
import { generatorOf, RandomGenerator } from './random';
import { checkShape, formatShape, sizeOf } from './shape';
import { wrap } from './storage';
import { NestedArray, Tensor } from './tensor';

export interface TensorOptions {
  /** Element type; inferred from a typed array, float32 for numbers. */
  dtype?: DType;
}

export interface RandomOptions extends TensorOptions {
  generator?: RandomGenerator;
}

function inferShape(data: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

// Writes the nested array into out in row-major order, checking raggedness and types.
function flattenInto(data: NestedArray, shape: number[], dim: number, out: TypedArray, at: number, op: string): number {
  if (dim === shape.length) {
    if (typeof data !== 'number') throw new TypeError(`${op}: expected a number at depth ${dim}, got ${describe(data)}`);
    out[at] = data;
    return at + 1;
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    throw new RangeError(`${op}: ragged nested array: expected ${shape[dim]} entries at depth ${dim}, got ${Array.isArray(data) ? data.length : describe(data)}`);
  }
  for (const item of data) at = flattenInto(item, shape, dim + 1, out, at, op);
  return at;
}

/**
 * A new tensor holding a copy of data: a number (0-d), a nested array, or a typed array (with an
 * optional shape; flat arrays of numbers too).
 */
export function tensor(
  data: number | NestedArray | TypedArray | readonly number[],
  shapeOrOptions?: readonly number[] | TensorOptions,
  maybeOptions?: TensorOptions,
): Tensor {
  const op = 'tensor';
  const shapeArg = Array.isArray(shapeOrOptions) ? (shapeOrOptions as readonly number[]) : undefined;
  const opts = (Array.isArray(shapeOrOptions) ? maybeOptions : (shapeOrOptions as TensorOptions | undefined)) ?? {};
  if (data instanceof Tensor) throw new TypeError(`${op}: pass a Tensor's .clone() instead of the tensor itself`);
  const inferred: DType = isTypedArray(data) ? dtypeOfArray(data) : 'float32';
  const dtype = opts.dtype === undefined ? inferred : checkDType(opts.dtype, op);
  if (typeof data === 'number') {
    if (shapeArg !== undefined) throw new TypeError(`${op}: a number with a shape is ambiguous; use d.full(shape, value)`);
    const t = empty([], dtype);
    t.storage.data[0] = data;
    return t;
  }
  if (isTypedArray(data)) {
    const shape = checkShape(shapeArg ?? [data.length], op);
    if (sizeOf(shape) !== data.length) {
      throw new RangeError(`${op}: shape ${formatShape(shape)} needs ${sizeOf(shape)} elements, the array has ${data.length}`);
    }
    const t = empty(shape, dtype);
    if (dtype === inferred) {
      (t.storage.data as TypedArray).set(data);
    } else {
      kernels.copy({ src: { data, offset: 0, shape: [data.length] }, dst: { data: t.storage.data, offset: 0, shape: [data.length] } });
    }
    return t;
  }
  if (!Array.isArray(data)) throw new TypeError(`${op}: expected a number, an array or a typed array, got ${describe(data)}`);
  const nestedShape = inferShape(data as NestedArray, op);
  const shape = checkShape(shapeArg ?? nestedShape, op);
  const flat = arrayConstructor(dtype === 'int32' ? 'float64' : dtype);
  const staging = new flat(sizeOf(nestedShape));
  flattenInto(data as NestedArray, nestedShape, 0, staging, 0, op);
  if (sizeOf(shape) !== staging.length) {
    throw new RangeError(`${op}: shape ${formatShape(shape)} needs ${sizeOf(shape)} elements, the data has ${staging.length}`);
  }
  if (dtype === 'int32') {
    for (const v of staging) {
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) throw new TypeError(`${op}: ${v} is not an int32 value`);
    }
  }
  const t = empty(shape, dtype);
  (t.storage.data as TypedArray).set(staging);
  return t;
}

/** A tensor sharing memory with `array` (no copy). Writes through either are seen by both. */
export function fromArray(array: TypedArray, shape?: readonly number[]): Tensor {
  if (!isTypedArray(array)) throw new TypeError(`fromArray: expected a Float32Array, Float64Array or Int32Array, got ${describe(array)}`);
  const s = checkShape(shape ?? [array.length], 'fromArray');
  if (sizeOf(s) !== array.length) {
    throw new RangeError(`fromArray: shape ${formatShape(s)} needs ${sizeOf(s)} elements, the array has ${array.length}`);
  }
  return new Tensor(wrap(array, dtypeOfArray(array)), s);
}

export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return zerosOf(checkShape(shape, 'zeros'), checkDType(opts.dtype ?? 'float32', 'zeros'));
}

export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  const s = checkShape(shape, 'full');
  const dtype = checkDType(opts.dtype ?? 'float32', 'full');
  expectNumber(value, 'full', 'value');
  if (dtype === 'int32' && !Number.isInteger(value)) throw new TypeError(`full: ${value} is not an int32 value`);
  const t = empty(s, dtype);
  fillRaw(t, value);
  return t;
}

export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor { return zeros(t.shape, { dtype: opts.dtype ?? t.dtype }); }
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor { return ones(t.shape, { dtype: opts.dtype ?? t.dtype }); }
export function fullLike(t: Tensor, value: number, opts: TensorOptions = {}): Tensor {
  return full(t.shape, value, { dtype: opts.dtype ?? t.dtype });
}

/** The n x m identity (m defaults to n). */
export function eye(n: number, m: number = n, opts: TensorOptions = {}): Tensor {
  const [rows, cols] = checkShape([n, m], 'eye');
  const t = zeros([rows, cols], opts);
  const data = t.storage.data;
  for (let i = 0; i < Math.min(rows, cols); i++) data[i * cols + i] = 1;
  return t;
}

/** start, start + step, ... below stop (arange(stop) counts from 0). */
export function arange(start: number, stop?: number, step = 1, opts: TensorOptions = {}): Tensor {
  let a = expectNumber(start, 'arange', 'start');
  let b: number;
  if (stop === undefined) {
    b = a;
    a = 0;
  } else {
    b = expectNumber(stop, 'arange', 'stop');
  }
  expectNumber(step, 'arange', 'step');
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`arange: start, stop and step must be finite and step non-zero, got ${a}, ${b}, ${step}`);
  }
  const dtype = checkDType(opts.dtype ?? 'float32', 'arange');
  const n = Math.max(0, Math.ceil((b - a) / step));
  const t = empty([n], dtype);
  const data = t.storage.data;
  for (let i = 0; i < n; i++) data[i] = a + i * step;
  return t;
}

/** n evenly spaced points from a to b inclusive. */
export function linspace(a: number, b: number, n: number, opts: TensorOptions = {}): Tensor {
  expectNumber(a, 'linspace', 'a');
  expectNumber(b, 'linspace', 'b');
  const [count] = checkShape([n], 'linspace');
  const t = empty([count], checkDType(opts.dtype ?? 'float32', 'linspace'));
  const data = t.storage.data;
  const step = count > 1 ? (b - a) / (count - 1) : 0;
  // Symmetric evaluation from both ends, so the last point is exactly b.
  const half = Math.floor(count / 2);
  for (let i = 0; i < count; i++) data[i] = i < half ? a + step * i : b - step * (count - 1 - i);
  return t;
}

function floatDType(opts: TensorOptions, op: string): DType {
  const dtype = checkDType(opts.dtype ?? 'float32', op);
  if (dtype === 'int32') throw new TypeError(`${op}: dtype must be float32 or float64`);
  return dtype;
}

/** Uniform on [0, 1) (or [low, high)). */
export function rand(shape: readonly number[], opts: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const t = empty(checkShape(shape, 'rand'), floatDType(opts, 'rand'));
  generatorOf(opts, 'rand').draw('uniform', t.storage.data, 0, t.numel(), opts.low ?? 0, opts.high ?? 1);
  return t;
}

/** Normal with mean 0 and standard deviation 1 (or mean, std). */
export function randn(shape: readonly number[], opts: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const t = empty(checkShape(shape, 'randn'), floatDType(opts, 'randn'));
  generatorOf(opts, 'randn').draw('normal', t.storage.data, 0, t.numel(), opts.mean ?? 0, opts.std ?? 1);
  return t;
}

/** Uniform integers in [low, high), int32. */
export function randint(low: number, high: number, shape: readonly number[], opts: { generator?: RandomGenerator } = {}): Tensor {
  const t = empty(checkShape(shape, 'randint'), 'int32');
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new RangeError(`randint: expected integers low < high, got ${low} and ${high}`);
  }
  generatorOf(opts, 'randint').draw('randint', t.storage.data, 0, t.numel(), low, high);
  return t;
}

/** A uniformly random permutation of 0..n-1, int32. */
export function randperm(n: number, opts: { generator?: RandomGenerator } = {}): Tensor {
  const [count] = checkShape([n], 'randperm');
  const t = empty([count], 'int32');
  generatorOf(opts, 'randperm').draw('randperm', t.storage.data, 0, count);
  return t;
}
