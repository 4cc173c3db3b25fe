#include "rng/deterministic_math.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

// Only +, −, ×, ÷, sqrt and comparisons below (std::sqrt is the correctly rounded IEEE square
// root, one instruction with -fno-math-errno). The build uses -ffp-contract=off, so no a·b + c is
// fused behind our back.

namespace descent::kernels::rng::deterministic {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ln 2 = kLn2Hi + kLn2Lo; kLn2Hi has 42 significant bits, so k·kLn2Hi is exact for |k| < 2^11.
constexpr double kLn2Hi = 0x1.62e42fefa38p-1;
constexpr double kLn2Lo = 0x1.ef35793c7673p-45;
constexpr double kInvLn2 = 0x1.71547652b82fep+0;
constexpr double kSqrt2 = 0x1.6a09e667f3bcdp+0;
constexpr double kSqrtHalf = 0x1.6a09e667f3bcdp-1;
constexpr double kInvSqrt2Pi = 0.3989422804014327;  // 1/√(2π)
constexpr double kLog2Pi = 1.8378770664093456;      // log(2π)
// Adding then subtracting 1.5·2^52 rounds a double of magnitude < 2^51 to the nearest integer.
constexpr double kRoundToInt = 0x1.8p52;

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// 2^k for k in [−1022, 1023].
double pow2(int k) { return from_bits(static_cast<std::uint64_t>(k + 1023) << 52); }

// m·2^k with a single rounding, also when the result is subnormal (m in [0.5, 4)).
double scale(double m, int k) {
  if (k > 1023) return m * pow2(1023) * pow2(k - 1023);
  if (k >= -1022) return m * pow2(k);
  if (k < -1200) return 0.0 * m;
  return (m * pow2(k + 128)) * 0x1p-128;  // exact, then one rounding into the subnormals
}

// e^x = m·2^k, m in [√½, √2] (up to rounding); |x| ≤ 746.
double exp_mantissa(double x, int* k) {
  const double kd = (x * kInvLn2 + kRoundToInt) - kRoundToInt;
  *k = static_cast<int>(kd);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;  // x − kd·kLn2Hi is exact (Sterbenz)
  // e^r − 1 = r + r²·(1/2! + r/3! + ... + r^11/13!); the truncation is below 2^−56 for |r| ≤ ln2/2.
  double q = 1.0 / 6227020800.0;  // 1/13!
  q = q * r + 1.0 / 479001600.0;
  q = q * r + 1.0 / 39916800.0;
  q = q * r + 1.0 / 3628800.0;
  q = q * r + 1.0 / 362880.0;
  q = q * r + 1.0 / 40320.0;
  q = q * r + 1.0 / 5040.0;
  q = q * r + 1.0 / 720.0;
  q = q * r + 1.0 / 120.0;
  q = q * r + 1.0 / 24.0;
  q = q * r + 1.0 / 6.0;
  q = q * r + 0.5;
  return 1.0 + (r + r * (r * q));
}

// log(1 + f) for f in [√½ − 1, √2 − 1], f exact. With s = f/(2 + f), log(1 + f) = 2·atanh(s)
// = 2s + s·R, R = 2s²/3 + 2s⁴/5 + ...; and 2s = f − s·f, so log(1 + f) = f − s·(f − R), whose
// correction term is small next to f (no cancellation). |s| ≤ 0.1716, so 11 terms of R suffice.
double log1p_reduced(double f) {
  const double s = f / (2.0 + f);
  const double z = s * s;
  double r = 2.0 / 23.0;
  r = r * z + 2.0 / 21.0;
  r = r * z + 2.0 / 19.0;
  r = r * z + 2.0 / 17.0;
  r = r * z + 2.0 / 15.0;
  r = r * z + 2.0 / 13.0;
  r = r * z + 2.0 / 11.0;
  r = r * z + 2.0 / 9.0;
  r = r * z + 2.0 / 7.0;
  r = r * z + 2.0 / 5.0;
  r = r * z + 2.0 / 3.0;
  r = r * z;
  return f - s * (f - r);
}

// ---- Cody's approximations of the normal CDF (TOMS 715, ANORM) ----------------------------------

constexpr double kCodyCentral = 0.66291;   // Φ(0.66291) ≈ 0.75
constexpr double kCodyMiddle = 5.656854248;  // √32
constexpr double kCodyUnderflow = 38.6;    // Φ(−38.6) < 2^−1075

// |x| ≤ 0.66291: Φ(x) − 1/2 = x·A(x²)/B(x²).
double cody_central(double x) {
  static constexpr double a[5] = {2.2352520354606839287e0, 1.6102823106855587881e2,
                                  1.0676894854603709582e3, 1.8154981253343561249e4,
                                  6.5682337918207449113e-2};
  static constexpr double b[4] = {4.7202581904688241870e1, 9.7609855173777669322e2,
                                  1.0260932208618978205e4, 4.5507789335026729956e4};
  const double xsq = x * x;
  double num = a[4] * xsq;
  double den = xsq;
  for (int i = 0; i < 3; ++i) {
    num = (num + a[i]) * xsq;
    den = (den + b[i]) * xsq;
  }
  return x * (num + a[3]) / (den + b[3]);
}

// y ≥ 0.66291: Φ(−y) = e^(−y²/2)·R(y).
double cody_tail_factor(double y) {
  if (y <= kCodyMiddle) {
    static constexpr double c[9] = {3.9894151208813466764e-1, 8.8831497943883759412e0,
                                    9.3506656132177855979e1,  5.9727027639480026226e2,
                                    2.4945375852903726711e3,  6.8481904505362823326e3,
                                    1.1602651437647350124e4,  9.8427148383839780218e3,
                                    1.0765576773720192317e-8};
    static constexpr double d[8] = {2.2266688044328115691e1, 2.3538790178262499861e2,
                                    1.5193775994075548050e3, 6.4855582982667607550e3,
                                    1.8615571640885098091e4, 3.4900952721145977266e4,
                                    3.8912003286093271411e4, 1.9685429676859990727e4};
    double num = c[8] * y;
    double den = y;
    for (int i = 0; i < 7; ++i) {
      num = (num + c[i]) * y;
      den = (den + d[i]) * y;
    }
    return (num + c[7]) / (den + d[7]);
  }
  static constexpr double p[6] = {2.1589853405795699e-1, 1.274011611602473639e-1,
                                  2.2235277870649807e-2, 1.421619193227893466e-3,
                                  2.9112874951168792e-5, 2.307344176494017303e-2};
  static constexpr double q[5] = {1.28426009614491121e0, 4.68238212480865118e-1,
                                  6.59881378689285515e-2, 3.78239633202758244e-3,
                                  7.29751555083966205e-5};
  const double z = 1.0 / (y * y);
  double num = p[5] * z;
  double den = z;
  for (int i = 0; i < 4; ++i) {
    num = (num + p[i]) * z;
    den = (den + q[i]) * z;
  }
  return (kInvSqrt2Pi - z * (num + p[4]) / (den + q[4])) / y;
}

// Φ(−y) for y ≥ 0.66291. y² is split as ys² + δ with ys = ⌊256·y⌋/256 (ys² and ys²/2 exact,
// δ = (y − ys)(y + ys) small), so e^(−y²/2) = e^(−ys²/2)·e^(−δ/2) keeps full relative accuracy.
double lower_tail(double y) {
  if (!(y <= kCodyUnderflow)) return 0.0;
  const double ys = static_cast<double>(static_cast<std::int64_t>(y * 256.0)) / 256.0;
  const double del = (y - ys) * (y + ys);
  int k;
  const double m = exp_mantissa(-0.5 * (ys * ys), &k);
  return scale(m * (deterministic::exp(-0.5 * del) * cody_tail_factor(y)), k);
}

// AS241 coefficients (Wichura 1988): central region |p − 1/2| ≤ 0.425 ...
constexpr double kA[8] = {3.3871328727963666080e0,  1.3314166789178437745e2,
                          1.9715909503065514427e3,  1.3731693765509461125e4,
                          4.5921953931549871457e4,  6.7265770927008700853e4,
                          3.3430575583588128105e4,  2.5090809287301226727e3};
constexpr double kB[8] = {1.0,                      4.2313330701600911252e1,
                          6.8718700749205790830e2,  5.3941960214247511077e3,
                          2.1213794301586595867e4,  3.9307895800092710610e4,
                          2.8729085735721942674e4,  5.2264952788528545610e3};
// ... r = √(−log min(p, 1−p)) ≤ 5 ...
constexpr double kC[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                          5.76949722146069140550e0,  3.64784832476320460504e0,
                          1.27045825245236838258e0,  2.41780725177450611770e-1,
                          2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double kD[8] = {1.0,                       2.05319162663775882187e0,
                          1.67638483018380384940e0,  6.89767334985100004550e-1,
                          1.48103976427480074590e-1, 1.51986665636164571966e-2,
                          5.47593808499534494600e-4, 1.05075007164441684324e-9};
// ... and r > 5.
constexpr double kE[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                          1.78482653991729133580e0,  2.96560571828504891230e-1,
                          2.65321895265761230930e-2, 1.24266094738807843860e-3,
                          2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double kF[8] = {1.0,                       5.99832206555887937690e-1,
                          1.36929880922735805310e-1, 1.48753612908506148525e-2,
                          7.86869131145613259100e-4, 1.84631831751005468180e-5,
                          1.42151175831644588870e-7, 2.04426310338993978564e-15};

// c[0] + c[1]·t + ... + c[7]·t^7 (Horner).
double poly7(const double (&c)[8], double t) {
  double v = c[7];
  for (int i = 6; i >= 0; --i) v = v * t + c[i];
  return v;
}

}  // namespace

double exp(double x) {
  if (x != x) return x;
  if (x > 709.79) return kInf;
  if (x < -745.2) return 0.0;
  int k;
  const double m = exp_mantissa(x, &k);
  return scale(m, k);
}

double log(double x) {
  if (x != x) return x;
  if (x < 0.0) return kNaN;
  if (x == 0.0) return -kInf;
  if (x == kInf) return x;
  std::uint64_t b = bits_of(x);
  int e = 0;
  if ((b >> 52) == 0) {  // subnormal
    b = bits_of(x * 0x1p54);
    e = -54;
  }
  e += static_cast<int>(b >> 52) - 1023;
  double m = from_bits((b & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1023} << 52));
  if (m > kSqrt2) {
    m *= 0.5;
    ++e;
  }
  const double ed = static_cast<double>(e);
  return ed * kLn2Hi + (log1p_reduced(m - 1.0) + ed * kLn2Lo);  // m − 1 is exact
}

double log1p(double x) {
  if (x != x) return x;
  if (x < -1.0) return kNaN;
  if (x == -1.0) return -kInf;
  if (x == kInf) return x;
  if (x > kSqrtHalf - 1.0 && x < kSqrt2 - 1.0) return log1p_reduced(x);
  // u = 1 + x rounds; log(u) + (x − (u − 1))/u puts the lost part back (u − 1 is exact here).
  const double u = 1.0 + x;
  return deterministic::log(u) + (x - (u - 1.0)) / u;
}

double normal_cdf(double x) {
  if (x != x) return x;
  const double y = x < 0.0 ? -x : x;
  if (y <= kCodyCentral) return 0.5 + cody_central(x);
  const double tail = lower_tail(y);
  return x < 0.0 ? tail : 1.0 - tail;
}

double normal_cdf_complement(double x) { return normal_cdf(-x); }

double log_normal_cdf(double x) {
  if (x != x) return x;
  if (x == -kInf) return -kInf;
  if (x >= kCodyCentral) return log1p(-lower_tail(x));
  if (x > -kCodyCentral) return deterministic::log(0.5 + cody_central(x));
  // log Φ(−y) = −y²/2 + log R(y): both terms negative, so no cancellation.
  const double y = -x;
  return -0.5 * (y * y) + deterministic::log(cody_tail_factor(y));
}

double inverse_normal_cdf(double p) {
  if (p != p) return p;
  if (p <= 0.0) return -kInf;
  if (p >= 1.0) return kInf;
  const double q = p - 0.5;
  if ((q < 0.0 ? -q : q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * poly7(kA, r) / poly7(kB, r);
  }
  double r = q < 0.0 ? p : 1.0 - p;  // 1 − p is exact for p ≥ 1/2
  r = std::sqrt(-deterministic::log(r));
  double v;
  if (r <= 5.0) {
    r -= 1.6;
    v = poly7(kC, r) / poly7(kD, r);
  } else {
    r -= 5.0;
    v = poly7(kE, r) / poly7(kF, r);
  }
  return q < 0.0 ? -v : v;
}

double inverse_normal_cdf_of_log(double log_p) {
  if (log_p != log_p) return log_p;
  if (log_p > 0.0) return kNaN;
  if (log_p >= -690.0) return inverse_normal_cdf(deterministic::exp(log_p));
  if (log_p == -kInf) return -kInf;
  // log Φ(−y) = −y²/2 − log y − log√(2π) + O(1/y²) gives y² ≈ w − log(2πw), w = −2·log_p
  // (error below 1e-3 here); Newton on log Φ, whose slope is φ/Φ = (1/√(2π))/R(y), then
  // converges quadratically (error ~ e²/(2y)), so three steps reach full precision.
  const double w = -2.0 * log_p;
  double z = -std::sqrt(w - (deterministic::log(w) + kLog2Pi));
  for (int step = 0; step < 3; ++step) {
    const double y = -z;
    const double r = cody_tail_factor(y);
    const double log_cdf = -0.5 * (y * y) + deterministic::log(r);
    z -= (log_cdf - log_p) * r / kInvSqrt2Pi;
  }
  return z;
}

}  // namespace descent::kernels::rng::deterministic
