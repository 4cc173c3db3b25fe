#include "linalg/tridiagonal_qr.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Columns of w per chunk: 32 columns of a 1000-row w (256 KB) stay in L2 for a whole batch.
constexpr index_t kColumnChunk = 32;
// Recorded rotations·columns below which a batch is applied on the calling thread.
constexpr index_t kMinParallelWork = index_t(1) << 15;

// A batch of recorded sweeps, laid out in `buffer` as [lo, hi, c_lo, s_lo, ..., c_hi-1, s_hi-1]
// per sweep (indices are exact in a double).
struct RotationBatch {
  double* buffer;
  index_t capacity;
  index_t used = 0;
  index_t rotations = 0;
};

// Rows k and k+1 of w[:, c0:c1] ← G·(rows k, k+1), G = [c s; −s c], for every recorded rotation
// in order.
void apply_batch(const RotationBatch& batch, double* w, index_t ldw, index_t c0, index_t c1) {
  const double* p = batch.buffer;
  const double* const end = batch.buffer + batch.used;
  while (p < end) {
    const auto lo = static_cast<index_t>(p[0]), hi = static_cast<index_t>(p[1]);
    p += 2;
    for (index_t k = lo; k < hi; ++k, p += 2) {
      const double c = p[0], s = p[1];
      double* __restrict x = w + k * ldw;
      double* __restrict y = w + (k + 1) * ldw;
      for (index_t j = c0; j < c1; ++j) {
        const double xj = x[j], yj = y[j];
        x[j] = c * xj + s * yj;
        y[j] = c * yj - s * xj;
      }
    }
  }
}

void flush(RotationBatch& batch, double* w, index_t ldw, index_t w_cols) {
  if (batch.used == 0) return;
  if (batch.rotations * w_cols < kMinParallelWork) {
    apply_batch(batch, w, ldw, 0, w_cols);
  } else {
    const index_t chunks = (w_cols + kColumnChunk - 1) / kColumnChunk;
    parallel_for(chunks, [&](index_t chunk) {
      const index_t c0 = chunk * kColumnChunk;
      apply_batch(batch, w, ldw, c0, std::min(w_cols, c0 + kColumnChunk));
    });
  }
  batch.used = 0;
  batch.rotations = 0;
}

bool negligible(double e, double d0, double d1) {
  const double ae = std::fabs(e);
  return ae <= DBL_EPSILON * (std::fabs(d0) + std::fabs(d1)) || ae < DBL_MIN;
}

}  // namespace

index_t tridiagonal_qr(index_t n, double* d, double* e, double* w, index_t ldw, index_t w_cols, double* scratch) {
  RotationBatch batch{scratch, tridiagonal_qr_workspace(n)};
  const index_t max_sweeps = 30 * n;
  index_t sweeps = 0;
  index_t hi = n - 1;
  while (hi > 0) {
    // The unreduced block [lo, hi] ending at hi.
    index_t lo = hi;
    while (lo > 0 && !negligible(e[lo - 1], d[lo - 1], d[lo])) --lo;
    if (lo > 0) e[lo - 1] = 0.0;
    if (lo == hi) {
      --hi;
      continue;
    }
    if (++sweeps > max_sweeps) {
      flush(batch, w, ldw, w_cols);
      return 1;
    }
    if (batch.capacity - batch.used < 2 + 2 * (hi - lo)) flush(batch, w, ldw, w_cols);
    double* rec = batch.buffer + batch.used;
    rec[0] = static_cast<double>(lo);
    rec[1] = static_cast<double>(hi);
    rec += 2;
    batch.used += 2 + 2 * (hi - lo);
    batch.rotations += hi - lo;

    // Wilkinson shift: the eigenvalue of [a b; b c] (trailing 2 x 2) nearer c,
    // μ = c − b²/(δ + sign(δ)·√(δ² + b²)), δ = (a − c)/2.
    const double a = d[hi - 1], b = e[hi - 1], c = d[hi];
    const double delta = 0.5 * (a - c);
    const double denom = delta + std::copysign(std::hypot(delta, b), delta);
    const double mu = c - b * (b / denom);

    double x = d[lo] - mu, z = e[lo];
    for (index_t k = lo; k < hi; ++k) {
      // G = [c s; −s c] with G·[x; z] = [r; 0]: zeroes the bulge at (k−1, k+1) for k > lo.
      const double r = std::hypot(x, z);
      const double ck = r == 0.0 ? 1.0 : x / r;
      const double sk = r == 0.0 ? 0.0 : z / r;
      if (k > lo) e[k - 1] = r;
      // [d_k e_k; e_k d_k+1] ← G·[d_k e_k; e_k d_k+1]·Gᵀ
      const double dk = d[k], ek = e[k], dk1 = d[k + 1];
      const double cc = ck * ck, ss = sk * sk, csk = ck * sk;
      d[k] = cc * dk + 2.0 * csk * ek + ss * dk1;
      d[k + 1] = ss * dk - 2.0 * csk * ek + cc * dk1;
      e[k] = csk * (dk1 - dk) + (cc - ss) * ek;
      if (k + 1 < hi) {
        // Row k+1's entry e_{k+1} splits into c·e_{k+1} at (k+1, k+2) and the bulge s·e_{k+1} at (k, k+2).
        const double g = e[k + 1];
        z = sk * g;
        e[k + 1] = ck * g;
        x = e[k];
      }
      rec[2 * (k - lo)] = ck;
      rec[2 * (k - lo) + 1] = sk;
    }
  }
  flush(batch, w, ldw, w_cols);
  return 0;
}

}  // namespace descent::kernels
