#include "peak/fma_peak.h"

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <mutex>

#include "common/isa.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace avx2 {
namespace {

constexpr int kChains = 12;
constexpr long kFmaPerRound = 1000;  // per chain

// kChains x 8 lanes x kFmaPerRound x rounds multiply-adds: acc ← acc·m + d with m < 1, which
// converges to d/(1 − m), so values never overflow or turn subnormal (slow on some cores). In
// assembly so that the accumulators stay in registers and the count is exact.
DESCENT_AVX2 double fma_rounds(long rounds) {
  const __m256 m = _mm256_set1_ps(0.999f), d = _mm256_set1_ps(0.001f);
  __m256 c0 = _mm256_set1_ps(0.0f), c1 = _mm256_set1_ps(1.0f), c2 = _mm256_set1_ps(2.0f);
  __m256 c3 = _mm256_set1_ps(3.0f), c4 = _mm256_set1_ps(4.0f), c5 = _mm256_set1_ps(5.0f);
  __m256 c6 = _mm256_set1_ps(6.0f), c7 = _mm256_set1_ps(7.0f), c8 = _mm256_set1_ps(8.0f);
  __m256 c9 = _mm256_set1_ps(9.0f), c10 = _mm256_set1_ps(10.0f), c11 = _mm256_set1_ps(11.0f);
  long count = rounds * kFmaPerRound;
  if (count > 0) {
    __asm__ volatile(
        ".p2align 5\n"
        "1:\n\t"
        "vfmadd132ps %[m], %[d], %[c0]\n\t"
        "vfmadd132ps %[m], %[d], %[c1]\n\t"
        "vfmadd132ps %[m], %[d], %[c2]\n\t"
        "vfmadd132ps %[m], %[d], %[c3]\n\t"
        "vfmadd132ps %[m], %[d], %[c4]\n\t"
        "vfmadd132ps %[m], %[d], %[c5]\n\t"
        "vfmadd132ps %[m], %[d], %[c6]\n\t"
        "vfmadd132ps %[m], %[d], %[c7]\n\t"
        "vfmadd132ps %[m], %[d], %[c8]\n\t"
        "vfmadd132ps %[m], %[d], %[c9]\n\t"
        "vfmadd132ps %[m], %[d], %[c10]\n\t"
        "vfmadd132ps %[m], %[d], %[c11]\n\t"
        "dec %[count]\n\t"
        "jnz 1b\n\t"
        : [c0] "+x"(c0), [c1] "+x"(c1), [c2] "+x"(c2), [c3] "+x"(c3), [c4] "+x"(c4), [c5] "+x"(c5),
          [c6] "+x"(c6), [c7] "+x"(c7), [c8] "+x"(c8), [c9] "+x"(c9), [c10] "+x"(c10), [c11] "+x"(c11),
          [count] "+r"(count)
        : [m] "x"(m), [d] "x"(d)
        : "cc");
  }
  const __m256 sum = _mm256_add_ps(
      _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)),
                    _mm256_add_ps(_mm256_add_ps(c4, c5), _mm256_add_ps(c6, c7))),
      _mm256_add_ps(_mm256_add_ps(c8, c9), _mm256_add_ps(c10, c11)));
  return _mm256_cvtss_f32(sum);
}

}  // namespace
}  // namespace avx2


double measure_fma_peak_gflops(int threads, double seconds) {
  if (!cpu_supports_avx2_fma()) return 0.0;
  using Clock = std::chrono::steady_clock;
  threads = std::max(threads, 1);
  seconds = std::max(seconds, 0.001);
  std::mutex mutex;
  double rate = 0.0;  // Σ over members of FMA rounds per second
  run_team(threads, [&](const Team& team) {
    volatile double sink = 0.0;
    // Calibrate a slice of ~1 ms so the clock is read rarely.
    long slice = 1;
    for (;;) {
      const auto t0 = Clock::now();
      sink = sink + avx2::fma_rounds(slice);
      if (std::chrono::duration<double>(Clock::now() - t0).count() > 1e-3 || slice > (1L << 24)) break;
      slice *= 2;
    }
    team.barrier();
    const auto start = Clock::now();
    long rounds = 0;
    double elapsed = 0.0;
    while (elapsed < seconds) {
      sink = sink + avx2::fma_rounds(slice);
      rounds += slice;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    std::lock_guard<std::mutex> lock(mutex);
    rate += static_cast<double>(rounds) / elapsed;
  });
  const double fma_lanes_per_round = avx2::kChains * 8.0 * avx2::kFmaPerRound;
  return 2.0 * rate * fma_lanes_per_round / 1e9;
}

}  // namespace descent::kernels
