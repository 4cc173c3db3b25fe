// crossEntropy(x, xOffset, target, targetOffset, weight | null, weightOffset, softmax, softmaxOffset,
//              loss, lossOffset, outer, classes, inner, labelSmoothing, ignoreIndex) -> the mean's denominator
// crossEntropyBackward(scale, scaleOffset, scaleStride, softmax, softmaxOffset, target, targetOffset,
//                      weight | null, weightOffset, dx, dxOffset, outer, classes, inner, labelSmoothing, ignoreIndex)
//
// x, softmax and dx are [outer, classes, inner]; the target is int32 class indices [outer, inner]
// or probabilities of x's dtype [outer, classes, inner]; weight is [classes].
#include <string>

#include "args.h"
#include "bindings.h"
#include "loss/cross_entropy.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

constexpr index_t kInt32Min = -2147483648LL;
constexpr index_t kInt32Max = 2147483647LL;

// The arguments both entry points share, read and checked.
struct CrossEntropyArgs {
  ArrayArg target, weight;
  index_t target_offset, weight_offset, outer, classes, inner, positions, scores;
  double label_smoothing;
  index_t ignore_index;
};

// Reads the target (at index i, offset at i + 1), the weight (i + 2, i + 3), the sizes (s, s + 1,
// s + 2), the label smoothing (s + 3) and ignoreIndex (s + 4), for the scores array `scores_name`
// of dtype `dtype`.
CrossEntropyArgs read_common(const Args& args, const char* scores_name, DType dtype, std::size_t i, std::size_t s) {
  CrossEntropyArgs r{args.array(i, "target"), args.optional_array(i + 2, "weight"), 0, 0, 0, 0, 0, 0, 0, 0, 0};
  r.target_offset = args.size(i + 1, "targetOffset");
  r.weight_offset = args.size(i + 3, "weightOffset");
  r.outer = args.size(s, "outer");
  r.classes = args.size(s + 1, "classes");
  r.inner = args.size(s + 2, "inner");
  r.label_smoothing = args.number(s + 3, "labelSmoothing");
  r.ignore_index = args.integer(s + 4, "ignoreIndex", kInt32Min, kInt32Max);
  if (dtype == DType::Int32) args.type_error(std::string(scores_name) + " must be a Float32Array or Float64Array, got int32");
  const long double volume = static_cast<long double>(r.outer) * r.classes * r.inner;
  if (volume > static_cast<long double>(Args::kMaxSize)) args.range_error("outer·classes·inner is too large");
  r.positions = r.outer * r.inner;
  r.scores = r.outer * r.classes * r.inner;
  if (r.classes == 0 && r.positions > 0) args.range_error("classes must be at least 1");
  if (!(r.label_smoothing >= 0 && r.label_smoothing <= 1)) {
    args.range_error("labelSmoothing must be in [0, 1], got " + number_text(r.label_smoothing));
  }
  if (r.target.dtype == DType::Int32) {
    args.expect_fits(r.target, r.target_offset, r.positions);
  } else if (r.target.dtype == dtype) {
    args.expect_fits(r.target, r.target_offset, r.scores);
  } else {
    args.type_error(std::string("target must be int32 class indices or ") + k::dtype_name(dtype) +
                    " probabilities, got " + k::dtype_name(r.target.dtype));
  }
  if (r.weight.data != nullptr) {
    args.expect_dtype(r.weight, dtype);
    args.expect_fits(r.weight, r.weight_offset, r.classes);
  }
  if (r.target.dtype == DType::Int32) {
    const std::int32_t* y = r.target.as<std::int32_t>(r.target_offset);
    const index_t bad = k::find_invalid_class(y, r.positions, r.classes, r.ignore_index);
    if (bad >= 0) {
      args.range_error("target " + std::to_string(y[bad]) + " at position " + std::to_string(bad) +
                       " is out of range for " + std::to_string(r.classes) + " classes (ignoreIndex is " +
                       std::to_string(r.ignore_index) + ")");
    }
  }
  return r;
}

ByteRange target_range(const CrossEntropyArgs& r) {
  return byte_range(r.target, r.target_offset, r.target.dtype == DType::Int32 ? r.positions : r.scores);
}

k::CrossEntropyTarget kernel_target(const CrossEntropyArgs& r) {
  k::CrossEntropyTarget t;
  if (r.target.dtype == DType::Int32) {
    t.class_index = r.target.as<std::int32_t>(r.target_offset);
  } else {
    t.probability = r.target.at(r.target_offset);
  }
  t.weight = r.weight.data != nullptr ? r.weight.at(r.weight_offset) : nullptr;
  t.label_smoothing = r.label_smoothing;
  t.ignore_index = r.ignore_index;
  return t;
}

Napi::Value cross_entropy(const Napi::CallbackInfo& info) {
  Args args(info, "crossEntropy");
  const ArrayArg x = args.array(0, "x");
  const index_t x_offset = args.size(1, "xOffset");
  const CrossEntropyArgs r = read_common(args, "x", x.dtype, 2, 10);
  const ArrayArg sm = args.array(6, "softmax");
  const index_t sm_offset = args.size(7, "softmaxOffset");
  const ArrayArg loss = args.array(8, "loss");
  const index_t loss_offset = args.size(9, "lossOffset");
  args.expect_dtype(sm, x.dtype);
  args.expect_dtype(loss, x.dtype);
  args.expect_fits(x, x_offset, r.scores);
  args.expect_fits(sm, sm_offset, r.scores);
  args.expect_fits(loss, loss_offset, r.positions);
  const ByteRange sr = byte_range(sm, sm_offset, r.scores), pr = byte_range(loss, loss_offset, r.positions);
  const ByteRange xr = byte_range(x, x_offset, r.scores), tr = target_range(r);
  const ByteRange wr = r.weight.data != nullptr ? byte_range(r.weight, r.weight_offset, r.classes) : ByteRange{nullptr, nullptr};
  for (const ByteRange out : {sr, pr}) {
    if (overlaps(out, xr) || overlaps(out, tr) || overlaps(out, wr)) args.range_error("an output overlaps an input");
  }
  if (overlaps(sr, pr)) args.range_error("softmax overlaps loss");
  const double denominator =
      k::cross_entropy_forward(x.dtype, x.at(x_offset), kernel_target(r), sm.at(sm_offset), loss.at(loss_offset),
                               r.outer, r.classes, r.inner);
  return Napi::Number::New(info.Env(), denominator);
}

Napi::Value cross_entropy_backward(const Napi::CallbackInfo& info) {
  Args args(info, "crossEntropyBackward");
  const ArrayArg scale = args.array(0, "scale");
  const index_t scale_offset = args.size(1, "scaleOffset");
  const index_t scale_stride = args.integer(2, "scaleStride", 0, 1);
  const ArrayArg sm = args.array(3, "softmax");
  const index_t sm_offset = args.size(4, "softmaxOffset");
  const CrossEntropyArgs r = read_common(args, "softmax", sm.dtype, 5, 11);
  const ArrayArg dx = args.array(9, "dx");
  const index_t dx_offset = args.size(10, "dxOffset");
  args.expect_dtype(scale, sm.dtype);
  args.expect_dtype(dx, sm.dtype);
  const index_t scale_count = scale_stride == 0 ? (r.positions > 0 ? 1 : 0) : r.positions;
  args.expect_fits(scale, scale_offset, scale_count);
  args.expect_fits(sm, sm_offset, r.scores);
  args.expect_fits(dx, dx_offset, r.scores);
  const ByteRange dr = byte_range(dx, dx_offset, r.scores);
  const ByteRange wr = r.weight.data != nullptr ? byte_range(r.weight, r.weight_offset, r.classes) : ByteRange{nullptr, nullptr};
  if (overlaps(dr, byte_range(scale, scale_offset, scale_count)) || overlaps(dr, byte_range(sm, sm_offset, r.scores)) ||
      overlaps(dr, target_range(r)) || overlaps(dr, wr)) {
    args.range_error("dx overlaps an input");
  }
  k::cross_entropy_backward(sm.dtype, scale.at(scale_offset), scale_stride, sm.at(sm_offset), kernel_target(r),
                            dx.at(dx_offset), r.outer, r.classes, r.inner);
  return info.Env().Undefined();
}

}  // namespace

void register_loss(Napi::Env env, Napi::Object exports) {
  exports.Set("crossEntropy", Napi::Function::New(env, cross_entropy, "crossEntropy"));
  exports.Set("crossEntropyBackward", Napi::Function::New(env, cross_entropy_backward, "crossEntropyBackward"));
}

}  // namespace descent::addon
