// What one instruction set registers for one kernel family: the family's kernel struct for
// each element type (float32, float64; families with int32 kernels add an i32 member).
// Each family names its set (GemmKernelSet, ElementwiseKernelSet, ...) and defines
// scalar::<family>_kernels() and avx2::<family>_kernels() in its own translation units;
// dispatch/ only gathers the sets into a KernelTable.
#pragma once

#include <type_traits>

namespace descent::kernels {

template <template <class> class Kernels> struct FloatKernelSet {
  Kernels<float> f32;
  Kernels<double> f64;
};

// The member of a set for element type T.
template <class T, template <class> class Kernels> const Kernels<T>& typed(const FloatKernelSet<Kernels>& set) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "float32 or float64 kernels");
  if constexpr (std::is_same_v<T, float>) {
    return set.f32;
  } else {
    return set.f64;
  }
}

}  // namespace descent::kernels
