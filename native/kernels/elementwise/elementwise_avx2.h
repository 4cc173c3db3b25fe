// Hand-written AVX2+FMA float32 element-wise kernels: the transcendental activations the
// compiler cannot vectorize from libm calls. Everything else falls back to the generic loops
// compiled for AVX2 (elementwise_generic.h). Included by the AVX2 registrations
// (elementwise_avx2.cpp, and the softmax and norm ones that reuse its vector maps).
#pragma once

#include <immintrin.h>

#include "elementwise/elementwise_generic.h"
#include "elementwise/vector_math_avx2.h"

namespace descent::kernels::avx2 {

// Lanes [0, r) of a tail of r < 8 elements.
DESCENT_AVX2 inline __m256i tail_mask(index_t r) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(r)), lane);
}

// y[i] = f(x[i]); the tail goes through the same vector code under a mask, so every element
// gets bit-identical treatment wherever it sits.
template <class F> DESCENT_AVX2 inline void map_unary_ps(F f, const float* x, float* y, index_t n) {
  index_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
  if (i < n) {
    const __m256i mask = tail_mask(n - i);
    _mm256_maskstore_ps(y + i, mask, f(_mm256_maskload_ps(x + i, mask)));
  }
}

// 8 elements from p + i (stride 1), or p[0] in every lane (stride 0).
DESCENT_AVX2 inline __m256 load_or_broadcast(const float* p, index_t stride, index_t i) {
  return stride == 0 ? _mm256_set1_ps(*p) : _mm256_loadu_ps(p + i);
}

// out[i] = f(a[i·sa], b[i·sb]) for the contiguous and broadcast stride patterns; other strides
// use a scalar loop over f's lane function through one-lane vectors.
template <class F>
DESCENT_AVX2 inline void map_binary_ps(F f, const float* a, index_t sa, const float* b, index_t sb, float* out,
                                       index_t n) {
  if ((sa == 0 || sa == 1) && (sb == 0 || sb == 1)) {
    index_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, f(load_or_broadcast(a, sa, i), load_or_broadcast(b, sb, i)));
    if (i < n) {
      const __m256i mask = tail_mask(n - i);
      const __m256 va = sa == 0 ? _mm256_set1_ps(*a) : _mm256_maskload_ps(a + i, mask);
      const __m256 vb = sb == 0 ? _mm256_set1_ps(*b) : _mm256_maskload_ps(b + i, mask);
      _mm256_maskstore_ps(out + i, mask, f(va, vb));
    }
    return;
  }
  for (index_t i = 0; i < n; ++i) {
    out[i] = _mm256_cvtss_f32(f(_mm256_set1_ps(a[i * sa]), _mm256_set1_ps(b[i * sb])));
  }
}

struct ScaleV {
  __m256 factor;
  DESCENT_AVX2 __m256 operator()(__m256 x) const { return _mm256_mul_ps(x, factor); }
};
// (x − max) − log_sum, the log-softmax of a row.
struct ShiftLogV {
  __m256 max, log_sum;
  DESCENT_AVX2 __m256 operator()(__m256 x) const { return _mm256_sub_ps(_mm256_sub_ps(x, max), log_sum); }
};
struct ExpV { DESCENT_AVX2 __m256 operator()(__m256 x) const { return exp_ps(x); } };
struct LogV { DESCENT_AVX2 __m256 operator()(__m256 x) const { return log_ps(x); } };
struct TanhV { DESCENT_AVX2 __m256 operator()(__m256 x) const { return tanh_ps(x); } };
struct SigmoidV { DESCENT_AVX2 __m256 operator()(__m256 x) const { return sigmoid_ps(x); } };

// (1/β)·softplus(βx), or x once βx > threshold.
struct SoftplusV {
  float beta, threshold;
  DESCENT_AVX2 __m256 operator()(__m256 x) const {
    const __m256 vb = _mm256_set1_ps(beta);
    const __m256 z = _mm256_mul_ps(vb, x);
    const __m256 s = beta == 1.0f ? softplus_ps(z) : _mm256_div_ps(softplus_ps(z), vb);
    return _mm256_blendv_ps(s, x, _mm256_cmp_ps(z, _mm256_set1_ps(threshold), _CMP_GT_OQ));
  }
};

// x > 0 ? x : α·(e^x − 1)
struct EluV {
  float alpha;
  DESCENT_AVX2 __m256 operator()(__m256 x) const {
    const __m256 neg = _mm256_mul_ps(_mm256_set1_ps(alpha), expm1_ps(x));
    return _mm256_blendv_ps(neg, x, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ));
  }
};

// g · (x > 0 ? 1 : α·e^x)
struct EluBackwardV {
  float alpha;
  DESCENT_AVX2 __m256 operator()(__m256 g, __m256 x) const {
    const __m256 neg = _mm256_mul_ps(g, _mm256_mul_ps(_mm256_set1_ps(alpha), exp_ps(x)));
    return _mm256_blendv_ps(neg, g, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ));
  }
};

// g · σ(βx), or g once βx > threshold.
struct SoftplusBackwardV {
  float beta, threshold;
  DESCENT_AVX2 __m256 operator()(__m256 g, __m256 x) const {
    const __m256 z = _mm256_mul_ps(_mm256_set1_ps(beta), x);
    const __m256 d = _mm256_mul_ps(g, sigmoid_ps(z));
    return _mm256_blendv_ps(d, g, _mm256_cmp_ps(z, _mm256_set1_ps(threshold), _CMP_GT_OQ));
  }
};

DESCENT_AVX2 inline void unary_f32(UnaryOp op, const float* x, float* y, index_t n, double p0, double p1) {
  switch (op) {
    case UnaryOp::Exp: map_unary_ps(ExpV{}, x, y, n); return;
    case UnaryOp::Log: map_unary_ps(LogV{}, x, y, n); return;
    case UnaryOp::Tanh: map_unary_ps(TanhV{}, x, y, n); return;
    case UnaryOp::Sigmoid: map_unary_ps(SigmoidV{}, x, y, n); return;
    case UnaryOp::Softplus:
      map_unary_ps(SoftplusV{static_cast<float>(p0), static_cast<float>(p1)}, x, y, n);
      return;
    case UnaryOp::Elu: map_unary_ps(EluV{static_cast<float>(p0)}, x, y, n); return;
    default: unary_float<float>(op, x, y, n, p0, p1); return;
  }
}

DESCENT_AVX2 inline void binary_f32(BinaryOp op, const float* a, index_t sa, const float* b, index_t sb,
                                    float* out, index_t n, double p0, double p1) {
  switch (op) {
    case BinaryOp::EluBackward: map_binary_ps(EluBackwardV{static_cast<float>(p0)}, a, sa, b, sb, out, n); return;
    case BinaryOp::SoftplusBackward:
      map_binary_ps(SoftplusBackwardV{static_cast<float>(p0), static_cast<float>(p1)}, a, sa, b, sb, out, n);
      return;
    default: binary_float<float>(op, a, sa, b, sb, out, n, p0, p1); return;
  }
}

}  // namespace descent::kernels::avx2
