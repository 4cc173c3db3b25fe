// random(kind, seed, offset, p0..p3; out w) → blocks used: draws from the Philox stream
// (seed, offset) into a contiguous out; JavaScript advances its offset by the returned number
// of 128-bit blocks. (rng/)
#include <cmath>
#include <string>

#include "entry_points.h"
#include "reader.h"
#include "rng/distributions.h"
#include "rng/random_kind.h"

namespace descent::addon {
namespace {

namespace rng = descent::kernels::rng;

void expect_finite(const Reader& r, double v, const char* name) {
  if (!std::isfinite(v)) r.range_error(std::string(name) + " must be finite, got " + number_text(v));
}

template <class F> std::uint64_t with_float(const Reader& r, const TensorArg& out, F f) {
  if (out.dtype == DType::Float32) return f(out.as<float>());
  if (out.dtype == DType::Float64) return f(out.as<double>());
  r.type_error("out must be float32 or float64 for this distribution");
}

}  // namespace

Napi::Value bind_random(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("random");
  constexpr int kKind = e.option("kind"), kSeed = e.option("seed"), kOffset = e.option("offset");
  constexpr int kP0 = e.option("p0"), kP1 = e.option("p1"), kP2 = e.option("p2"), kP3 = e.option("p3");
  constexpr int kOut = e.tensor("out");
  const auto kind = static_cast<rng::RandomKind>(r.integer(kKind));
  const rng::Stream stream{r.u64(kSeed), r.u64(kOffset)};
  const TensorArg& out = r.tensor(kOut);
  r.expect_contiguous(out);
  const index_t n = out.numel;
  const double p0 = r.number(kP0), p1 = r.number(kP1), p2 = r.number(kP2), p3 = r.number(kP3);
  std::uint64_t used = 0;
  switch (kind) {
    case rng::RandomKind::Uniform:
      expect_finite(r, p0, "low");
      expect_finite(r, p1, "high");
      if (!(p0 <= p1) || !std::isfinite(p1 - p0)) {
        r.range_error("uniform needs low <= high with a finite width, got [" + number_text(p0) + ", " +
                      number_text(p1) + ")");
      }
      used = with_float(r, out, [&](auto* p) { return rng::uniform(stream, p, n, p0, p1); });
      break;
    case rng::RandomKind::Normal:
      expect_finite(r, p0, "mean");
      if (!(p1 >= 0) || !std::isfinite(p1)) r.range_error("normal needs a finite std >= 0, got " + number_text(p1));
      used = with_float(r, out, [&](auto* p) { return rng::normal(stream, p, n, p0, p1); });
      break;
    case rng::RandomKind::TruncatedNormal:
      expect_finite(r, p0, "mean");
      if (!(p1 > 0) || !std::isfinite(p1)) {
        r.range_error("truncatedNormal needs a finite std > 0, got " + number_text(p1));
      }
      if (std::isnan(p2) || std::isnan(p3) || !(p2 < p3)) {
        r.range_error("truncatedNormal needs a < b, got [" + number_text(p2) + ", " + number_text(p3) + "]");
      }
      used = with_float(r, out, [&](auto* p) { return rng::truncated_normal(stream, p, n, p0, p1, p2, p3); });
      break;
    case rng::RandomKind::Randint:
      r.expect_dtype(out, DType::Int32);
      if (!(p0 == std::floor(p0) && p1 == std::floor(p1)) || p0 < -2147483648.0 || p1 > 2147483648.0 || !(p0 < p1)) {
        r.range_error("randint needs integers low < high within int32 range, got [" + number_text(p0) + ", " +
                      number_text(p1) + ")");
      }
      used = rng::randint(stream, out.as<std::int32_t>(), n, static_cast<std::int64_t>(p0),
                          static_cast<std::int64_t>(p1));
      break;
    case rng::RandomKind::Bernoulli:
      if (!(p0 >= 0 && p0 <= 1)) r.range_error("bernoulli needs 0 <= p <= 1, got " + number_text(p0));
      used = with_float(r, out, [&](auto* p) { return rng::bernoulli(stream, p, n, p0); });
      break;
    case rng::RandomKind::Randperm:
      r.expect_dtype(out, DType::Int32);
      if (n > 2147483647) r.range_error("randperm is limited to 2^31 - 1 elements");
      used = rng::randperm(stream, out.as<std::int32_t>(), n);
      break;
    default: r.range_error("unknown distribution");
  }
  return Napi::Number::New(r.env(), static_cast<double>(used));
}

}  // namespace descent::addon
