// Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix, and the solve of
// A·X = B from the factor, float64.
//
// Blocked right-looking algorithm (Golub & Van Loan, "Matrix Computations", 4th ed., §4.2, block
// Cholesky in outer-product form). Row-major storage makes the upper factor U = Lᵀ the natural one
// to build (its rows are contiguous), so the lower triangle of A is copied transposed into the
// output, factored there as A = UᵀU, and transposed back. Per diagonal block of nb rows:
//   U11 = chol(A11) unblocked;  U12 = U11⁻ᵀ·A12 (triangular_solve);  A22 −= U12ᵀ·U12 (gemm,
//   upper triangle only, by row blocks).
// Threads split a large block step over independent columns of U12 and rows of A22 (small steps
// leave it to gemm, whose own split never changes a result): the factor is bit-identical for any
// thread count.
#pragma once

#include "common/isa.h"
#include "gemm/gemm_kernels.h"

namespace descent::kernels {

// L (n x n, row stride ldl) = the lower Cholesky factor of A (n x n, row stride lda), with the
// strict upper triangle of L set to zero. Only the lower triangle of A is read. Returns 0, or
// k >= 1 when the leading minor of order k is not positive (then L holds unspecified values).
// Preconditions: lda, ldl >= max(1, n); L and A do not overlap, or are the same matrix
// (a == l and lda == ldl: factorization in place).
index_t cholesky(const GemmKernels<double>& gemm, index_t n, const double* a, index_t lda, double* l, index_t ldl);

// Solves A·X = B in place (B n x k, row stride ldb) given the lower factor L of A = L·Lᵀ:
// L·Y = B, then Lᵀ·X = Y. Only the lower triangle of L is read. Returns 0, or i + 1 for the
// first zero L[i, i] (B unchanged). Preconditions: ldl >= max(1, n), ldb >= max(1, k); no overlap.
index_t cholesky_solve(const GemmKernels<double>& gemm, index_t n, index_t k, const double* l, index_t ldl, double* b,
                       index_t ldb);

}  // namespace descent::kernels
