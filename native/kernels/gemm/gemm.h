// General matrix multiply (docs/ARCHITECTURE.md, decision 7): C = alpha·op(A)·op(B) + beta·C.
//
// A blocked driver in the BLIS/GotoBLAS style (Goto & van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", 2008; Van Zee & van de Geijn, "BLIS", 2015): op(B) is
// packed in KC x NC panels, op(A) in MC x KC blocks, and a register-blocked micro-kernel of the
// instruction set (GemmKernels) runs over them. Work is split between threads over M and N only,
// on micro-tile boundaries, so every element of C is computed by the same operations in the same
// order whatever the thread count: results are bit-identical for any number of threads.
//
// Preconditions (checked by the binding layer, not here): m, n, k >= 0; the leading dimensions
// cover the rows (lda >= k or m, ldb >= n or k, ldc >= n); the matrices do not overlap C.
// Safe to call from several threads at once: packing buffers are per thread.
#pragma once

#include <cstddef>

#include "common/isa.h"
#include "gemm/gemm_kernels.h"

namespace descent::kernels {

// Row-major. C (m x n, row stride ldc) = alpha·op(A)·op(B) + beta·C.
// op(A) is m x k: A stored m x k (lda >= k) when !trans_a, stored k x m (lda >= m) when trans_a.
// op(B) is k x n: B stored k x n (ldb >= n) when !trans_b, stored n x k (ldb >= k) when trans_b.
// beta == 0: C is never read (NaN/Inf already in C do not propagate). k == 0 or alpha == 0:
// C = beta·C (A and B are not read).
template <class T>
void gemm(const GemmKernels<T>& kernels, bool trans_a, bool trans_b, index_t m, index_t n, index_t k, T alpha,
          const T* a, index_t lda, const T* b, index_t ldb, T beta, T* c, index_t ldc);

// `batch` independent products C_i = alpha·op(A_i)·op(B_i) + beta·C_i with A_i = a + i·stride_a
// (likewise B_i, C_i); a stride of 0 reuses the same matrix (not allowed for C when batch > 1).
template <class T>
void gemm_batched(const GemmKernels<T>& kernels, bool trans_a, bool trans_b, index_t m, index_t n, index_t k,
                  T alpha, const T* a, index_t lda, index_t stride_a, const T* b, index_t ldb, index_t stride_b,
                  T beta, T* c, index_t ldc, index_t stride_c, index_t batch);

// Bytes currently held by the packing buffers of all threads (reported by d.memory()).
std::size_t gemm_scratch_bytes();

}  // namespace descent::kernels
