// Eigenvalues of a symmetric tridiagonal matrix by the implicit symmetric QR iteration with
// Wilkinson shifts, applying its rotations to the rows of a matrix, float64
// (Golub & Van Loan, "Matrix Computations", 4th ed., Alg. 8.3.2 and 8.3.3).
//
// Each sweep on an unreduced block T[lo:hi+1] starts with the rotation that the shifted QR step
// T − μI = QR would make in the plane (lo, lo+1), μ the eigenvalue of the trailing 2 x 2 block
// nearer T[hi, hi], and chases the resulting bulge down to hi with rotations in the planes
// (k, k+1). Off-diagonal entries with |e_k| <= ε·(|d_k| + |d_{k+1}|) are set to zero (deflation).
//
// With T = W·A·Wᵀ on entry, rotating rows k and k+1 of W along with T keeps that relation, so W
// holds the eigenvectors as rows at the end. The iteration on T never reads W, so rotations are
// recorded for many sweeps and then applied to W one narrow column chunk at a time: the chunk
// stays in cache for the whole batch instead of W streaming from memory once per sweep.
#pragma once

#include "common/isa.h"

namespace descent::kernels {

// Doubles of scratch tridiagonal_qr needs for an n x n tridiagonal matrix.
inline index_t tridiagonal_qr_workspace(index_t n) { return 64 * n + 4; }

// Diagonalizes T = tridiag(e, d, e) (d[0:n], e[0:n-1]) in place: d becomes the eigenvalues, in
// no particular order, and e is destroyed. Every rotation G of the planes (k, k+1) applied to T as
// G·T·Gᵀ is applied to rows k and k+1 of w (n rows of w_cols values, row stride ldw).
// scratch holds tridiagonal_qr_workspace(n) doubles. Returns 0, or 1 when 30·n sweeps did not
// converge. Threads: recorded rotations are applied to column chunks of w in parallel; each
// element sees the same operations in the same order, so results do not depend on threads.
index_t tridiagonal_qr(index_t n, double* d, double* e, double* w, index_t ldw, index_t w_cols, double* scratch);

}  // namespace descent::kernels
