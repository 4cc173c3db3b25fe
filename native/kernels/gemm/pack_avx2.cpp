// Packing for the AVX2 gemm. Packing copies op(A) and op(B) into the micro-panel order the
// micro-kernel streams (gemm_kernels.h). Two of the four cases are plain row copies (B as stored,
// Aᵀ); the other two gather across rows, which float32 does with 8x8 register transposes.
// float64 uses plain loops (correctness target only).
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "gemm/pack_avx2.h"
#include "gemm/pack_generic.h"

#include <immintrin.h>

namespace descent::kernels::avx2 {
namespace {

constexpr index_t kMr = 6;
constexpr index_t kNrFloat = 16;
constexpr index_t kNrDouble = 8;

// In place: row q of the result is column q of the input (r[q][j] <- r[j][q]).
DESCENT_AVX2 DESCENT_ALWAYS_INLINE void transpose_8x8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

DESCENT_AVX2 DESCENT_ALWAYS_INLINE __m256i first_lanes(index_t live) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(live)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// A as stored (mc x kc): each micro-panel gathers 6 rows. Eight columns at a time: the 6 rows
// (and 2 zero rows) are transposed so that vector q holds column p+q; its 8-wide store spills 2
// zeros into the next column's slot, which the next store overwrites.
DESCENT_AVX2 void pack_a_rows(index_t mc, index_t kc, const float* __restrict a, index_t lda,
                              float* __restrict packed) {
  for (index_t i0 = 0; i0 < mc; i0 += kMr, packed += kMr * kc) {
    const index_t live = mc - i0 < kMr ? mc - i0 : kMr;
    const float* row[kMr];
    for (index_t i = 0; i < kMr; ++i) row[i] = a + (i0 + (i < live ? i : 0)) * lda;
    index_t p = 0;
    for (; p + 8 <= kc; p += 8) {
      __m256 r[8];
      for (index_t i = 0; i < kMr; ++i) r[i] = i < live ? _mm256_loadu_ps(row[i] + p) : _mm256_setzero_ps();
      r[6] = _mm256_setzero_ps();
      r[7] = _mm256_setzero_ps();
      transpose_8x8(r);
      float* dst = packed + p * kMr;
      for (int q = 0; q < 7; ++q) _mm256_storeu_ps(dst + q * kMr, r[q]);
      // The last column stores exactly 6 values (a masked store is slow on AMD cores).
      _mm_storeu_ps(dst + 7 * kMr, _mm256_castps256_ps128(r[7]));
      _mm_storel_pi(reinterpret_cast<__m64*>(dst + 7 * kMr + 4), _mm256_extractf128_ps(r[7], 1));
    }
    for (; p < kc; ++p) {
      float* dst = packed + p * kMr;
      for (index_t i = 0; i < kMr; ++i) dst[i] = i < live ? row[i][p] : 0.0f;
    }
  }
}

// Aᵀ stored (kc x mc): each column of a micro-panel is 6 consecutive values of a row. Rows
// outermost, so Aᵀ is read sequentially; walking one micro-panel at a time would re-read each
// cache line for every panel, and a power-of-two row stride keeps few of them in L1.
DESCENT_AVX2 void pack_a_columns(index_t mc, index_t kc, const float* __restrict a, index_t lda,
                                 float* __restrict packed) {
  const index_t full = mc / kMr * kMr;
  for (index_t p = 0; p < kc; ++p) {
    const float* src = a + p * lda;
    float* dst = packed + p * kMr;
    for (index_t i0 = 0; i0 < full; i0 += kMr, dst += kMr * kc) {
      _mm_storeu_ps(dst, _mm_loadu_ps(src + i0));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 4),
                       _mm_loadl_epi64(reinterpret_cast<const __m128i*>(src + i0 + 4)));
    }
  }
  if (full < mc) {
    const index_t live = mc - full;
    float* dst = packed + full * kc;
    for (index_t p = 0; p < kc; ++p) {
      for (index_t i = 0; i < kMr; ++i) dst[p * kMr + i] = i < live ? a[p * lda + full + i] : 0.0f;
    }
  }
}

// B as stored (kc x nc): each row of a micro-panel is 16 consecutive values of a row of B. Rows
// outermost, so B is read sequentially (twice as fast as walking down 16-column strips).
DESCENT_AVX2 void pack_b_rows(index_t kc, index_t nc, const float* __restrict b, index_t ldb,
                              float* __restrict packed) {
  const index_t full = nc / kNrFloat * kNrFloat;
  for (index_t p = 0; p < kc; ++p) {
    const float* src = b + p * ldb;
    float* dst = packed + p * kNrFloat;
    for (index_t j0 = 0; j0 < full; j0 += kNrFloat, dst += kNrFloat * kc) {
      _mm256_store_ps(dst, _mm256_loadu_ps(src + j0));
      _mm256_store_ps(dst + 8, _mm256_loadu_ps(src + j0 + 8));
    }
  }
  if (full < nc) {
    const index_t live = nc - full;
    const __m256i lo = first_lanes(live), hi = first_lanes(live - 8);
    const float* src = b + full;
    float* dst = packed + full * kc;
    for (index_t p = 0; p < kc; ++p) {
      _mm256_store_ps(dst + p * kNrFloat, _mm256_maskload_ps(src + p * ldb, lo));
      _mm256_store_ps(dst + p * kNrFloat + 8, _mm256_maskload_ps(src + p * ldb + 8, hi));
    }
  }
}

// Bᵀ stored (nc x kc): each micro-panel gathers 16 rows, as two 8x8 transposes per 8 columns.
DESCENT_AVX2 void pack_b_columns(index_t kc, index_t nc, const float* __restrict b, index_t ldb,
                                 float* __restrict packed) {
  for (index_t j0 = 0; j0 < nc; j0 += kNrFloat, packed += kNrFloat * kc) {
    const index_t live = nc - j0 < kNrFloat ? nc - j0 : kNrFloat;
    const float* row[kNrFloat];
    for (index_t j = 0; j < kNrFloat; ++j) row[j] = b + (j0 + (j < live ? j : 0)) * ldb;
    index_t p = 0;
    for (; p + 8 <= kc; p += 8) {
      float* dst = packed + p * kNrFloat;
      for (index_t half = 0; half < 2; ++half) {
        __m256 r[8];
        for (index_t j = 0; j < 8; ++j) {
          r[j] = half * 8 + j < live ? _mm256_loadu_ps(row[half * 8 + j] + p) : _mm256_setzero_ps();
        }
        transpose_8x8(r);
        for (int q = 0; q < 8; ++q) _mm256_store_ps(dst + q * kNrFloat + half * 8, r[q]);
      }
    }
    for (; p < kc; ++p) {
      float* dst = packed + p * kNrFloat;
      for (index_t j = 0; j < kNrFloat; ++j) dst[j] = j < live ? row[j][p] : 0.0f;
    }
  }
}

}  // namespace

DESCENT_AVX2 void pack_a(bool trans, index_t mc, index_t kc, const float* a, index_t lda, float* packed) {
  if (trans) {
    pack_a_columns(mc, kc, a, lda, packed);
  } else {
    pack_a_rows(mc, kc, a, lda, packed);
  }
}

DESCENT_AVX2 void pack_b(bool trans, index_t kc, index_t nc, const float* b, index_t ldb, float* packed) {
  if (trans) {
    pack_b_columns(kc, nc, b, ldb, packed);
  } else {
    pack_b_rows(kc, nc, b, ldb, packed);
  }
}

DESCENT_AVX2 void pack_a(bool trans, index_t mc, index_t kc, const double* a, index_t lda, double* packed) {
  pack_panels(trans, mc, kc, a, lda, kMr, packed);
}

// Packing op(B) is packing op(B)ᵀ, which is B stored nc x kc when trans.
DESCENT_AVX2 void pack_b(bool trans, index_t kc, index_t nc, const double* b, index_t ldb, double* packed) {
  pack_panels(!trans, nc, kc, b, ldb, kNrDouble, packed);
}

}  // namespace descent::kernels::avx2
