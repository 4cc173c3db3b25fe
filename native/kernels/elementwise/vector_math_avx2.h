// Float32 exp, expm1, log, log1p, tanh, sigmoid and softplus on 8 AVX2 lanes.
//
// Every lane runs the same branch-free instruction sequence; special inputs are fixed with
// blends. Results are right in the default MXCSR state (no FTZ/DAZ): subnormal inputs are
// used, subnormal results are produced by gradual underflow, ±0, ±inf and NaN follow C99
// Annex F (log(±0) = -inf, log(x < 0) = NaN, tanh(-0) = -0, log1p(-0) = expm1(-0) = -0).
//
// Max error in ulps of the correctly rounded result (2^-149 for subnormal results), measured
// against libm in double over all 2^32 inputs (DESCENT_VECTOR_MATH_STRIDE=1 with
// native/tests/test_vector_math.cpp, whose default run checks every 401st bit pattern):
//   exp 0.92, expm1 1.23, log 0.94, log1p 1.22, tanh 1.42, sigmoid 1.97, softplus 1.66.
//
// Polynomial coefficients: weighted discrete minimax fits, solved as a linear program (scipy's
// HiGHS) on ~8000 Chebyshev and uniform points of the reduced interval, the weight chosen so the
// objective is the relative error of the final function, with references from mpmath at 50
// digits. The coefficients were then rounded to float one at a time, lowest degree first
// (trying the nearest float and its two neighbours), refitting the higher ones after each
// rounding. The relative error of each polynomial alone is noted with it.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "common/isa.h"

namespace descent::kernels::avx2 {

namespace vmath {

// Multiplying by log2(e) and adding 1.5·2^23 rounds to an integer kept in the low mantissa bits.
inline constexpr float kShifter = 0x1.8p23f;
inline constexpr float kLog2e = 0x1.715476p+0f;
// ln 2 = kLn2Hi + kLn2Lo (kLn2Hi = ln 2 rounded to float, kLn2Lo the float nearest the rest).
inline constexpr float kLn2Hi = 0x1.62e430p-1f;
inline constexpr float kLn2Lo = -0x1.05c610p-29f;
// Bits of sqrt(1/2): log splits x = 2^k·m with m in [sqrt(1/2), sqrt(2)).
inline constexpr std::int32_t kSqrtHalfBits = 0x3f3504f3;
inline constexpr float kInf = __builtin_inff();

DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 bcast(float v) { return _mm256_set1_ps(v); }

DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 sign_bits(__m256 x) {
  return _mm256_and_ps(x, bcast(-0.0f));
}

DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 abs_ps(__m256 x) {
  return _mm256_andnot_ps(bcast(-0.0f), x);
}

// 2^k for integer k in [-126, 127].
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 pow2i(__m256i k) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k, _mm256_set1_epi32(127)), 23));
}

struct ExpReduction {
  __m256 r_hi;  // x - n·kLn2Hi, exact
  __m256 tail;  // n·kLn2Lo (rounded; its error is below 2^-46·|n|)
  __m256 r;     // r_hi - tail rounded: x - n·ln2, |r| <= ln2/2 (plus rounding)
  __m256i n;    // nearest integer to x·log2(e)
};

// Cody–Waite reduction x = n·ln2 + r_hi - tail. Needs |x·log2(e)| < 2^22. With FMA,
// x - n·kLn2Hi is exact: both are multiples of 2^-25 and the difference is below 2^-1.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 ExpReduction exp_reduce(__m256 x) {
  const __m256 shifter = bcast(kShifter);
  const __m256 t = _mm256_fmadd_ps(x, bcast(kLog2e), shifter);
  const __m256 n = _mm256_sub_ps(t, shifter);
  const __m256 r_hi = _mm256_fnmadd_ps(n, bcast(kLn2Hi), x);
  const __m256 tail = _mm256_mul_ps(n, bcast(kLn2Lo));
  const __m256i ni = _mm256_sub_epi32(_mm256_castps_si256(t), _mm256_castps_si256(shifter));
  return {r_hi, tail, _mm256_sub_ps(r_hi, tail), ni};
}

// q(r) with e^r - 1 = r + r²·q(r) for |r| <= ln2/2 (fitted on ln2/2·(1 + 2^-12) for the
// rounding of n). Degree 4; relative error of e^r - 1 from the polynomial: 1.7e-8
// (0.29·2^-24), so 1 + r + r²q serves e^r too (below 0.12·2^-24).
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 expm1_q(__m256 r) {
  __m256 q = _mm256_fmadd_ps(bcast(0x1.6c9910p-10f), r, bcast(0x1.12217ap-7f));
  q = _mm256_fmadd_ps(q, r, bcast(0x1.55557ap-5f));
  q = _mm256_fmadd_ps(q, r, bcast(0x1.5554b8p-3f));
  return _mm256_fmadd_ps(q, r, bcast(0.5f));
}

// e^r as 1 + (r + (r²·q(r) + r_lo)), r_lo = (r_hi - r) - tail being what the rounding of r
// dropped (r_hi - r is exact by Sterbenz). Result in [0.7, 1.42].
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 exp_reduced(const ExpReduction& red) {
  const __m256 r_lo = _mm256_sub_ps(_mm256_sub_ps(red.r_hi, red.r), red.tail);
  const __m256 e = _mm256_add_ps(red.r, _mm256_fmadd_ps(_mm256_mul_ps(red.r, red.r), expm1_q(red.r), r_lo));
  return _mm256_add_ps(e, bcast(1.0f));
}

// e^x for x whose result is a normal float (|x| <= 87); one scaling by 2^n.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 exp_normal_range(__m256 x) {
  const ExpReduction red = exp_reduce(x);
  return _mm256_mul_ps(exp_reduced(red), pow2i(red.n));
}

// ln(1 + f) = f + f²·Q(f) for f in [sqrt(1/2) - 1, sqrt(2) - 1] (fitted 2^-20 wider).
// Q has degree 8; relative error of ln(1 + f) from the polynomial: 5.7e-9 (0.095·2^-24).
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 log1p_poly(__m256 f) {
  __m256 q = _mm256_fmadd_ps(bcast(-0x1.3347c2p-4f), f, bcast(0x1.0695f4p-3f));
  q = _mm256_fmadd_ps(q, f, bcast(-0x1.0f612ep-3f));
  q = _mm256_fmadd_ps(q, f, bcast(0x1.22b61ep-3f));
  q = _mm256_fmadd_ps(q, f, bcast(-0x1.542996p-3f));
  q = _mm256_fmadd_ps(q, f, bcast(0x1.99a0aap-3f));
  q = _mm256_fmadd_ps(q, f, bcast(-0x1.00041ap-2f));
  q = _mm256_fmadd_ps(q, f, bcast(0x1.555556p-2f));
  q = _mm256_fmadd_ps(q, f, bcast(-0x1.fffff8p-2f));
  // f + f·(f·Q): keeps the sign of f = -0.
  return _mm256_fmadd_ps(f, _mm256_mul_ps(f, q), f);
}

// k·ln2 + ln(1 + f) + corr, with corr a small correction (|corr| <= 2^-24).
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 log_combine(__m256 k, __m256 f, __m256 corr) {
  const __m256 lo = _mm256_fmadd_ps(k, bcast(kLn2Lo), corr);
  return _mm256_fmadd_ps(k, bcast(kLn2Hi), _mm256_add_ps(log1p_poly(f), lo));
}

// Splits positive normal x into 2^k·m, m in [sqrt(1/2), sqrt(2)): subtracting the bits of
// sqrt(1/2) moves the binade boundary there. Returns m - 1 (exact by Sterbenz) and k.
struct LogReduction {
  __m256 f;
  __m256i k;
};

DESCENT_ALWAYS_INLINE DESCENT_AVX2 LogReduction log_reduce(__m256 x) {
  const __m256i c = _mm256_set1_epi32(kSqrtHalfBits);
  const __m256i bits = _mm256_sub_epi32(_mm256_castps_si256(x), c);
  const __m256i k = _mm256_srai_epi32(bits, 23);
  const __m256i m = _mm256_add_epi32(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), c);
  return {_mm256_sub_ps(_mm256_castsi256_ps(m), bcast(1.0f)), k};
}

// ln(1 + x) for finite x > -1, without special cases.
// u = fl(1 + x) and its exact error c (Fast2Sum, larger operand first) give
// ln(1 + x) = k·ln2 + ln(1 + f) + ln(1 + c/u) with u = 2^k(1 + f), and ln(1 + c/u) = c/u to
// 2^-48. When k = 0 (u in [sqrt(1/2), sqrt(2))), x itself is in the polynomial's interval and
// is used as f: no rounding of 1 + x at all, so tiny x keep full relative precision.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 log1p_finite(__m256 x) {
  const __m256 one = bcast(1.0f);
  const __m256 u = _mm256_add_ps(x, one);
  const __m256 c = _mm256_add_ps(_mm256_sub_ps(_mm256_max_ps(x, one), u), _mm256_min_ps(x, one));
  const LogReduction red = log_reduce(u);
  const __m256 k0 = _mm256_castsi256_ps(_mm256_cmpeq_epi32(red.k, _mm256_setzero_si256()));
  const __m256 f = _mm256_blendv_ps(red.f, x, k0);
  // |c/u| < 2^-24, so the 12-bit reciprocal costs under 2^-36 relative to a result >= 0.34.
  const __m256 corr = _mm256_andnot_ps(k0, _mm256_mul_ps(c, _mm256_rcp_ps(u)));
  return log_combine(_mm256_cvtepi32_ps(red.k), f, corr);
}

}  // namespace vmath

// e^x. Results below 2^-126 are subnormal (down to 2^-149 for x > -103.972), x >= 88.7229
// gives inf, NaN stays NaN.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 exp_ps(__m256 x) {
  using namespace vmath;
  // Beyond the clamp the result is 0 or inf anyway; it keeps n in [-159, 129].
  // min/max return their second operand for NaN, so NaN passes through.
  const __m256 xc = _mm256_min_ps(bcast(89.0f), _mm256_max_ps(bcast(-110.0f), x));
  const ExpReduction red = exp_reduce(xc);
  const __m256 p = exp_reduced(red);
  // 2^n = 2^n1·2^n2 with both factors normal: p·2^n1 is exact and the only rounding is the last
  // product, which underflows gradually or overflows to inf as the true result would.
  const __m256i n1 = _mm256_srai_epi32(red.n, 1);
  const __m256i n2 = _mm256_sub_epi32(red.n, n1);
  return _mm256_mul_ps(_mm256_mul_ps(p, pow2i(n1)), pow2i(n2));
}

// e^x - 1, accurate near 0 (the result keeps full relative precision for tiny x).
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 expm1_ps(__m256 x) {
  using namespace vmath;
  // Below -30 the result rounds to -1, above 89 to inf; n stays in [-43, 128].
  const __m256 xc = _mm256_min_ps(bcast(89.0f), _mm256_max_ps(bcast(-30.0f), x));
  const ExpReduction red = exp_reduce(xc);
  // e^x - 1 = 2·(s·(1 + r_hi + e_lo) - 1/2), s = 2^(n-1) (normal up to n = 128), with
  // e_lo = r²·q(r) - tail. s·r_hi + (s - 1/2) is one FMA whose rounding is the only one at the
  // scale of the cancellation (for n = 1, 2); e_lo >= -tail is added with a second rounding.
  const __m256 s = pow2i(_mm256_sub_epi32(red.n, _mm256_set1_epi32(1)));
  const __m256 s_m = _mm256_sub_ps(s, bcast(0.5f));
  // s - 1/2 is exact for n <= 24; above, it rounds to s and the lost -1/2 moves into e_lo as
  // -1/2·2^(1-n) (2^(1-n) is 0 for n = 128, where the term is far below an ulp).
  const __m256 lost = _mm256_sub_ps(_mm256_sub_ps(s, s_m), bcast(0.5f));
  const __m256 inv_s = pow2i(_mm256_sub_epi32(_mm256_set1_epi32(1), red.n));
  __m256 e_lo = _mm256_fmsub_ps(_mm256_mul_ps(red.r, red.r), expm1_q(red.r), red.tail);
  e_lo = _mm256_fmadd_ps(lost, inv_s, e_lo);
  __m256 y = _mm256_fmadd_ps(s, e_lo, _mm256_fmadd_ps(s, red.r_hi, s_m));
  y = _mm256_add_ps(y, y);
  // |x| < 2^-125: e^x - 1 rounds to x, and the halving above would drop subnormal bits; also
  // keeps the sign of -0.
  const __m256 tiny = _mm256_cmp_ps(abs_ps(x), bcast(0x1p-125f), _CMP_LT_OQ);
  return _mm256_blendv_ps(y, x, tiny);
}

// ln x. Subnormal x is scaled by 2^23 first; ln(±0) = -inf, ln(x < 0) = NaN, ln(inf) = inf.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 log_ps(__m256 x) {
  using namespace vmath;
  const __m256 zero = _mm256_setzero_ps();
  const __m256 subnormal = _mm256_cmp_ps(x, bcast(0x1p-126f), _CMP_LT_OQ);
  const __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, bcast(0x1p23f)), subnormal);
  const LogReduction red = log_reduce(xs);
  const __m256 k = _mm256_add_ps(_mm256_cvtepi32_ps(red.k), _mm256_and_ps(subnormal, bcast(-23.0f)));
  __m256 y = log_combine(k, red.f, zero);
  y = _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, bcast(0x1.fffffep127f), _CMP_NLE_UQ));  // inf, NaN
  y = _mm256_blendv_ps(y, bcast(-kInf), _mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
  return _mm256_or_ps(y, _mm256_cmp_ps(x, zero, _CMP_LT_OQ));  // all ones is a NaN
}

// ln(1 + x), accurate near 0. log1p(-1) = -inf, log1p(x < -1) = NaN, log1p(-0) = -0.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 log1p_ps(__m256 x) {
  using namespace vmath;
  const __m256 minus_one = bcast(-1.0f);
  // ln(1 + x) has the sign of x; this also turns the +0 from log1p(-0) into -0.
  __m256 y = _mm256_or_ps(log1p_finite(x), sign_bits(x));
  y = _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, bcast(0x1.fffffep127f), _CMP_NLE_UQ));  // inf, NaN
  y = _mm256_blendv_ps(y, bcast(-kInf), _mm256_cmp_ps(x, minus_one, _CMP_EQ_OQ));
  return _mm256_or_ps(y, _mm256_cmp_ps(x, minus_one, _CMP_LT_OQ));
}

// tanh x. |x| < atanh(1/2): x + x³·T(x²); above: 1 - 2/(e^{2|x|} + 1), which is >= 1/2 there,
// so the subtraction loses nothing. The sign is put back at the end (tanh(-0) = -0).
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 tanh_ps(__m256 x) {
  using namespace vmath;
  const __m256 sign = sign_bits(x);
  const __m256 ax = _mm256_xor_ps(x, sign);
  // T has degree 4 in z = x² on [0, atanh(1/2)²]; relative error of tanh from the polynomial:
  // 1.3e-9 (0.022·2^-24).
  const __m256 z = _mm256_mul_ps(ax, ax);
  __m256 t = _mm256_fmadd_ps(bcast(-0x1.9b3320p-8f), z, bcast(0x1.593386p-6f));
  t = _mm256_fmadd_ps(t, z, bcast(-0x1.b925bcp-5f));
  t = _mm256_fmadd_ps(t, z, bcast(0x1.110d08p-3f));
  t = _mm256_fmadd_ps(t, z, bcast(-0x1.55554ap-2f));
  const __m256 small = _mm256_fmadd_ps(ax, _mm256_mul_ps(z, t), ax);
  // Above 9.02 tanh rounds to 1; the clamp (NaN kept) keeps e^{2|x|} finite.
  const __m256 a = _mm256_min_ps(bcast(9.5f), ax);
  const __m256 e = exp_normal_range(_mm256_add_ps(a, a));
  const __m256 large = _mm256_sub_ps(bcast(1.0f), _mm256_div_ps(bcast(2.0f), _mm256_add_ps(e, bcast(1.0f))));
  const __m256 y = _mm256_blendv_ps(large, small, _mm256_cmp_ps(ax, bcast(0x1.193ea8p-1f), _CMP_LT_OQ));
  return _mm256_or_ps(y, sign);
}

// 1/(1 + e^-x): with E = e^{-|x|}, 1/(1 + E) for x >= 0 and E/(1 + E) for x < 0, so the left
// tail keeps full relative precision down to subnormal results.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 sigmoid_ps(__m256 x) {
  using namespace vmath;
  const __m256 e = exp_ps(_mm256_or_ps(x, bcast(-0.0f)));  // e^{-|x|}
  const __m256 one = bcast(1.0f);
  const __m256 num = _mm256_blendv_ps(one, e, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
  // d + d_err = 1 + E exactly (Fast2Sum); num/(d + d_err) = y·(1 - d_err/d) to 2^-48, and
  // the 12-bit reciprocal is plenty for the correction (|d_err/d| <= 2^-24).
  const __m256 d = _mm256_add_ps(one, e);
  const __m256 d_err = _mm256_add_ps(_mm256_sub_ps(one, d), e);
  const __m256 y = _mm256_div_ps(num, d);
  return _mm256_fnmadd_ps(y, _mm256_mul_ps(d_err, _mm256_rcp_ps(d)), y);
}

// ln(1 + e^x) = max(x, 0) + ln(1 + e^{-|x|}); never overflows.
DESCENT_ALWAYS_INLINE DESCENT_AVX2 __m256 softplus_ps(__m256 x) {
  using namespace vmath;
  const __m256 l = log1p_finite(exp_ps(_mm256_or_ps(x, bcast(-0.0f))));  // argument in [0, 1]
  // max returns its second operand when one is NaN.
  return _mm256_add_ps(_mm256_max_ps(_mm256_setzero_ps(), x), l);
}

}  // namespace descent::kernels::avx2
