// Element types the kernels understand; mirrors lib/tensor/dtype.ts.
#pragma once

#include <cstdint>

namespace descent::kernels {

enum class DType : int { Float32 = 0, Float64 = 1, Int32 = 2 };

inline const char* dtype_name(DType t) {
  switch (t) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Int32: return "int32";
  }
  return "unknown";
}

inline int dtype_size(DType t) { return t == DType::Float64 ? 8 : 4; }

template <class T> struct DTypeOf;
template <> struct DTypeOf<float> { static constexpr DType value = DType::Float32; };
template <> struct DTypeOf<double> { static constexpr DType value = DType::Float64; };
template <> struct DTypeOf<std::int32_t> { static constexpr DType value = DType::Int32; };

}  // namespace descent::kernels
