// AVX2 float32 softmax over contiguous rows (the classifier's last layer). Column softmax
// uses the generic loops compiled for AVX2.
#pragma once

#include <immintrin.h>

#include <cmath>
#include <limits>

#include "elementwise/elementwise_avx2.h"
#include "blas1/blas1_avx2.h"
#include "reduce/reduce_avx2.h"
#include "softmax/softmax_generic.h"

namespace descent::kernels::avx2 {

DESCENT_AVX2 inline void softmax_rows_f32(const float* x, float* y, index_t rows, index_t len, bool log) {
  for (index_t r = 0; r < rows; ++r) {
    const float* xr = x + r * len;
    float* yr = y + r * len;
    // NaN anywhere makes the row NaN through x − m; the max itself may skip it.
    float m = -std::numeric_limits<float>::infinity();
    if (len > 0) {
      const ReduceResult e = extreme_f32(xr, len, true);
      m = static_cast<float>(e.value);
    }
    const __m256 vm = _mm256_set1_ps(m);
    __m256 acc = _mm256_setzero_ps();
    index_t i = 0;
    for (; i + 8 <= len; i += 8) {
      const __m256 e = exp_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + i), vm));
      if (!log) _mm256_storeu_ps(yr + i, e);
      acc = _mm256_add_ps(acc, e);
    }
    double s = hsum_ps_as_double(acc);
    if (i < len) {
      const __m256i mask = tail_mask(len - i);
      const __m256 e = exp_ps(_mm256_sub_ps(_mm256_maskload_ps(xr + i, mask), vm));
      const __m256 e_masked = _mm256_and_ps(e, _mm256_castsi256_ps(mask));
      if (!log) _mm256_maskstore_ps(yr + i, mask, e);
      s += hsum_ps_as_double(e_masked);
    }
    if (log) {
      // (x − m) − ln s: subtracting m first keeps the result exact for huge m.
      map_unary_ps(ShiftLogV{vm, _mm256_set1_ps(static_cast<float>(std::log(s)))}, xr, yr, len);
    } else {
      const __m256 inv = _mm256_set1_ps(static_cast<float>(1.0 / s));
      map_unary_ps(ScaleV{inv}, yr, yr, len);
    }
  }
}

// dx = y ⊙ (g − Σ g⊙y) (softmax) or g − e^y ⊙ Σ g (log-softmax), 8 lanes at a time; the sums
// accumulate in double through dot_f32-style widening.
DESCENT_AVX2 inline void softmax_backward_rows_f32(const float* g, const float* y, float* dx, index_t rows, index_t len,
                                                   bool log) {
  for (index_t r = 0; r < rows; ++r) {
    const float* gr = g + r * len;
    const float* yr = y + r * len;
    float* dr = dx + r * len;
    const float s = static_cast<float>(log ? sum_f32(gr, len) : dot_f32(gr, yr, len));
    const __m256 vs = _mm256_set1_ps(s);
    index_t i = 0;
    for (; i + 8 <= len; i += 8) {
      const __m256 vg = _mm256_loadu_ps(gr + i), vy = _mm256_loadu_ps(yr + i);
      const __m256 v = log ? _mm256_fnmadd_ps(exp_ps(vy), vs, vg) : _mm256_mul_ps(vy, _mm256_sub_ps(vg, vs));
      _mm256_storeu_ps(dr + i, v);
    }
    if (i < len) {
      const __m256i mask = tail_mask(len - i);
      const __m256 vg = _mm256_maskload_ps(gr + i, mask), vy = _mm256_maskload_ps(yr + i, mask);
      const __m256 v = log ? _mm256_fnmadd_ps(exp_ps(vy), vs, vg) : _mm256_mul_ps(vy, _mm256_sub_ps(vg, vs));
      _mm256_maskstore_ps(dr + i, mask, v);
    }
  }
}

}  // namespace descent::kernels::avx2
