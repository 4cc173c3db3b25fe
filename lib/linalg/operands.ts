// Operands of the dense solvers: float64 row-major matrices with a leading dimension, taken
// from a tensor without a copy when its layout allows, and the checks every solver shares.
import { DType } from '../tensor/dtype';
import { expectFloat, expectTensor } from '../tensor/raw/operands';
import { castRaw } from '../tensor/raw/copy';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import * as kernels from '../kernels';
import type { TensorDescriptor } from '../kernels';

/** rows x cols float64 values at data[offset + r·ld + c]. */
export interface Float64Matrix {
  data: Float64Array;
  offset: number;
  rows: number;
  cols: number;
  ld: number;
}

/** The kernels' descriptor of m: [rows, cols] with strides [ld, 1]. */
export function matrixDescriptor(m: Float64Matrix): TensorDescriptor {
  return { data: m.data, offset: m.offset, shape: [m.rows, m.cols], strides: [m.ld, 1] };
}

/** A contiguous float64 tensor's elements as the kernels' descriptor of its shape. */
export function float64Descriptor(t: Tensor): TensorDescriptor {
  return { data: t.storage.data, offset: t.offset, shape: t.shape };
}

/**
 * A matrix t [rows, cols] as float64: its own storage when it is float64 with unit column stride
 * (a row-major view, padded or not), else a contiguous float64 copy. Never write through the result.
 */
export function readMatrix(t: Tensor): Float64Matrix {
  const [rows, cols] = t.shape;
  if (t.dtype === 'float64' && (cols <= 1 || t.strides[1] === 1)) {
    const ld = rows > 1 ? t.strides[0] : Math.max(cols, 1);
    if (ld >= Math.max(cols, 1)) return { data: t.storage.data as Float64Array, offset: t.offset, rows, cols, ld };
  }
  return ownedMatrix(castRaw(t, 'float64'));
}

/** A contiguous float64 tensor as a matrix ([n] as [n, 1]). */
export function ownedMatrix(t: Tensor): Float64Matrix {
  const rows = t.shape[0];
  const cols = t.ndim === 2 ? t.shape[1] : 1;
  return { data: t.storage.data as Float64Array, offset: t.offset, rows, cols, ld: Math.max(cols, 1) };
}

/** t itself when contiguous float64, else a contiguous float64 copy. */
export function contiguousFloat64(t: Tensor): Tensor {
  return t.dtype === 'float64' && t.isContiguous() ? t : castRaw(t, 'float64');
}

/** A float tensor (float32 or float64). */
export function floatTensor(value: unknown, op: string, what: string): Tensor {
  const t = expectTensor(value, op, what);
  expectFloat(t, op);
  return t;
}

/** Throws unless t is an n x n matrix; returns n. */
export function expectSquare(t: Tensor, op: string, what: string): number {
  if (t.ndim !== 2 || t.shape[0] !== t.shape[1]) {
    throw new RangeError(`${op}: ${what} must be a square matrix [n, n], got shape ${formatShape(t.shape)}`);
  }
  return t.shape[0];
}

/** Throws unless the right-hand side b is [n] or [n, k]. */
export function expectRightHandSide(b: Tensor, n: number, op: string): void {
  if ((b.ndim !== 1 && b.ndim !== 2) || b.shape[0] !== n) {
    throw new RangeError(
      `${op}: b must be [${n}] or [${n}, k] for a matrix [${n}, ${n}], got shape ${formatShape(b.shape)}`,
    );
  }
}

export function expectSameDType(a: Tensor, b: Tensor, op: string): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`${op}: dtypes differ: ${a.dtype} and ${b.dtype}; convert one with .to(dtype)`);
  }
}

/** Which entries of a square matrix a solver reads. */
export type Triangle = 'full' | 'lower' | 'upper' | 'strictLower' | 'strictUpper';

/**
 * Throws a RangeError naming the first NaN or infinity among the entries of m a solver reads
 * (positions as [i] when m holds a vector).
 */
export function expectFinite(m: Float64Matrix, triangle: Triangle, op: string, what: string, vector = false): void {
  let at = -1;
  let row = 0;
  let col = 0;
  if (triangle === 'strictLower' || triangle === 'strictUpper') {
    // The strict lower triangle of an n x n matrix is the lower triangle of the (n − 1) x (n − 1)
    // matrix starting one row down; the strict upper, of the one starting one column right.
    const n = m.rows - 1;
    if (n <= 0) return;
    const lowerPart = triangle === 'strictLower';
    at = kernels.findNonFinite({ triangle: lowerPart ? 1 : 2, a: { data: m.data, offset: m.offset + (lowerPart ? m.ld : 1), shape: [n, n], strides: [m.ld, 1] } });
    if (at >= 0) {
      row = Math.floor(at / n) + (lowerPart ? 1 : 0);
      col = (at % n) + (lowerPart ? 0 : 1);
    }
  } else {
    const code = triangle === 'full' ? 0 : triangle === 'lower' ? 1 : 2;
    at = kernels.findNonFinite({ triangle: code, a: matrixDescriptor(m) });
    if (at >= 0) {
      row = Math.floor(at / Math.max(m.cols, 1));
      col = at % Math.max(m.cols, 1);
    }
  }
  if (at < 0) return;
  const value = m.data[m.offset + row * m.ld + col];
  const where = vector ? `[${row}]` : `[${row}, ${col}]`;
  throw new RangeError(`${op}: ${what} has a non-finite entry (${value} at ${where})`);
}

/** The float64 result t converted to the input's float dtype (itself when float64). */
export function inDType(t: Tensor, dtype: DType): Tensor {
  return dtype === 'float64' ? t : castRaw(t, dtype);
}
