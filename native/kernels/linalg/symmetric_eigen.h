// Symmetric eigendecomposition A = V·diag(λ)·Vᵀ, float64: Householder tridiagonalization
// (householder_tridiagonal.h), implicit QR with Wilkinson shifts accumulating the eigenvectors
// (tridiagonal_qr.h), then eigenvalues sorted ascending.
//
// The matrix is first scaled by a power of two (exact) so that its largest magnitude lies in
// [0.5, 1): no intermediate square overflows or underflows; the eigenvalues are scaled back.
// Each eigenvector's sign is fixed so that its entry of largest magnitude (the first such on a
// tie) is positive.
#pragma once

#include "common/isa.h"
#include "linalg/tridiagonal_qr.h"

namespace descent::kernels {

// Doubles of scratch the two functions below need.
inline index_t symmetric_eigen_workspace(index_t n) { return n * n + 2 * n + tridiagonal_qr_workspace(n); }

// values[0:n] ascending, vectors (n x n, row stride ldv) with eigenvector i in column i, of the
// symmetric n x n matrix A (row stride lda): only its lower triangle is read. work holds
// symmetric_eigen_workspace(n) doubles. Returns 0, or 1 when the QR iteration did not converge.
// Preconditions: lda, ldv >= max(1, n); finite entries; no overlap between a, values, vectors
// and work.
index_t symmetric_eigen(index_t n, const double* a, index_t lda, double* values, double* vectors, index_t ldv,
                        double* work);

// The same for the symmetric tridiagonal matrix with diagonal d[0:n] and off-diagonal e[0:n-1].
index_t symmetric_tridiagonal_eigen(index_t n, const double* d, const double* e, double* values, double* vectors,
                                    index_t ldv, double* work);

}  // namespace descent::kernels
