// Elementary and normal-distribution functions that give the same bits on every machine.
//
// libm is not reproducible across machines (glibc picks FMA variants of exp/log/erf at run time),
// so the random-number transforms (decision 12) use these instead. They are written with
// +, -, ×, ÷ and sqrt only (correctly rounded IEEE operations), compiled with
// -ffp-contract=off, and never branch on the CPU. Accuracy: a few ulp (see test_rng.cpp).
#pragma once

namespace descent::kernels::rng::deterministic {

// e^x. Range reduction x = k·ln2 + r (Cody–Waite, |r| ≤ ln2/2), e^r by its Taylor series to r^13.
double exp(double x);

// Natural log. x = 2^e·m with m in [√½, √2); log m = 2·atanh(s), s = (m−1)/(m+1).
double log(double x);

// log(1 + x), accurate for small |x|.
double log1p(double x);

// Φ(x), the standard normal CDF. Cody's rational Chebyshev approximations (W. J. Cody, "Rational
// Chebyshev approximations for the error function", Math. Comp. 23 (1969); ACM TOMS Alg. 715
// ANORM), with e^(−x²/2) evaluated on an exactly split x² so the tails keep full relative accuracy.
// Φ(x) underflows to 0 for x < −37.5; use log_normal_cdf beyond.
double normal_cdf(double x);

// 1 − Φ(x) = Φ(−x), with full relative accuracy in the upper tail.
double normal_cdf_complement(double x);

// log Φ(x), accurate for every x (for x → −∞ it is −x²/2 − log(−x) − log√(2π) + O(1/x²)).
double log_normal_cdf(double x);

// Φ⁻¹(p) for p in (0, 1): Wichura's AS241 (PPND16), "The percentage points of the normal
// distribution", Applied Statistics 37 (1988), relative accuracy about 1e-16.
// Returns −∞ for p ≤ 0, +∞ for p ≥ 1, NaN for NaN.
double inverse_normal_cdf(double p);

// The z with log Φ(z) = log_p, for log_p ≤ log(1/2). For log_p ≥ −690 this is
// inverse_normal_cdf(exp(log_p)); below, where p is no longer a normal double, it starts from the
// asymptotic z² ≈ w − log(2πw), w = −2·log_p, and takes Newton steps on log Φ.
double inverse_normal_cdf_of_log(double log_p);

}  // namespace descent::kernels::rng::deterministic
