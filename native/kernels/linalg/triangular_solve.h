// Triangular solve with several right-hand sides (BLAS trsm, left side), float64:
// op(A)·X = B, op(A) = A or Aᵀ, A n x n lower or upper triangular. Blocked: each diagonal block of
// op(A) is solved by substitution, and the rows still to be solved are updated with one gemm
// per block (right-looking; Golub & Van Loan, "Matrix Computations", 4th ed., §3.1, block triangular
// solves with multiple right-hand sides).
//
// Preconditions (checked by the binding layer): n, k >= 0; lda >= max(1, n), ldb >= max(1, k);
// A and B do not overlap. Only the triangle of A named by `lower` is read (and not its diagonal
// when unit_diagonal). The gemm threads split over independent outputs only, so results are
// bit-identical for any thread count.
#pragma once

#include "common/isa.h"
#include "gemm/gemm_kernels.h"

namespace descent::kernels {

// Solves op(A)·X = B in place (B, n x k with row stride ldb, becomes X). Returns 0, or i + 1
// for the first zero diagonal element A[i, i] (B is then left unchanged). With unit_diagonal
// the diagonal is taken as 1 and not read.
index_t triangular_solve(const GemmKernels<double>& gemm, bool lower, bool transpose, bool unit_diagonal, index_t n,
                         index_t k, const double* a, index_t lda, double* b, index_t ldb);

}  // namespace descent::kernels
