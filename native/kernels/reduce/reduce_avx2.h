// Hand-written AVX2 float32 row reductions. Column reductions use the generic loops compiled
// for AVX2 (reduce_generic.h), which the compiler vectorizes over the columns.
#pragma once

#include <immintrin.h>

#include "reduce/reduce_generic.h"

namespace descent::kernels::avx2 {

DESCENT_AVX2 inline double hsum_ps_as_double(__m256 v) {
  const __m256d lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
  const __m256d hi = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
  const __m256d s = _mm256_add_pd(lo, hi);
  const __m128d pair = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
  return _mm_cvtsd_f64(pair) + _mm_cvtsd_f64(_mm_unpackhi_pd(pair, pair));
}

// Σ x in four 8-lane float accumulators (the driver keeps runs short, so each lane adds at most
// a few hundred terms), lanes combined in double.
DESCENT_AVX2 inline double sum_f32(const float* x, index_t n) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
  index_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
    a1 = _mm256_add_ps(a1, _mm256_loadu_ps(x + i + 8));
    a2 = _mm256_add_ps(a2, _mm256_loadu_ps(x + i + 16));
    a3 = _mm256_add_ps(a3, _mm256_loadu_ps(x + i + 24));
  }
  for (; i + 8 <= n; i += 8) a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
  double s = hsum_ps_as_double(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
  for (; i < n; ++i) s += static_cast<double>(x[i]);
  return s;
}

// Σ (x − c)²
DESCENT_AVX2 inline double sum_squared_deviation_f32(const float* x, index_t n, double center) {
  const float cf = static_cast<float>(center);
  const __m256 c = _mm256_set1_ps(cf);
  __m256 a0 = _mm256_setzero_ps(), a1 = a0;
  index_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(x + i), c);
    const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 8), c);
    a0 = _mm256_fmadd_ps(d0, d0, a0);
    a1 = _mm256_fmadd_ps(d1, d1, a1);
  }
  for (; i + 8 <= n; i += 8) {
    const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), c);
    a0 = _mm256_fmadd_ps(d, d, a0);
  }
  double s = hsum_ps_as_double(_mm256_add_ps(a0, a1));
  for (; i < n; ++i) {
    const double d = static_cast<double>(x[i] - cf);
    s += d * d;
  }
  return s;
}

// The extreme value and its first index. A vector pass finds the value (and whether any NaN is
// present); a scalar scan then finds the first index holding it. With a NaN the generic loop
// returns the first NaN.
DESCENT_AVX2 inline ReduceResult extreme_f32(const float* x, index_t n, bool want_max) {
  if (n < 16) return extreme_row(x, n, want_max);
  __m256 best = _mm256_loadu_ps(x);
  __m256 unordered = _mm256_cmp_ps(best, best, _CMP_UNORD_Q);
  index_t i = 8;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    unordered = _mm256_or_ps(unordered, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    best = want_max ? _mm256_max_ps(best, v) : _mm256_min_ps(best, v);
  }
  if (_mm256_movemask_ps(unordered) != 0) return extreme_row(x, n, want_max);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, best);
  float value = lanes[0];
  for (int l = 1; l < 8; ++l) value = want_max ? (lanes[l] > value ? lanes[l] : value) : (lanes[l] < value ? lanes[l] : value);
  for (; i < n; ++i) {
    if (x[i] != x[i]) return extreme_row(x, n, want_max);
    value = want_max ? (x[i] > value ? x[i] : value) : (x[i] < value ? x[i] : value);
  }
  index_t at = 0;
  while (x[at] != value) ++at;
  return ReduceResult{static_cast<double>(value), at};
}

DESCENT_AVX2 inline ReduceResult reduce_row_f32(ReduceOp op, const float* x, index_t n, double center) {
  switch (op) {
    case ReduceOp::Sum:
    case ReduceOp::Mean: return ReduceResult{sum_f32(x, n), 0};
    case ReduceOp::Var:
    case ReduceOp::SumSquaredDeviation: return ReduceResult{sum_squared_deviation_f32(x, n, center), 0};
    case ReduceOp::Max:
    case ReduceOp::Argmax: return extreme_f32(x, n, true);
    case ReduceOp::Min:
    case ReduceOp::Argmin: return extreme_f32(x, n, false);
    case ReduceOp::Count: break;
  }
  return ReduceResult{0, 0};
}

}  // namespace descent::kernels::avx2
