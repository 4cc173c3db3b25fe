#include "linalg/symmetric_eigen.h"

#include <algorithm>
#include <cmath>

#include "linalg/householder_tridiagonal.h"
#include "linalg/tridiagonal_qr.h"

namespace descent::kernels {
namespace {

// The power of two 2^s with max_abs·2^s in [0.5, 1) (s = 0 for a zero matrix).
int scale_exponent(double max_abs) {
  if (max_abs == 0.0) return 0;
  int exponent = 0;
  std::frexp(max_abs, &exponent);
  return -exponent;
}

// Given the eigenvector rows of w (n x n, row stride n) and the unsorted eigenvalues, sorts the
// values ascending (selection sort: n − 1 row swaps at most), fixes each vector's sign and
// writes vectors[:, i] = w[i, :]ᵀ.
void sort_and_store(index_t n, double* values, double* w, double* vectors, index_t ldv) {
  for (index_t i = 0; i + 1 < n; ++i) {
    index_t best = i;
    for (index_t j = i + 1; j < n; ++j) {
      if (values[j] < values[best]) best = j;
    }
    if (best != i) {
      std::swap(values[i], values[best]);
      std::swap_ranges(w + i * n, w + i * n + n, w + best * n);
    }
  }
  for (index_t i = 0; i < n; ++i) {
    double* const wi = w + i * n;
    index_t arg = 0;
    for (index_t j = 1; j < n; ++j) {
      if (std::fabs(wi[j]) > std::fabs(wi[arg])) arg = j;
    }
    if (wi[arg] < 0.0) {
      for (index_t j = 0; j < n; ++j) wi[j] = -wi[j];
    }
  }
  constexpr index_t kTile = 32;
  for (index_t i0 = 0; i0 < n; i0 += kTile) {
    for (index_t j0 = 0; j0 < n; j0 += kTile) {
      const index_t i1 = std::min(n, i0 + kTile), j1 = std::min(n, j0 + kTile);
      for (index_t i = i0; i < i1; ++i) {
        for (index_t j = j0; j < j1; ++j) vectors[j * ldv + i] = w[i * n + j];
      }
    }
  }
}

void identity(index_t n, double* w) {
  std::fill(w, w + n * n, 0.0);
  for (index_t i = 0; i < n; ++i) w[i * n + i] = 1.0;
}

}  // namespace

index_t symmetric_eigen(index_t n, const double* a, index_t lda, double* values, double* vectors, index_t ldv,
                        double* work) {
  if (n == 0) return 0;
  // work: the scaled full matrix (n x n), then e, tau and the scratch of the two stages.
  double* const s = work;
  double* const e = work + n * n;
  double* const tau = e + n;
  double* const scratch = tau + n;
  double max_abs = 0.0;
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j <= i; ++j) max_abs = std::max(max_abs, std::fabs(a[i * lda + j]));
  }
  const int shift = scale_exponent(max_abs);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j <= i; ++j) s[i * n + j] = s[j * n + i] = std::ldexp(a[i * lda + j], shift);
  }
  householder_tridiagonalize(n, s, n, values, e, tau, scratch);
  // Q into vectors, then W = Qᵀ into the first n² doubles of work (the reflectors are used up).
  householder_accumulate(n, s, n, tau, vectors, ldv, scratch);
  for (index_t i = 0; i < n; ++i) {
    for (index_t j = 0; j < n; ++j) s[j * n + i] = vectors[i * ldv + j];
  }
  if (tridiagonal_qr(n, values, e, s, n, n, scratch) != 0) return 1;
  for (index_t i = 0; i < n; ++i) values[i] = std::ldexp(values[i], -shift);
  sort_and_store(n, values, s, vectors, ldv);
  return 0;
}

index_t symmetric_tridiagonal_eigen(index_t n, const double* d, const double* e, double* values, double* vectors,
                                    index_t ldv, double* work) {
  if (n == 0) return 0;
  double* const w = work;
  double* const off = work + n * n;
  double* const scratch = off + n;
  double max_abs = 0.0;
  for (index_t i = 0; i < n; ++i) max_abs = std::max(max_abs, std::fabs(d[i]));
  for (index_t i = 0; i + 1 < n; ++i) max_abs = std::max(max_abs, std::fabs(e[i]));
  const int shift = scale_exponent(max_abs);
  for (index_t i = 0; i < n; ++i) values[i] = std::ldexp(d[i], shift);
  for (index_t i = 0; i + 1 < n; ++i) off[i] = std::ldexp(e[i], shift);
  identity(n, w);
  if (tridiagonal_qr(n, values, off, w, n, n, scratch) != 0) return 1;
  for (index_t i = 0; i < n; ++i) values[i] = std::ldexp(values[i], -shift);
  sort_and_store(n, values, w, vectors, ldv);
  return 0;
}

}  // namespace descent::kernels
