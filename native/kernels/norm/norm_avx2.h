// AVX2+FMA float32 normalization blocks (see norm_generic.h for the block layout). With len = 1
// ([N, C] input) the channels are the contiguous index: each vector lane owns one channel and
// accumulates across rows. Otherwise each channel's run of len values is vectorized. Sums are
// carried in double (floats widen to 4-double vectors); the element-wise maps stay in float.
#pragma once

#include <immintrin.h>

#include <algorithm>

#include "blas1/blas1_avx2.h"
#include "elementwise/elementwise_avx2.h"
#include "norm/norm_generic.h"

namespace descent::kernels::avx2 {

DESCENT_AVX2 inline __m256d norm_widen_lo(__m256 v) { return _mm256_cvtps_pd(_mm256_castps256_ps128(v)); }
DESCENT_AVX2 inline __m256d norm_widen_hi(__m256 v) { return _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)); }

// With len = 1, channels are taken kNormWide at a time and rows a few at a time: within a tile
// each group of channels accumulates in registers, between tiles in small L1-resident arrays,
// so the tensor is read row after row. Tiles stay short because rows whose stride is a multiple
// of 4 KiB all fall in one L1 set: rows × arrays read must stay within its 8 ways.
inline constexpr index_t kNormWide = 256;
inline constexpr index_t kNormMomentsTile = 8;
inline constexpr index_t kNormGradTile = 4;

// Lanes [0, r) of a 4-float tail, r < 4.
DESCENT_AVX2 inline __m128i norm_quad_mask(index_t r) {
  return _mm_cmpgt_epi32(_mm_set1_epi32(static_cast<int>(r)), _mm_setr_epi32(0, 1, 2, 3));
}

// 4 floats at p widened to double (the lanes of `mask` only, others 0, when `masked`).
DESCENT_AVX2 inline __m256d norm_load_quad(const float* p, bool masked, __m128i mask) {
  return _mm256_cvtps_pd(masked ? _mm_maskload_ps(p, mask) : _mm_loadu_ps(p));
}

// Σ d and Σ d² with d = x − k over `rows` rows of 4·Q channels, added to s and q (shifted-data
// algorithm: k is the block's first row, so d is exact in double and the cancellation in
// M2 = Σ d² − (Σ d)²/n is bounded by the block's row count; Chan, Golub & LeVeque 1983). The
// difference is taken as x·1 − k on the FMA ports, which leaves the add ports to the sums.
template <int Q>
DESCENT_AVX2 inline void norm_moments_tile_f32(const float* x, index_t rows, index_t row_stride, bool masked,
                                               __m128i mask, const double* k, double* s, double* q) {
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d kv[Q], sv[Q], qv[Q];
  for (int j = 0; j < Q; ++j) {
    kv[j] = _mm256_load_pd(k + 4 * j);
    sv[j] = _mm256_load_pd(s + 4 * j);
    qv[j] = _mm256_load_pd(q + 4 * j);
  }
  // Not unrolled: unrolling spills an accumulator and puts a store-load round trip in its chain.
#pragma GCC unroll 1
  for (index_t r = 0; r < rows; ++r) {
    const float* xr = x + r * row_stride;
    for (int j = 0; j < Q; ++j) {
      const __m256d d = _mm256_fmsub_pd(norm_load_quad(xr + 4 * j, masked && j == Q - 1, mask), one, kv[j]);
      sv[j] = _mm256_add_pd(sv[j], d);
      qv[j] = _mm256_fmadd_pd(d, d, qv[j]);
    }
  }
  for (int j = 0; j < Q; ++j) {
    _mm256_store_pd(s + 4 * j, sv[j]);
    _mm256_store_pd(q + 4 * j, qv[j]);
  }
}

DESCENT_AVX2 inline void norm_moments_wide_f32(const float* x, index_t rows, index_t width, index_t row_stride,
                                               double* mean, double* m2) {
  alignas(32) double k[kNormWide], s[kNormWide], q[kNormWide];
  for (index_t i = 0; i < kNormWide; ++i) {
    k[i] = i < width ? static_cast<double>(x[i]) : 0.0;
    s[i] = q[i] = 0;
  }
  const __m128i mask = norm_quad_mask(width % 4);
  // Row 0 is the shift: its d are 0.
  for (index_t r0 = 1; r0 < rows; r0 += kNormMomentsTile) {
    const index_t tile = std::min(kNormMomentsTile, rows - r0);
    const float* xr = x + r0 * row_stride;
    // 16-channel groups, then 4, the last one masked.
    index_t c = 0;
    for (; c + 16 <= width; c += 16) {
      norm_moments_tile_f32<4>(xr + c, tile, row_stride, false, mask, k + c, s + c, q + c);
    }
    for (; c < width; c += 4) {
      norm_moments_tile_f32<1>(xr + c, tile, row_stride, c + 4 > width, mask, k + c, s + c, q + c);
    }
  }
  const double n = static_cast<double>(rows);
  for (index_t i = 0; i < width; ++i) {
    mean[i] = k[i] + s[i] / n;
    m2[i] = std::max(0.0, q[i] - s[i] * s[i] / n);
  }
}

DESCENT_AVX2 inline void norm_moments_f32(const float* x, index_t rows, index_t channels, index_t len,
                                          index_t row_stride, double* mean, double* m2) {
  if (len == 1) {
    for (index_t c0 = 0; c0 < channels; c0 += kNormWide) {
      norm_moments_wide_f32(x + c0, rows, std::min(kNormWide, channels - c0), row_stride, mean + c0, m2 + c0);
    }
    return;
  }
  // One pass per channel, shifted by the channel's first value as above.
  const double n = static_cast<double>(rows * len);
  for (index_t c = 0; c < channels; ++c) {
    const double k = static_cast<double>(x[c * len]);
    const __m256d kv = _mm256_set1_pd(k);
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0, q0 = s0, q1 = s0, q2 = s0, q3 = s0;
    double st = 0, qt = 0;
    for (index_t r = 0; r < rows; ++r) {
      const float* xr = x + r * row_stride + c * len;
      index_t l = 0;
      for (; l + 16 <= len; l += 16) {
        const __m256 f0 = _mm256_loadu_ps(xr + l), f1 = _mm256_loadu_ps(xr + l + 8);
        const __m256d d0 = _mm256_sub_pd(norm_widen_lo(f0), kv), d1 = _mm256_sub_pd(norm_widen_hi(f0), kv);
        const __m256d d2 = _mm256_sub_pd(norm_widen_lo(f1), kv), d3 = _mm256_sub_pd(norm_widen_hi(f1), kv);
        s0 = _mm256_add_pd(s0, d0);
        s1 = _mm256_add_pd(s1, d1);
        s2 = _mm256_add_pd(s2, d2);
        s3 = _mm256_add_pd(s3, d3);
        q0 = _mm256_fmadd_pd(d0, d0, q0);
        q1 = _mm256_fmadd_pd(d1, d1, q1);
        q2 = _mm256_fmadd_pd(d2, d2, q2);
        q3 = _mm256_fmadd_pd(d3, d3, q3);
      }
      for (; l < len; ++l) {
        const double d = static_cast<double>(xr[l]) - k;
        st += d;
        qt += d * d;
      }
    }
    const double sum = hsum_pd(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3))) + st;
    const double sq = hsum_pd(_mm256_add_pd(_mm256_add_pd(q0, q1), _mm256_add_pd(q2, q3))) + qt;
    mean[c] = k + sum / n;
    m2[c] = std::max(0.0, sq - sum * sum / n);
  }
}

// Σ g and Σ g·(x − m) over `rows` rows of 4·Q channels, added to a and b (in double).
template <int Q>
DESCENT_AVX2 inline void norm_grad_sums_tile_f32(const float* g, const float* x, index_t rows, index_t row_stride,
                                                 bool masked, __m128i mask, const double* m, double* a, double* b) {
  const __m256d one = _mm256_set1_pd(1.0);
  __m256d mv[Q], av[Q], bv[Q];
  for (int j = 0; j < Q; ++j) {
    mv[j] = _mm256_load_pd(m + 4 * j);
    av[j] = _mm256_load_pd(a + 4 * j);
    bv[j] = _mm256_load_pd(b + 4 * j);
  }
#pragma GCC unroll 1
  for (index_t r = 0; r < rows; ++r) {
    const float* gr = g + r * row_stride;
    const float* xr = x + r * row_stride;
    for (int j = 0; j < Q; ++j) {
      const bool tail = masked && j == Q - 1;
      const __m256d gd = norm_load_quad(gr + 4 * j, tail, mask);
      const __m256d d = _mm256_fmsub_pd(norm_load_quad(xr + 4 * j, tail, mask), one, mv[j]);
      av[j] = _mm256_add_pd(av[j], gd);
      bv[j] = _mm256_fmadd_pd(gd, d, bv[j]);
    }
  }
  for (int j = 0; j < Q; ++j) {
    _mm256_store_pd(a + 4 * j, av[j]);
    _mm256_store_pd(b + 4 * j, bv[j]);
  }
}

DESCENT_AVX2 inline void norm_grad_sums_wide_f32(const float* g, const float* x, index_t rows, index_t width,
                                                 index_t row_stride, const float* center, double* sum_g,
                                                 double* sum_gx) {
  alignas(32) double m[kNormWide], a[kNormWide], b[kNormWide];
  for (index_t i = 0; i < kNormWide; ++i) {
    m[i] = i < width ? static_cast<double>(center[i]) : 0.0;
    a[i] = b[i] = 0;
  }
  const __m128i mask = norm_quad_mask(width % 4);
  for (index_t r0 = 0; r0 < rows; r0 += kNormGradTile) {
    const index_t tile = std::min(kNormGradTile, rows - r0);
    const index_t at = r0 * row_stride;
    // 8-channel groups, then 4, the last one masked.
    index_t c = 0;
    for (; c + 8 <= width; c += 8) {
      norm_grad_sums_tile_f32<2>(g + at + c, x + at + c, tile, row_stride, false, mask, m + c, a + c, b + c);
    }
    for (; c < width; c += 4) {
      norm_grad_sums_tile_f32<1>(g + at + c, x + at + c, tile, row_stride, c + 4 > width, mask, m + c, a + c, b + c);
    }
  }
  for (index_t i = 0; i < width; ++i) {
    sum_g[i] = a[i];
    sum_gx[i] = b[i];
  }
}

DESCENT_AVX2 inline void norm_grad_sums_f32(const float* g, const float* x, index_t rows, index_t channels,
                                            index_t len, index_t row_stride, const float* center, double* sum_g,
                                            double* sum_gx) {
  if (len == 1) {
    for (index_t c0 = 0; c0 < channels; c0 += kNormWide) {
      norm_grad_sums_wide_f32(g + c0, x + c0, rows, std::min(kNormWide, channels - c0), row_stride, center + c0,
                              sum_g + c0, sum_gx + c0);
    }
    return;
  }
  for (index_t c = 0; c < channels; ++c) {
    const double m = static_cast<double>(center[c]);
    const __m256d mv = _mm256_set1_pd(m);
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    double at = 0, bt = 0;
    for (index_t r = 0; r < rows; ++r) {
      const float* gr = g + r * row_stride + c * len;
      const float* xr = x + r * row_stride + c * len;
      index_t l = 0;
      for (; l + 16 <= len; l += 16) {
        const __m256 gf0 = _mm256_loadu_ps(gr + l), gf1 = _mm256_loadu_ps(gr + l + 8);
        const __m256 xf0 = _mm256_loadu_ps(xr + l), xf1 = _mm256_loadu_ps(xr + l + 8);
        const __m256d g0 = norm_widen_lo(gf0), g1 = norm_widen_hi(gf0), g2 = norm_widen_lo(gf1), g3 = norm_widen_hi(gf1);
        a0 = _mm256_add_pd(a0, g0);
        a1 = _mm256_add_pd(a1, g1);
        a2 = _mm256_add_pd(a2, g2);
        a3 = _mm256_add_pd(a3, g3);
        b0 = _mm256_fmadd_pd(g0, _mm256_sub_pd(norm_widen_lo(xf0), mv), b0);
        b1 = _mm256_fmadd_pd(g1, _mm256_sub_pd(norm_widen_hi(xf0), mv), b1);
        b2 = _mm256_fmadd_pd(g2, _mm256_sub_pd(norm_widen_lo(xf1), mv), b2);
        b3 = _mm256_fmadd_pd(g3, _mm256_sub_pd(norm_widen_hi(xf1), mv), b3);
      }
      for (; l < len; ++l) {
        const double gl = static_cast<double>(gr[l]);
        at += gl;
        bt += gl * (static_cast<double>(xr[l]) - m);
      }
    }
    sum_g[c] = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3))) + at;
    sum_gx[c] = hsum_pd(_mm256_add_pd(_mm256_add_pd(b0, b1), _mm256_add_pd(b2, b3))) + bt;
  }
}

// y = (x − center)·scale + shift, one fused multiply-add per 8 elements.
DESCENT_AVX2 inline void norm_affine_f32(const float* x, float* y, index_t rows, index_t channels, index_t len,
                                         index_t row_stride, const float* center, const float* scale,
                                         const float* shift) {
  for (index_t r = 0; r < rows; ++r) {
    if (len == 1) {
      const float* xr = x + r * row_stride;
      float* yr = y + r * row_stride;
      index_t c = 0;
      for (; c + 8 <= channels; c += 8) {
        const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(xr + c), _mm256_loadu_ps(center + c));
        _mm256_storeu_ps(yr + c, _mm256_fmadd_ps(d, _mm256_loadu_ps(scale + c), _mm256_loadu_ps(shift + c)));
      }
      if (c < channels) {
        const __m256i mask = tail_mask(channels - c);
        const __m256 d = _mm256_sub_ps(_mm256_maskload_ps(xr + c, mask), _mm256_maskload_ps(center + c, mask));
        _mm256_maskstore_ps(yr + c, mask,
                            _mm256_fmadd_ps(d, _mm256_maskload_ps(scale + c, mask), _mm256_maskload_ps(shift + c, mask)));
      }
      continue;
    }
    for (index_t c = 0; c < channels; ++c) {
      const float* xr = x + r * row_stride + c * len;
      float* yr = y + r * row_stride + c * len;
      const __m256 m = _mm256_set1_ps(center[c]), s = _mm256_set1_ps(scale[c]), b = _mm256_set1_ps(shift[c]);
      index_t l = 0;
      for (; l + 8 <= len; l += 8) {
        _mm256_storeu_ps(yr + l, _mm256_fmadd_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + l), m), s, b));
      }
      if (l < len) {
        const __m256i mask = tail_mask(len - l);
        _mm256_maskstore_ps(yr + l, mask, _mm256_fmadd_ps(_mm256_sub_ps(_mm256_maskload_ps(xr + l, mask), m), s, b));
      }
    }
  }
}

// dx = a·(e·g + (b·(x − center) + c)); e·g is rounded on its own (as in the generic loop) so
// exact cancellation stays exact. Without e (HasE = false) it is 1.
template <bool HasE>
DESCENT_AVX2 inline __m256 norm_input_grad_ps(__m256 g, __m256 x, __m256 m, __m256 a, __m256 e, __m256 b, __m256 c) {
  const __m256 t = _mm256_fmadd_ps(b, _mm256_sub_ps(x, m), c);
  return _mm256_mul_ps(a, _mm256_add_ps(HasE ? _mm256_mul_ps(e, g) : g, t));
}

template <bool HasE>
DESCENT_AVX2 inline void norm_input_grad_rows_f32(const float* g, const float* x, float* dx, index_t rows,
                                                  index_t channels, index_t len, index_t row_stride,
                                                  const float* center, const float* a, const float* e, const float* b,
                                                  const float* c) {
  const __m256 one = _mm256_set1_ps(1.0f);
  for (index_t r = 0; r < rows; ++r) {
    if (len == 1) {
      const float* gr = g + r * row_stride;
      const float* xr = x + r * row_stride;
      float* dr = dx + r * row_stride;
      index_t i = 0;
      for (; i + 8 <= channels; i += 8) {
        const __m256 ev = HasE ? _mm256_loadu_ps(e + i) : one;
        _mm256_storeu_ps(dr + i, norm_input_grad_ps<HasE>(_mm256_loadu_ps(gr + i), _mm256_loadu_ps(xr + i),
                                                          _mm256_loadu_ps(center + i), _mm256_loadu_ps(a + i), ev,
                                                          _mm256_loadu_ps(b + i), _mm256_loadu_ps(c + i)));
      }
      if (i < channels) {
        const __m256i mask = tail_mask(channels - i);
        const __m256 ev = HasE ? _mm256_maskload_ps(e + i, mask) : one;
        _mm256_maskstore_ps(dr + i, mask,
                            norm_input_grad_ps<HasE>(_mm256_maskload_ps(gr + i, mask), _mm256_maskload_ps(xr + i, mask),
                                                     _mm256_maskload_ps(center + i, mask),
                                                     _mm256_maskload_ps(a + i, mask), ev,
                                                     _mm256_maskload_ps(b + i, mask), _mm256_maskload_ps(c + i, mask)));
      }
      continue;
    }
    for (index_t i = 0; i < channels; ++i) {
      const float* gr = g + r * row_stride + i * len;
      const float* xr = x + r * row_stride + i * len;
      float* dr = dx + r * row_stride + i * len;
      const __m256 m = _mm256_set1_ps(center[i]), av = _mm256_set1_ps(a[i]), ev = HasE ? _mm256_set1_ps(e[i]) : one,
                   bv = _mm256_set1_ps(b[i]), cv = _mm256_set1_ps(c[i]);
      index_t l = 0;
      for (; l + 8 <= len; l += 8) {
        _mm256_storeu_ps(dr + l, norm_input_grad_ps<HasE>(_mm256_loadu_ps(gr + l), _mm256_loadu_ps(xr + l), m, av, ev,
                                                          bv, cv));
      }
      if (l < len) {
        const __m256i mask = tail_mask(len - l);
        _mm256_maskstore_ps(dr + l, mask,
                            norm_input_grad_ps<HasE>(_mm256_maskload_ps(gr + l, mask), _mm256_maskload_ps(xr + l, mask),
                                                     m, av, ev, bv, cv));
      }
    }
  }
}

DESCENT_AVX2 inline void norm_input_grad_f32(const float* g, const float* x, float* dx, index_t rows,
                                             index_t channels, index_t len, index_t row_stride, const float* center,
                                             const float* a, const float* e, const float* b, const float* c) {
  if (e != nullptr) {
    norm_input_grad_rows_f32<true>(g, x, dx, rows, channels, len, row_stride, center, a, e, b, c);
  } else {
    norm_input_grad_rows_f32<false>(g, x, dx, rows, channels, len, row_stride, center, a, e, b, c);
  }
}

}  // namespace descent::kernels::avx2
