// Cholesky factorization A = L·Lᵀ and the solve of A·X = B from it (float64 native kernels,
// native/kernels/linalg/cholesky.h; Golub & Van Loan, "Matrix Computations", §4.2).
import { empty } from '../tensor/raw/alloc';
import { castRaw } from '../tensor/raw/copy';
import { Tensor } from '../tensor/tensor';
import * as kernels from '../kernels';
import {
  expectFinite, expectRightHandSide, expectSameDType, expectSquare, float64Descriptor, floatTensor, inDType, matrixDescriptor,
  ownedMatrix, readMatrix,
} from './operands';

/** The factor, or the order of the first leading minor that is not positive. */
function factor(a: unknown, op: string): { l: Tensor } | { order: number } {
  const t = floatTensor(a, op, 'a');
  const n = expectSquare(t, op, 'a');
  const m = readMatrix(t);
  expectFinite(m, 'lower', op, 'the matrix');
  const l = empty([n, n], 'float64');
  if (n === 0) return { l: inDType(l, t.dtype) };
  const order = kernels.cholesky({ a: matrixDescriptor(m), l: float64Descriptor(l) });
  if (order !== 0) return { order };
  return { l: inDType(l, t.dtype) };
}

/**
 * The lower-triangular Cholesky factor L of a symmetric positive definite matrix a [n, n]:
 * A = L·Lᵀ, with L's diagonal positive and its strict upper triangle zero.
 *
 * Only the lower triangle of a is read (the upper is taken to mirror it), as in LAPACK's potrf
 * and SciPy's `cholesky(lower=True)`. float32 input is computed in float64 and the factor
 * returned as float32. Not differentiable: the result never requires grad. a is not modified.
 *
 * Throws a RangeError `cholesky: the matrix is not positive definite (the leading minor of order
 * k is not positive)` naming the first such k (1-based), and for a non-square matrix or a NaN or
 * infinity in the lower triangle. Use {@link tryCholesky} to test definiteness without an error.
 */
export function cholesky(a: Tensor): Tensor {
  const r = factor(a, 'cholesky');
  if ('order' in r) {
    throw new RangeError(
      `cholesky: the matrix is not positive definite (the leading minor of order ${r.order} is not positive)`,
    );
  }
  return r.l;
}

/**
 * {@link cholesky}, but null instead of the not-positive-definite error (other errors still
 * throw). Made for loops that raise a shift until A + λI factors (Levenberg–Marquardt).
 */
export function tryCholesky(a: Tensor): Tensor | null {
  const r = factor(a, 'tryCholesky');
  return 'order' in r ? null : r.l;
}

/**
 * Solves A·X = B given A's Cholesky factor l = L (as from {@link cholesky}): L·Y = B, then
 * Lᵀ·X = Y. b is [n] or [n, k] (k right-hand sides); the result has b's shape and dtype.
 *
 * Only the lower triangle of l is read. l and b must have the same dtype; float32 is computed
 * in float64. Not differentiable; the inputs are not modified. Throws a RangeError for a zero
 * on l's diagonal and for a NaN or infinity in l's lower triangle or in b.
 */
export function choleskySolve(l: Tensor, b: Tensor): Tensor {
  const op = 'choleskySolve';
  const lt = floatTensor(l, op, 'l');
  const bt = floatTensor(b, op, 'b');
  expectSameDType(lt, bt, op);
  const n = expectSquare(lt, op, 'l');
  expectRightHandSide(bt, n, op);
  const lm = readMatrix(lt);
  expectFinite(lm, 'lower', op, 'l');
  const x = castRaw(bt, 'float64');
  const xm = ownedMatrix(x);
  expectFinite(xm, 'full', op, 'b', bt.ndim === 1);
  if (x.numel() === 0) return inDType(x, bt.dtype);
  const zero = kernels.choleskySolve({ l: matrixDescriptor(lm), b: matrixDescriptor(xm) });
  if (zero !== 0) {
    throw new RangeError(`${op}: the factor is singular (zero on its diagonal at [${zero - 1}, ${zero - 1}])`);
  }
  return inDType(x, bt.dtype);
}
