// AVX2 float32 dot product and sum of squares with double accumulators (8 floats widen to two
// 4-double vectors), so long vectors keep double accuracy at memory speed.
#pragma once

#include <immintrin.h>

#include "blas1/blas1_generic.h"

namespace descent::kernels::avx2 {

DESCENT_AVX2 inline double hsum_pd(__m256d v) {
  const __m128d pair = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(pair) + _mm_cvtsd_f64(_mm_unpackhi_pd(pair, pair));
}

DESCENT_AVX2 inline double dot_f32(const float* x, const float* y, index_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  index_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 vx0 = _mm256_loadu_ps(x + i), vy0 = _mm256_loadu_ps(y + i);
    const __m256 vx1 = _mm256_loadu_ps(x + i + 8), vy1 = _mm256_loadu_ps(y + i + 8);
    a0 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(vx0)), _mm256_cvtps_pd(_mm256_castps256_ps128(vy0)), a0);
    a1 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(vx0, 1)), _mm256_cvtps_pd(_mm256_extractf128_ps(vy0, 1)), a1);
    a2 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(vx1)), _mm256_cvtps_pd(_mm256_castps256_ps128(vy1)), a2);
    a3 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(vx1, 1)), _mm256_cvtps_pd(_mm256_extractf128_ps(vy1, 1)), a3);
  }
  double s = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  for (; i < n; ++i) s += static_cast<double>(x[i]) * static_cast<double>(y[i]);
  return s;
}

DESCENT_AVX2 inline double sum_squares_f32(const float* x, index_t n) { return dot_f32(x, x, n); }

}  // namespace descent::kernels::avx2
