// random(kind, seed: bigint, offset: bigint, out, outOffset, n, p0, p1, p2, p3) -> blocks used
// Draws from the Philox stream (seed, offset); JavaScript advances its offset by the returned
// number of 128-bit blocks.
#include <cmath>
#include <string>

#include "args.h"
#include "bindings.h"
#include "rng/distributions.h"
#include "rng/random_kind.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;
namespace rng = descent::kernels::rng;

void expect_finite(const Args& args, double v, const char* name) {
  if (!std::isfinite(v)) args.range_error(std::string(name) + " must be finite, got " + number_text(v));
}

template <class F> std::uint64_t with_float(const Args& args, const ArrayArg& out, index_t offset, F f) {
  if (out.dtype == DType::Float32) return f(out.as<float>(offset));
  if (out.dtype == DType::Float64) return f(out.as<double>(offset));
  args.type_error("out must be float32 or float64 for this distribution");
}

Napi::Value random(const Napi::CallbackInfo& info) {
  Args args(info, "random");
  const auto kind = static_cast<rng::RandomKind>(args.integer(0, "kind", 0, static_cast<int>(rng::RandomKind::Count) - 1));
  const rng::Stream stream{args.bigint_u64(1, "seed"), args.bigint_u64(2, "offset")};
  const ArrayArg out = args.array(3, "out");
  const index_t offset = args.size(4, "outOffset");
  const index_t n = args.size(5, "n");
  const double p0 = args.number(6, "p0"), p1 = args.number(7, "p1"), p2 = args.number(8, "p2"), p3 = args.number(9, "p3");
  args.expect_fits(out, offset, n);
  std::uint64_t used = 0;
  switch (kind) {
    case rng::RandomKind::Uniform:
      expect_finite(args, p0, "low");
      expect_finite(args, p1, "high");
      if (!(p0 <= p1) || !std::isfinite(p1 - p0)) {
        args.range_error("uniform needs low <= high with a finite width, got [" + number_text(p0) + ", " + number_text(p1) + ")");
      }
      used = with_float(args, out, offset, [&](auto* p) { return rng::uniform(stream, p, n, p0, p1); });
      break;
    case rng::RandomKind::Normal:
      expect_finite(args, p0, "mean");
      if (!(p1 >= 0) || !std::isfinite(p1)) args.range_error("normal needs a finite std >= 0, got " + number_text(p1));
      used = with_float(args, out, offset, [&](auto* p) { return rng::normal(stream, p, n, p0, p1); });
      break;
    case rng::RandomKind::TruncatedNormal:
      expect_finite(args, p0, "mean");
      if (!(p1 > 0) || !std::isfinite(p1)) args.range_error("truncatedNormal needs a finite std > 0, got " + number_text(p1));
      if (std::isnan(p2) || std::isnan(p3) || !(p2 < p3)) {
        args.range_error("truncatedNormal needs a < b, got [" + number_text(p2) + ", " + number_text(p3) + "]");
      }
      used = with_float(args, out, offset, [&](auto* p) { return rng::truncated_normal(stream, p, n, p0, p1, p2, p3); });
      break;
    case rng::RandomKind::Randint:
      args.expect_dtype(out, DType::Int32);
      if (!(p0 == std::floor(p0) && p1 == std::floor(p1)) || p0 < -2147483648.0 || p1 > 2147483648.0 || !(p0 < p1)) {
        args.range_error("randint needs integers low < high within int32 range, got [" + number_text(p0) + ", " +
                         number_text(p1) + ")");
      }
      used = rng::randint(stream, out.as<std::int32_t>(offset), n, static_cast<std::int64_t>(p0), static_cast<std::int64_t>(p1));
      break;
    case rng::RandomKind::Bernoulli:
      if (!(p0 >= 0 && p0 <= 1)) args.range_error("bernoulli needs 0 <= p <= 1, got " + number_text(p0));
      used = with_float(args, out, offset, [&](auto* p) { return rng::bernoulli(stream, p, n, p0); });
      break;
    case rng::RandomKind::Randperm:
      args.expect_dtype(out, DType::Int32);
      if (n > 2147483647) args.range_error("randperm is limited to 2^31 - 1 elements");
      used = rng::randperm(stream, out.as<std::int32_t>(offset), n);
      break;
    default: args.range_error("unknown distribution");
  }
  return Napi::Number::New(info.Env(), static_cast<double>(used));
}

}  // namespace

void register_random(Napi::Env env, Napi::Object exports) {
  exports.Set("random", Napi::Function::New(env, random, "random"));
}

}  // namespace descent::addon
