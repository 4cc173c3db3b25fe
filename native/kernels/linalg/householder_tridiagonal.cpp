#include "linalg/householder_tridiagonal.h"

#include <algorithm>
#include <cmath>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Rows or columns per parallel chunk, and the block size m·m from which a step is split. Every
// element is computed by the same operations in the same order whatever the split.
constexpr index_t kChunk = 64;
constexpr index_t kMinParallelElements = index_t(1) << 15;

// Calls fn(lo, hi) over [0, m) in chunks of kChunk, on several threads when m·m is large.
template <class Fn> void for_chunks(index_t m, Fn&& fn) {
  if (m * m < kMinParallelElements) {
    fn(index_t(0), m);
    return;
  }
  parallel_for((m + kChunk - 1) / kChunk, [&](index_t chunk) {
    const index_t lo = chunk * kChunk;
    fn(lo, std::min(m, lo + kChunk));
  });
}

// y[c0:c1] = Σ_j (coef·x_j)·rows_j[c0:c1], j = 0..m-1 in order.
void combine_rows(index_t m, double coef, const double* x, const double* rows, index_t ld, double* __restrict y,
                  index_t c0, index_t c1) {
  std::fill(y + c0, y + c1, 0.0);
  for (index_t j = 0; j < m; ++j) {
    const double t = coef * x[j];
    const double* __restrict r = rows + j * ld;
    for (index_t i = c0; i < c1; ++i) y[i] += t * r[i];
  }
}

// ‖x‖₂ for x[0:m], scaled by the largest magnitude so that squares neither overflow nor underflow.
double scaled_norm(index_t m, const double* x) {
  double big = 0.0;
  for (index_t i = 0; i < m; ++i) big = std::max(big, std::fabs(x[i]));
  if (big == 0.0) return 0.0;
  double ss = 0.0;
  for (index_t i = 0; i < m; ++i) {
    const double t = x[i] / big;
    ss += t * t;
  }
  return big * std::sqrt(ss);
}

}  // namespace

void householder_tridiagonalize(index_t n, double* a, index_t lda, double* d, double* e, double* tau,
                                double* scratch) {
  double* const v = scratch;
  double* const w = scratch + n;
  for (index_t k = 0; k + 1 < n; ++k) {
    d[k] = a[k * lda + k];
    // x = A[k+1:n, k], read from row k (the matrix is symmetric).
    double* const x = a + k * lda + k + 1;
    const index_t m = n - k - 1;
    const double alpha = x[0];
    const double sigma = scaled_norm(m - 1, x + 1);
    if (sigma == 0.0) {
      // Already tridiagonal in this column: H_k = I.
      tau[k] = 0.0;
      e[k] = alpha;
      continue;
    }
    // H·x = β·e₁ with β = −sign(α)·‖x‖, τ = (β − α)/β, v = x/(α − β) with v[0] = 1.
    const double norm = std::hypot(alpha, sigma);
    const double beta = alpha >= 0.0 ? -norm : norm;
    const double t = (beta - alpha) / beta;
    const double scale = 1.0 / (alpha - beta);
    v[0] = 1.0;
    for (index_t i = 1; i < m; ++i) {
      v[i] = x[i] * scale;
      x[i] = v[i];
    }
    x[0] = beta;
    tau[k] = t;
    e[k] = beta;

    // S = A[k+1:n, k+1:n]; p = τ·S·v, as Σ_j (τ·v_j)·S[j, :] (S is symmetric).
    double* const s = a + (k + 1) * lda + k + 1;
    for_chunks(m, [&](index_t c0, index_t c1) { combine_rows(m, t, v, s, lda, w, c0, c1); });
    // w = p − (τ/2)·(pᵀv)·v
    double pv = 0.0;
    for (index_t i = 0; i < m; ++i) pv += w[i] * v[i];
    const double half = 0.5 * t * pv;
    for (index_t i = 0; i < m; ++i) w[i] -= half * v[i];
    // S −= v·wᵀ + w·vᵀ
    for_chunks(m, [&](index_t r0, index_t r1) {
      for (index_t i = r0; i < r1; ++i) {
        const double vi = v[i], wi = w[i];
        double* __restrict si = s + i * lda;
        for (index_t j = 0; j < m; ++j) si[j] -= vi * w[j] + wi * v[j];
      }
    });
  }
  if (n > 0) d[n - 1] = a[(n - 1) * lda + n - 1];
}

void householder_accumulate(index_t n, const double* a, index_t lda, const double* tau, double* q, index_t ldq,
                            double* scratch) {
  for (index_t i = 0; i < n; ++i) {
    std::fill(q + i * ldq, q + i * ldq + n, 0.0);
    q[i * ldq + i] = 1.0;
  }
  // Backward accumulation: Q ← H_k·Q for k = n-2, ..., 0; H_k only touches rows k+1.., and Q is
  // still the identity outside its trailing block [k+1:n, k+1:n].
  double* const u = scratch;
  for (index_t k = n - 2; k >= 0; --k) {
    const double t = tau[k];
    if (t == 0.0) continue;
    const index_t m = n - k - 1;
    // v = [1, a[k, k+2:n]] (householder_tridiagonalize left the tail in row k), into scratch.
    double* const v = scratch + n;
    v[0] = 1.0;
    std::copy(a + k * lda + k + 2, a + k * lda + n, v + 1);
    double* const qs = q + (k + 1) * ldq + k + 1;
    // u = vᵀ·Q_s, as Σ_i v_i·Q_s[i, :]
    for_chunks(m, [&](index_t c0, index_t c1) { combine_rows(m, 1.0, v, qs, ldq, u, c0, c1); });
    // Q_s −= (τ·v)·uᵀ
    for_chunks(m, [&](index_t r0, index_t r1) {
      for (index_t i = r0; i < r1; ++i) {
        const double tv = t * v[i];
        double* __restrict qi = qs + i * ldq;
        for (index_t j = 0; j < m; ++j) qi[j] -= tv * u[j];
      }
    });
  }
}

}  // namespace descent::kernels
