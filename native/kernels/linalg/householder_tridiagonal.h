// Householder reduction of a symmetric matrix to tridiagonal form, A = Q·T·Qᵀ, float64
// (Golub & Van Loan, "Matrix Computations", 4th ed., Alg. 8.3.1).
//
// Step k reflects rows and columns k+1..n-1 with H_k = I − τ_k·v_k·v_kᵀ (v_k[0] = 1) so that
// column k is zero below the subdiagonal: with p = τ·S·v and w = p − (τ/2)(pᵀv)·v, the trailing
// block S becomes S − v·wᵀ − w·vᵀ. The matrix is kept in full (both triangles), so every update
// is a row axpy; the two triangles stay exactly equal because v_i·w_j + w_i·v_j is the same sum
// of the same products as v_j·w_i + w_j·v_i. Q = H_0·H_1⋯H_{n-2}.
#pragma once

#include "common/isa.h"

namespace descent::kernels {

// Threads: the products and updates of a step are split over columns or rows; every element is
// computed by the same operations in the same order, so results do not depend on threads.

// Reduces the full symmetric n x n matrix a (row stride lda, both triangles set) in place.
// Writes the diagonal of T to d[0:n], its off-diagonal to e[0:n-1] and τ_k to tau[0:n-1]; the
// tail v_k[1:] is left in a[k, k+2:n]. scratch holds 2n doubles.
void householder_tridiagonalize(index_t n, double* a, index_t lda, double* d, double* e, double* tau,
                                double* scratch);

// Q = H_0·H_1⋯H_{n-2} (n x n, row stride ldq) from the reflectors left in a and tau by
// householder_tridiagonalize. scratch holds 2n doubles.
void householder_accumulate(index_t n, const double* a, index_t lda, const double* tau, double* q, index_t ldq,
                            double* scratch);

}  // namespace descent::kernels
