// AVX2+FMA gemm: the 6 x 2-vector register tile (6x16 for float32, 6x8 for float64) and the
// cache blocks of this instruction set, registered in one place (gemm_kernels()).
//
// Micro-kernel (Van Zee & van de Geijn, BLIS, 2015; the Haswell 6x16 shape): 12 accumulators of
// C in ymm registers; per k step two aligned loads of packed B, six broadcasts of packed A and
// twelve FMAs, so the 16-register file holds 12 accumulators, 2 B vectors and 2 broadcasts.
// Two FMA pipes of latency 4 need 8 independent chains; 12 leave room for the loads. Edge tiles
// of 1-2 or 3-4 rows run a loop over only those rows (4 and 8 chains), so a short m does not pay
// for six. Every element is one FMA chain over k in order from zero whatever the tile shape, so
// where tiles fall never changes a result.
#include <immintrin.h>

#include "gemm/gemm.h"
#include "gemm/pack_avx2.h"

namespace descent::kernels::avx2 {
namespace {

constexpr index_t kMr = 6;

template <class T> struct Simd;

template <> struct Simd<float> {
  using V = __m256;
  using Mask = __m256i;
  static constexpr index_t kLanes = 8;
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V set1(float x) { return _mm256_set1_ps(x); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V loadu(const float* p) { return _mm256_loadu_ps(p); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE void storeu(float* p, V v) { _mm256_storeu_ps(p, v); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  // Lanes [0, live) on.
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE Mask first(index_t live) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(live)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V maskload(const float* p, Mask m) { return _mm256_maskload_ps(p, m); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE void store(float* p, V v) { _mm256_store_ps(p, v); }
};

template <> struct Simd<double> {
  using V = __m256d;
  using Mask = __m256i;
  static constexpr index_t kLanes = 4;
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V set1(double x) { return _mm256_set1_pd(x); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V loadu(const double* p) { return _mm256_loadu_pd(p); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE void storeu(double* p, V v) { _mm256_storeu_pd(p, v); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V fmadd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE Mask first(index_t live) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(live), _mm256_setr_epi64x(0, 1, 2, 3));
  }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE V maskload(const double* p, Mask m) { return _mm256_maskload_pd(p, m); }
  DESCENT_AVX2 static DESCENT_ALWAYS_INLINE void store(double* p, V v) { _mm256_store_pd(p, v); }
};

// c = t (beta == 0, c not read) or beta·c + t, on the first `live` lanes (all when live >= lanes).
template <class T>
DESCENT_AVX2 DESCENT_ALWAYS_INLINE void update(T* c, typename Simd<T>::V t, typename Simd<T>::V vbeta, bool read_c,
                                               index_t live) {
  using S = Simd<T>;
  if (live >= S::kLanes) {
    S::storeu(c, read_c ? S::fmadd(vbeta, S::loadu(c), t) : t);
  } else if (live > 0) {
    // Masked load (cheap), but no masked store: it is microcoded and slow on AMD cores.
    const typename S::Mask mask = S::first(live);
    alignas(32) T lanes[S::kLanes];
    S::store(lanes, read_c ? S::fmadd(vbeta, S::maskload(c, mask), t) : t);
    for (index_t j = 0; j < live; ++j) c[j] = lanes[j];
  }
}

// Assembly pieces of one k step, AT&T syntax. SFX is "ps" or "pd", BC the broadcast suffix ("ss"
// or "sd"); offsets are bytes. LOAD_B: the two vectors of B̃'s row. ROWS: broadcast Ã[I] and Ã[J]
// and update rows I and J (c_ij += a_i·b_j).
#define DESCENT_GEMM_LOAD_B(SFX, B0, B1)       \
  "vmova" SFX " " #B0 "(%[b]), %[b0]\n\t"      \
  "vmova" SFX " " #B1 "(%[b]), %[b1]\n\t"
#define DESCENT_GEMM_ROWS(SFX, BC, AI, AJ, I, J)               \
  "vbroadcast" BC " " #AI "(%[a]), %[a0]\n\t"                  \
  "vbroadcast" BC " " #AJ "(%[a]), %[a1]\n\t"                  \
  "vfmadd231" SFX " %[b0], %[a0], %[c" #I "0]\n\t"             \
  "vfmadd231" SFX " %[b1], %[a0], %[c" #I "1]\n\t"             \
  "vfmadd231" SFX " %[b0], %[a1], %[c" #J "0]\n\t"             \
  "vfmadd231" SFX " %[b1], %[a1], %[c" #J "1]\n\t"
// Step p of a tile of 6, 4 or 2 rows (A0 = byte offset of Ã[p·6], E = element size).
#define DESCENT_GEMM_STEP6(SFX, BC, B0, B1, A0, E)                                       \
  DESCENT_GEMM_LOAD_B(SFX, B0, B1)                                                       \
  DESCENT_GEMM_ROWS(SFX, BC, A0, A0 + E, 0, 1)                                           \
  DESCENT_GEMM_ROWS(SFX, BC, A0 + 2 * E, A0 + 3 * E, 2, 3)                               \
  DESCENT_GEMM_ROWS(SFX, BC, A0 + 4 * E, A0 + 5 * E, 4, 5)
#define DESCENT_GEMM_STEP4(SFX, BC, B0, B1, A0, E) \
  DESCENT_GEMM_LOAD_B(SFX, B0, B1)                 \
  DESCENT_GEMM_ROWS(SFX, BC, A0, A0 + E, 0, 1)     \
  DESCENT_GEMM_ROWS(SFX, BC, A0 + 2 * E, A0 + 3 * E, 2, 3)
#define DESCENT_GEMM_STEP2(SFX, BC, B0, B1, A0, E) \
  DESCENT_GEMM_LOAD_B(SFX, B0, B1)                 \
  DESCENT_GEMM_ROWS(SFX, BC, A0, A0 + E, 0, 1)

// The k loop, unrolled by 4, accumulators zeroed first (all twelve, whatever rows the step
// updates). Assembly because the compiler's register allocation of the unrolled loop spills
// accumulators to the stack. Ã advances 6 elements and B̃ 64 bytes per step.
#define DESCENT_GEMM_LOOP(STEP, SFX, BC, ZERO, E)                                                 \
  __asm__ volatile(                                                                               \
      ZERO " %[c00], %[c00], %[c00]\n\t" ZERO " %[c01], %[c01], %[c01]\n\t"                       \
      ZERO " %[c10], %[c10], %[c10]\n\t" ZERO " %[c11], %[c11], %[c11]\n\t"                       \
      ZERO " %[c20], %[c20], %[c20]\n\t" ZERO " %[c21], %[c21], %[c21]\n\t"                       \
      ZERO " %[c30], %[c30], %[c30]\n\t" ZERO " %[c31], %[c31], %[c31]\n\t"                       \
      ZERO " %[c40], %[c40], %[c40]\n\t" ZERO " %[c41], %[c41], %[c41]\n\t"                       \
      ZERO " %[c50], %[c50], %[c50]\n\t" ZERO " %[c51], %[c51], %[c51]\n\t"                       \
      "test %[k4], %[k4]\n\t"                                                                     \
      "jz 2f\n\t"                                                                                 \
      ".p2align 5\n"                                                                              \
      "1:\n\t"                                                                                    \
      STEP(SFX, BC, 0, 32, 0, E)                                                                  \
      STEP(SFX, BC, 64, 96, 6 * E, E)                                                             \
      STEP(SFX, BC, 128, 160, 12 * E, E)                                                          \
      STEP(SFX, BC, 192, 224, 18 * E, E)                                                          \
      "add $24 * " #E ", %[a]\n\t"                                                                \
      "add $256, %[b]\n\t"                                                                        \
      "dec %[k4]\n\t"                                                                             \
      "jnz 1b\n"                                                                                  \
      "2:\n\t"                                                                                    \
      "test %[k1], %[k1]\n\t"                                                                     \
      "jz 4f\n"                                                                                   \
      "3:\n\t"                                                                                    \
      STEP(SFX, BC, 0, 32, 0, E)                                                                  \
      "add $6 * " #E ", %[a]\n\t"                                                                 \
      "add $64, %[b]\n\t"                                                                         \
      "dec %[k1]\n\t"                                                                             \
      "jnz 3b\n"                                                                                  \
      "4:\n\t"                                                                                    \
      : [c00] "=&x"(c00), [c01] "=&x"(c01), [c10] "=&x"(c10), [c11] "=&x"(c11), [c20] "=&x"(c20), \
        [c21] "=&x"(c21), [c30] "=&x"(c30), [c31] "=&x"(c31), [c40] "=&x"(c40), [c41] "=&x"(c41),  \
        [c50] "=&x"(c50), [c51] "=&x"(c51), [b0] "=&x"(b0), [b1] "=&x"(b1), [a0] "=&x"(a0),         \
        [a1] "=&x"(a1), [a] "+r"(a), [b] "+r"(b), [k4] "+r"(k4), [k1] "+r"(k1)                     \
      :                                                                                           \
      : "cc", "memory")

// Accumulates Ã·B̃ over k steps into the accumulators of the first `Rows` rows (row i, vector
// j in cij; the others stay zero). Fewer rows make the edge tiles of a short m cheaper.
template <class T> struct TileLoop;

#define DESCENT_GEMM_TILE_LOOP(T, V, SFX, BC, ZERO, E)                                                    \
  template <> struct TileLoop<T> {                                                                        \
    template <int Rows>                                                                                   \
    DESCENT_AVX2 static DESCENT_ALWAYS_INLINE void run(index_t k, const T* a, const T* b, V& c00, V& c01, \
                                                       V& c10, V& c11, V& c20, V& c21, V& c30, V& c31,   \
                                                       V& c40, V& c41, V& c50, V& c51) {                  \
      V b0, b1, a0, a1;                                                                                   \
      index_t k4 = k / 4, k1 = k % 4;                                                                     \
      if constexpr (Rows == 6) {                                                                          \
        DESCENT_GEMM_LOOP(DESCENT_GEMM_STEP6, SFX, BC, ZERO, E);                                          \
      } else if constexpr (Rows == 4) {                                                                   \
        DESCENT_GEMM_LOOP(DESCENT_GEMM_STEP4, SFX, BC, ZERO, E);                                          \
      } else {                                                                                            \
        static_assert(Rows == 2);                                                                         \
        DESCENT_GEMM_LOOP(DESCENT_GEMM_STEP2, SFX, BC, ZERO, E);                                          \
      }                                                                                                   \
    }                                                                                                     \
  };
DESCENT_GEMM_TILE_LOOP(float, __m256, "ps", "ss", "vxorps", 4)
DESCENT_GEMM_TILE_LOOP(double, __m256d, "pd", "sd", "vxorpd", 8)

#undef DESCENT_GEMM_TILE_LOOP
#undef DESCENT_GEMM_LOOP
#undef DESCENT_GEMM_STEP2
#undef DESCENT_GEMM_STEP4
#undef DESCENT_GEMM_STEP6
#undef DESCENT_GEMM_ROWS
#undef DESCENT_GEMM_LOAD_B

template <class T>
DESCENT_AVX2 void microkernel_6x2v(index_t m, index_t n, index_t k, const T* __restrict a, const T* __restrict b,
                                   T* __restrict c, index_t ldc, T alpha, T beta) {
  using S = Simd<T>;
  using V = typename S::V;
  constexpr index_t L = S::kLanes;

  // Bring the C tile toward L1 while the k loop runs.
  for (index_t i = 0; i < m; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 2 * L - 1), _MM_HINT_T0);
  }
  V c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
  if (m > 4) {
    TileLoop<T>::template run<6>(k, a, b, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
  } else if (m > 2) {
    TileLoop<T>::template run<4>(k, a, b, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
  } else {
    TileLoop<T>::template run<2>(k, a, b, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
  }

  // t = alpha·Σ (skipped when alpha == 1: the same bits), then c = t or beta·c + t.
  if (alpha != T(1)) {
    const V va = S::set1(alpha);
    c00 = S::mul(va, c00), c01 = S::mul(va, c01), c10 = S::mul(va, c10), c11 = S::mul(va, c11);
    c20 = S::mul(va, c20), c21 = S::mul(va, c21), c30 = S::mul(va, c30), c31 = S::mul(va, c31);
    c40 = S::mul(va, c40), c41 = S::mul(va, c41), c50 = S::mul(va, c50), c51 = S::mul(va, c51);
  }
  const V vbeta = S::set1(beta);
  const bool read_c = beta != T(0);
  if (m == kMr && n == 2 * L) {
    T* c0 = c;
    T* c1 = c0 + ldc;
    T* c2 = c1 + ldc;
    T* c3 = c2 + ldc;
    T* c4 = c3 + ldc;
    T* c5 = c4 + ldc;
    if (read_c) {
      S::storeu(c0, S::fmadd(vbeta, S::loadu(c0), c00)), S::storeu(c0 + L, S::fmadd(vbeta, S::loadu(c0 + L), c01));
      S::storeu(c1, S::fmadd(vbeta, S::loadu(c1), c10)), S::storeu(c1 + L, S::fmadd(vbeta, S::loadu(c1 + L), c11));
      S::storeu(c2, S::fmadd(vbeta, S::loadu(c2), c20)), S::storeu(c2 + L, S::fmadd(vbeta, S::loadu(c2 + L), c21));
      S::storeu(c3, S::fmadd(vbeta, S::loadu(c3), c30)), S::storeu(c3 + L, S::fmadd(vbeta, S::loadu(c3 + L), c31));
      S::storeu(c4, S::fmadd(vbeta, S::loadu(c4), c40)), S::storeu(c4 + L, S::fmadd(vbeta, S::loadu(c4 + L), c41));
      S::storeu(c5, S::fmadd(vbeta, S::loadu(c5), c50)), S::storeu(c5 + L, S::fmadd(vbeta, S::loadu(c5 + L), c51));
    } else {
      S::storeu(c0, c00), S::storeu(c0 + L, c01), S::storeu(c1, c10), S::storeu(c1 + L, c11);
      S::storeu(c2, c20), S::storeu(c2 + L, c21), S::storeu(c3, c30), S::storeu(c3 + L, c31);
      S::storeu(c4, c40), S::storeu(c4 + L, c41), S::storeu(c5, c50), S::storeu(c5 + L, c51);
    }
    return;
  }
  const V t[kMr][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (index_t i = 0; i < m; ++i) {
    update<T>(c + i * ldc, t[i][0], vbeta, read_c, n);
    update<T>(c + i * ldc + L, t[i][1], vbeta, read_c, n - L);
  }
}

template <class T> GemmKernels<T> register_kernels(index_t mc, index_t kc, index_t nc) {
  GemmKernels<T> k;
  k.mr = kMr;
  k.nr = 2 * Simd<T>::kLanes;
  k.mc = mc;
  k.kc = kc;
  k.nc = nc;
  k.microkernel = &microkernel_6x2v<T>;
  k.pack_a = pack_a;
  k.pack_b = pack_b;
  return k;
}

}  // namespace

// Blocks for Zen 2/3 and Haswell-class cores (32 KiB L1d, 512 KiB+ L2): a KC x NR micro-panel
// of B (16 KiB float32) fits L1 beside the streaming A micro-panel; an MC x KC block of A
// (144 KiB) fits L2; the KC x NC panel of B lives in L3.
GemmKernelSet gemm_kernels() {
  return {register_kernels<float>(144, 256, 4080), register_kernels<double>(72, 256, 4080)};
}

}  // namespace descent::kernels::avx2
