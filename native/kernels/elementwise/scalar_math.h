// Scalar reference counterparts of vector_math_avx2.h, on libm's float functions, with the
// same edge semantics (C99 Annex F for ±0, ±inf and NaN; gradual underflow kept).
#pragma once

#include <cmath>

namespace descent::kernels::scalar {

inline float exp_f(float x) { return std::exp(x); }
inline float expm1_f(float x) { return std::expm1(x); }
inline float log_f(float x) { return std::log(x); }
inline float log1p_f(float x) { return std::log1p(x); }
inline float tanh_f(float x) { return std::tanh(x); }

// 1/(1 + e^-x) for x >= 0; e^x/(1 + e^x) for x < 0, so the left tail keeps full relative
// precision down to subnormal results. NaN takes the second branch and stays NaN.
inline float sigmoid_f(float x) {
  if (x >= 0.0f) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}

// ln(1 + e^x) = max(x, 0) + ln(1 + e^{-|x|}); never overflows. NaN: 0 + NaN.
inline float softplus_f(float x) {
  const float m = x > 0.0f ? x : 0.0f;
  return m + std::log1p(std::exp(-std::fabs(x)));
}

}  // namespace descent::kernels::scalar
