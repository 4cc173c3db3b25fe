#include "linalg/cholesky.h"

#include <algorithm>
#include <cmath>

#include "gemm/gemm.h"
#include "linalg/triangular_solve.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Rows per diagonal block: the unblocked factorization and the triangular solve of a block row
// cost O(nb²) per column of the trailing matrix; the trailing update (gemm, inner dimension nb)
// does the O(n³) rest.
constexpr index_t kBlock = 96;
// Rows per gemm call of the trailing update: the lower part of each diagonal sub-block is also
// computed (and discarded), so narrower blocks waste less but call gemm more often.
constexpr index_t kUpdateRows = 96;
// Columns of the block row U12 per parallel triangular solve.
constexpr index_t kPanelColumns = 192;
// Multiply-adds of a block step below which its solve and update run as single calls (gemm
// then decides about threads itself).
constexpr double kMinParallelFma = 1 << 20;
// Tile edge of the cache-blocked transposing copies.
constexpr index_t kTile = 32;

// dst[i, j] = src[j, i] for j >= i (the lower triangle of src into the upper of dst), tile by
// tile. dst may be src itself: the strict triangles read and written are then disjoint.
void lower_to_upper(index_t n, const double* src, index_t lds, double* dst, index_t ldd) {
  for (index_t i0 = 0; i0 < n; i0 += kTile) {
    for (index_t j0 = i0; j0 < n; j0 += kTile) {
      const index_t i1 = std::min(n, i0 + kTile), j1 = std::min(n, j0 + kTile);
      // dst[i, j] (j >= i) = src[j, i]
      for (index_t i = i0; i < i1; ++i) {
        for (index_t j = std::max(i, j0); j < j1; ++j) dst[i * ldd + j] = src[j * lds + i];
      }
    }
  }
}

// In place: the lower triangle of x becomes the transpose of its upper triangle, and the strict
// upper triangle becomes zero.
void upper_to_lower(index_t n, double* x, index_t ld) {
  for (index_t i0 = 0; i0 < n; i0 += kTile) {
    for (index_t j0 = i0; j0 < n; j0 += kTile) {
      const index_t i1 = std::min(n, i0 + kTile), j1 = std::min(n, j0 + kTile);
      for (index_t i = i0; i < i1; ++i) {
        for (index_t j = std::max(i + 1, j0); j < j1; ++j) {
          x[j * ld + i] = x[i * ld + j];
          x[i * ld + j] = 0.0;
        }
      }
    }
  }
}

// Unblocked outer-product Cholesky of the upper triangle of the nb x nb block u (A = UᵀU):
// u_ii = sqrt(a_ii), u_i,i+1: = a_i,i+1: / u_ii, then a_rc −= u_ir·u_ic for i < r <= c.
// Returns 0, or i + 1 when the pivot a_ii (after the updates) is not positive (or NaN).
index_t cholesky_unblocked_upper(index_t nb, double* u, index_t ld) {
  for (index_t i = 0; i < nb; ++i) {
    double* __restrict ui = u + i * ld;
    const double pivot = ui[i];
    if (!(pivot > 0.0)) return i + 1;
    const double uii = std::sqrt(pivot);
    ui[i] = uii;
    for (index_t c = i + 1; c < nb; ++c) ui[c] /= uii;
    for (index_t r = i + 1; r < nb; ++r) {
      const double t = ui[r];
      double* __restrict ur = u + r * ld;
      for (index_t c = r; c < nb; ++c) ur[c] -= t * ui[c];
    }
  }
  return 0;
}

// One block step after U11: U12 = U11⁻ᵀ·A12, then A22 −= U12ᵀ·U12 on and above the diagonal.
struct BlockStep {
  const GemmKernels<double>& gemm_kernels;
  index_t jb, rest, ld;
  const double* u11;
  double* u12;
  double* a22;

  // Columns [c0, c1) of U12 (U11ᵀ is lower triangular with a positive diagonal: no zero pivot).
  void solve_columns(index_t c0, index_t c1) const {
    triangular_solve(gemm_kernels, false, true, false, jb, c1 - c0, u11, ld, u12 + c0, ld);
  }
  // Rows [r, r + rb) of A22, from its diagonal rightwards.
  void update_rows(index_t r) const {
    const index_t rb = std::min(kUpdateRows, rest - r);
    gemm(gemm_kernels, true, false, rb, rest - r, jb, -1.0, u12 + r, ld, u12 + r, ld, 1.0, a22 + r * ld + r, ld);
  }
};

// Blocked factorization A = UᵀU of the upper triangle of u, in place. In a large step the
// independent column chunks of the solve, then the row blocks of the update, are spread over
// threads (each gemm inside then runs on its own thread); columns and rows never share a
// reduction, so the split does not change a bit.
index_t cholesky_upper(const GemmKernels<double>& gemm_kernels, index_t n, double* u, index_t ld) {
  for (index_t j = 0; j < n; j += kBlock) {
    const index_t jb = std::min(kBlock, n - j);
    double* const u11 = u + j * ld + j;
    const index_t info = cholesky_unblocked_upper(jb, u11, ld);
    if (info != 0) return j + info;
    const index_t rest = n - j - jb;
    if (rest == 0) break;
    const BlockStep step{gemm_kernels, jb, rest, ld, u11, u11 + jb, u11 + jb * ld + jb};
    const index_t row_blocks = (rest + kUpdateRows - 1) / kUpdateRows;
    if (0.5 * static_cast<double>(rest) * static_cast<double>(rest) * static_cast<double>(jb) < kMinParallelFma) {
      step.solve_columns(0, rest);
      for (index_t b = 0; b < row_blocks; ++b) step.update_rows(b * kUpdateRows);
      continue;
    }
    parallel_for((rest + kPanelColumns - 1) / kPanelColumns, [&](index_t chunk) {
      const index_t c0 = chunk * kPanelColumns;
      step.solve_columns(c0, std::min(rest, c0 + kPanelColumns));
    });
    // The widest row blocks (the first) are handed out first.
    parallel_for(row_blocks, [&](index_t b) { step.update_rows(b * kUpdateRows); });
  }
  return 0;
}

}  // namespace

index_t cholesky(const GemmKernels<double>& gemm_kernels, index_t n, const double* a, index_t lda, double* l,
                 index_t ldl) {
  lower_to_upper(n, a, lda, l, ldl);
  const index_t info = cholesky_upper(gemm_kernels, n, l, ldl);
  if (info == 0) upper_to_lower(n, l, ldl);
  return info;
}

index_t cholesky_solve(const GemmKernels<double>& gemm_kernels, index_t n, index_t k, const double* l, index_t ldl,
                       double* b, index_t ldb) {
  const index_t info = triangular_solve(gemm_kernels, true, false, false, n, k, l, ldl, b, ldb);
  if (info != 0) return info;
  return triangular_solve(gemm_kernels, true, true, false, n, k, l, ldl, b, ldb);
}

}  // namespace descent::kernels
