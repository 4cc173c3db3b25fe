// Element conversion shared by copies and fills.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

namespace descent::kernels {

// Float to int32 truncates toward zero, saturates out of range and maps NaN to 0 (C++ leaves
// those cases undefined); everything else is a plain conversion.
template <class Dst, class Src> inline Dst convert_element(Src v) {
  if constexpr (std::is_same_v<Dst, std::int32_t> && std::is_floating_point_v<Src>) {
    if (!(v == v)) return 0;
    if (v >= Src(2147483647.0)) return 2147483647;
    if (v <= Src(-2147483648.0)) return -2147483647 - 1;
    return static_cast<std::int32_t>(v);
  } else {
    return static_cast<Dst>(v);
  }
}

}  // namespace descent::kernels
