// Instruction-set plumbing shared by every kernel.
//
// Code for one instruction set lives in its own namespace (descent::kernels::scalar,
// descent::kernels::avx2). Functions in the AVX2 namespace carry DESCENT_AVX2 (a per-function
// target attribute) so the translation unit itself is compiled with baseline flags and the
// linker can never fold an AVX2 instantiation into the scalar path.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__GNUC__) || defined(__clang__)
#define DESCENT_AVX2 __attribute__((target("avx2,fma")))
#define DESCENT_ALWAYS_INLINE inline __attribute__((always_inline))
#define DESCENT_RESTRICT __restrict__
#else
#error "descent needs GCC or Clang"
#endif

#if defined(__x86_64__) || defined(_M_X64)
#define DESCENT_X86_64 1
#else
#define DESCENT_X86_64 0
#endif

namespace descent::kernels {

using index_t = std::int64_t;

// Alignment of packed gemm panels and scratch buffers (one cache line).
inline constexpr std::size_t kCacheLine = 64;

// Whether this CPU runs AVX2 and FMA instructions (dispatch/ selects its table by it; the FMA
// peak measures nothing without them).
inline bool cpu_supports_avx2_fma() {
#if DESCENT_X86_64
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

}  // namespace descent::kernels
