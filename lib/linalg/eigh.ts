// Symmetric eigendecomposition (float64 native kernels, native/kernels/linalg/symmetric_eigen.h:
// Householder tridiagonalization, then implicit QR with Wilkinson shifts; Golub & Van Loan,
// "Matrix Computations", Alg. 8.3.1 and 8.3.2).
import { DType } from '../tensor/dtype';
import { empty } from '../tensor/raw/alloc';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import * as kernels from '../kernels';
import {
  contiguousFloat64, expectFinite, expectSameDType, expectSquare, float64Descriptor, floatTensor, inDType, matrixDescriptor,
  ownedMatrix, readMatrix,
} from './operands';

export interface EighResult {
  /** Eigenvalues in ascending order [n]. */
  values: Tensor;
  /** Orthonormal eigenvectors [n, n]: column i belongs to values[i]. */
  vectors: Tensor;
}

function result(values: Tensor, vectors: Tensor, dtype: DType): EighResult {
  return { values: inDType(values, dtype), vectors: inDType(vectors, dtype) };
}

/**
 * The eigendecomposition A = V·diag(values)·Vᵀ of a symmetric matrix a [n, n]: `values`
 * ascending [n], `vectors` [n, n] orthonormal with the eigenvector of values[i] in column i.
 *
 * Only the lower triangle of a is read, as in SciPy's `eigh` (lower=True). Each eigenvector's sign
 * is chosen so that its entry of largest magnitude is positive; within a repeated eigenvalue any
 * orthonormal basis of the eigenspace may come out. float32 input is computed in float64 and the
 * results returned as float32. Not differentiable: the results never require grad; a is not
 * modified. Throws a RangeError for a non-square matrix or a NaN or infinity in the lower triangle.
 */
export function eigh(a: Tensor): EighResult {
  const op = 'eigh';
  const t = floatTensor(a, op, 'a');
  const n = expectSquare(t, op, 'a');
  const m = readMatrix(t);
  expectFinite(m, 'lower', op, 'the matrix');
  const values = empty([n], 'float64');
  const vectors = empty([n, n], 'float64');
  if (n > 0) {
    const failed = kernels.symmetricEigen({ a: matrixDescriptor(m), values: float64Descriptor(values), vectors: float64Descriptor(vectors) });
    if (failed !== 0) throw new Error(`${op}: the QR iteration did not converge (n = ${n})`);
  }
  return result(values, vectors, t.dtype);
}

/**
 * The eigendecomposition of the symmetric tridiagonal matrix with main diagonal `diagonal` [n]
 * and sub- and superdiagonal `offDiagonal` [n − 1] (as SciPy's `eigh_tridiagonal`): values
 * ascending, vectors as in {@link eigh}. Both must have the same dtype; float32 is computed in
 * float64. Not differentiable; the inputs are not modified.
 */
export function eighTridiagonal(diagonal: Tensor, offDiagonal: Tensor): EighResult {
  const op = 'eighTridiagonal';
  const d = floatTensor(diagonal, op, 'diagonal');
  const e = floatTensor(offDiagonal, op, 'offDiagonal');
  expectSameDType(d, e, op);
  if (d.ndim !== 1) throw new RangeError(`${op}: diagonal must be a vector [n], got shape ${formatShape(d.shape)}`);
  const n = d.shape[0];
  const offLength = Math.max(n - 1, 0);
  if (e.ndim !== 1 || e.shape[0] !== offLength) {
    throw new RangeError(
      `${op}: offDiagonal must be [${offLength}] for a diagonal [${n}], got shape ${formatShape(e.shape)}`,
    );
  }
  const dc = contiguousFloat64(d);
  const ec = contiguousFloat64(e);
  expectFinite(ownedMatrix(dc), 'full', op, 'diagonal', true);
  expectFinite(ownedMatrix(ec), 'full', op, 'offDiagonal', true);
  const values = empty([n], 'float64');
  const vectors = empty([n, n], 'float64');
  if (n > 0) {
    const failed = kernels.tridiagonalEigen({
      d: float64Descriptor(dc), e: float64Descriptor(ec), values: float64Descriptor(values), vectors: float64Descriptor(vectors),
    });
    if (failed !== 0) throw new Error(`${op}: the QR iteration did not converge (n = ${n})`);
  }
  return result(values, vectors, d.dtype);
}
