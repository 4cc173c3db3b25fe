#include "linalg/triangular_solve.h"

#include <algorithm>

#include "gemm/gemm.h"

namespace descent::kernels {
namespace {

// Rows of op(A) per diagonal block: the substitution inside a block costs nb²·k/2 axpy flops,
// the rest goes to gemm with inner dimension nb.
constexpr index_t kBlock = 64;

// op(A)[r, c] when A is stored row-major with leading dimension lda.
struct TriangularOperand {
  const double* a;
  index_t lda;
  bool transpose;
  double at(index_t r, index_t c) const { return transpose ? a[c * lda + r] : a[r * lda + c]; }
  // Where gemm reads the block op(A)[r0:, c0:] and whether it reads it transposed.
  const double* block(index_t r0, index_t c0) const { return transpose ? a + c0 * lda + r0 : a + r0 * lda + c0; }
};

// Forward substitution on the diagonal block rows [i0, i1) of a lower-triangular op(A):
// x_i = (b_i − Σ_{p<i} op(A)[i,p]·x_p) / op(A)[i,i], in right-looking (row axpy) order.
void forward_block(const TriangularOperand& op, bool unit, index_t i0, index_t i1, index_t k, double* b,
                   index_t ldb) {
  for (index_t i = i0; i < i1; ++i) {
    double* __restrict xi = b + i * ldb;
    if (!unit) {
      const double d = op.at(i, i);
      for (index_t c = 0; c < k; ++c) xi[c] /= d;
    }
    for (index_t r = i + 1; r < i1; ++r) {
      const double t = op.at(r, i);
      double* __restrict br = b + r * ldb;
      for (index_t c = 0; c < k; ++c) br[c] -= t * xi[c];
    }
  }
}

// Back substitution on the diagonal block rows [i0, i1) of an upper-triangular op(A).
void backward_block(const TriangularOperand& op, bool unit, index_t i0, index_t i1, index_t k, double* b,
                    index_t ldb) {
  for (index_t i = i1 - 1; i >= i0; --i) {
    double* __restrict xi = b + i * ldb;
    if (!unit) {
      const double d = op.at(i, i);
      for (index_t c = 0; c < k; ++c) xi[c] /= d;
    }
    for (index_t r = i0; r < i; ++r) {
      const double t = op.at(r, i);
      double* __restrict br = b + r * ldb;
      for (index_t c = 0; c < k; ++c) br[c] -= t * xi[c];
    }
  }
}

}  // namespace

index_t triangular_solve(const GemmKernels<double>& gemm_kernels, bool lower, bool transpose, bool unit_diagonal,
                         index_t n, index_t k, const double* a, index_t lda, double* b, index_t ldb) {
  if (!unit_diagonal) {
    for (index_t i = 0; i < n; ++i) {
      if (a[i * lda + i] == 0.0) return i + 1;
    }
  }
  if (n == 0 || k == 0) return 0;
  const TriangularOperand op{a, lda, transpose};
  // op(A) is lower triangular when A is lower and not transposed, or upper and transposed.
  if (lower != transpose) {
    for (index_t i0 = 0; i0 < n; i0 += kBlock) {
      const index_t i1 = std::min(n, i0 + kBlock);
      forward_block(op, unit_diagonal, i0, i1, k, b, ldb);
      // B[i1:n] −= op(A)[i1:n, i0:i1]·X[i0:i1]
      if (i1 < n) {
        gemm(gemm_kernels, transpose, false, n - i1, k, i1 - i0, -1.0, op.block(i1, i0), lda, b + i0 * ldb, ldb, 1.0,
             b + i1 * ldb, ldb);
      }
    }
  } else {
    // Blocks from the bottom, on the same boundaries as the forward sweep.
    for (index_t i0 = ((n - 1) / kBlock) * kBlock; i0 >= 0; i0 -= kBlock) {
      const index_t i1 = std::min(n, i0 + kBlock);
      backward_block(op, unit_diagonal, i0, i1, k, b, ldb);
      // B[0:i0] −= op(A)[0:i0, i0:i1]·X[i0:i1]
      if (i0 > 0) {
        gemm(gemm_kernels, transpose, false, i0, k, i1 - i0, -1.0, op.block(0, i0), lda, b + i0 * ldb, ldb, 1.0, b,
             ldb);
      }
    }
  }
  return 0;
}

}  // namespace descent::kernels
