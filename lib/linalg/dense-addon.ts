// Typed signatures of the dense linear-algebra entry points (native/addon/bind_dense.cpp).
// Matrices are float64, row-major, given as (array, element offset, leading dimension).
import { native, NativeAddon, NativeArray } from '../native';

export interface DenseAddon {
  /** L = chol(A) from A's lower triangle; 0, or the order k of the first leading minor that is not positive. */
  cholesky(
    n: number, a: Float64Array, aOffset: number, lda: number, l: Float64Array, lOffset: number, ldl: number,
  ): number;
  /** B ← A⁻¹·B in place given A's lower factor L; 0, or i + 1 for a zero L[i, i]. */
  choleskySolve(
    n: number, k: number, l: Float64Array, lOffset: number, ldl: number, b: Float64Array, bOffset: number, ldb: number,
  ): number;
  /** B ← op(A)⁻¹·B in place; 0, or i + 1 for a zero A[i, i]. */
  triangularSolve(
    lower: boolean, transpose: boolean, unitDiagonal: boolean, n: number, k: number,
    a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  ): number;
  /** Eigenvalues ascending and eigenvectors (columns) of A's lower triangle; 0, or 1 without convergence. */
  symmetricEigen(
    n: number, a: Float64Array, aOffset: number, lda: number, values: Float64Array, valuesOffset: number,
    vectors: Float64Array, vectorsOffset: number, ldv: number,
  ): number;
  /** The same for the tridiagonal matrix with diagonal d[n] and off-diagonal e[n − 1]. */
  tridiagonalEigen(
    n: number, d: Float64Array, dOffset: number, e: Float64Array, eOffset: number, values: Float64Array,
    valuesOffset: number, vectors: Float64Array, vectorsOffset: number, ldv: number,
  ): number;
  /**
   * r·cols + c of the first NaN or infinity of a rows x cols matrix in row-major order, or −1;
   * triangle 0 looks at every entry, 1 on and below the diagonal, 2 on and above.
   */
  findNonFinite(a: NativeArray, aOffset: number, rows: number, cols: number, ld: number, triangle: 0 | 1 | 2): number;
}

/** The addon with the dense entry points (their signatures belong in lib/native.ts). */
export const dense = native as NativeAddon & DenseAddon;
