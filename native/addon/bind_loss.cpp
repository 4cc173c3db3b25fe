// Fused cross-entropy (loss/). Scores x, softmax and dx are contiguous [outer, classes, inner];
// the target is int32 class indices [outer, inner] or probabilities of the scores' dtype
// [outer, classes, inner]; weight is [classes]; loss is [outer, inner].
// crossEntropy(labelSmoothing, ignoreIndex; x, target, weight?, softmax w, loss w) → the
//   'mean' denominator
// crossEntropyBackward(labelSmoothing, ignoreIndex; scale, softmax, target, weight?, dx w):
//   scale is [outer, inner], either contiguous (one per position) or with all strides 0 (one
//   value for every position).
#include <string>

#include "entry_points.h"
#include "loss/cross_entropy.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// What both entry points share, read and checked against the scores tensor `scores`.
struct Common {
  index_t outer, classes, inner, positions;
  k::CrossEntropyTarget target;
};

Common read_common(const Reader& r, const TensorArg& scores, const TensorArg& target, const TensorArg& weight,
                   double label_smoothing, index_t ignore_index) {
  if (scores.dtype == DType::Int32) {
    r.type_error(scores.label() + " must be a Float32Array or Float64Array, got int32");
  }
  r.expect_ndim(scores, 3, "[outer, classes, inner]");
  r.expect_contiguous(scores);
  Common c{scores.dim(0), scores.dim(1), scores.dim(2), scores.dim(0) * scores.dim(2), {}};
  if (c.classes == 0 && c.positions > 0) r.range_error("classes must be at least 1");
  if (!(label_smoothing >= 0 && label_smoothing <= 1)) {
    r.range_error("labelSmoothing must be in [0, 1], got " + number_text(label_smoothing));
  }
  r.expect_contiguous(target);
  if (target.dtype == DType::Int32) {
    r.expect_shape(target, Dims{2, {c.outer, c.inner}});
  } else if (target.dtype == scores.dtype) {
    r.expect_shape(target, scores.shape);
  } else {
    r.type_error(std::string("target must be int32 class indices or ") + k::dtype_name(scores.dtype) +
                 " probabilities, got " + k::dtype_name(target.dtype));
  }
  if (weight.present) {
    r.expect_dtype(weight, scores.dtype);
    r.expect_contiguous(weight);
    r.expect_shape(weight, Dims{1, {c.classes}});
  }
  if (target.dtype == DType::Int32) {
    const std::int32_t* y = target.as<std::int32_t>();
    const index_t bad = k::find_invalid_class(y, c.positions, c.classes, ignore_index);
    if (bad >= 0) {
      r.range_error("target " + std::to_string(y[bad]) + " at position " + std::to_string(bad) +
                    " is out of range for " + std::to_string(c.classes) + " classes (ignoreIndex is " +
                    std::to_string(ignore_index) + ")");
    }
    c.target.class_index = y;
  } else {
    c.target.probability = target.at();
  }
  c.target.weight = weight.at();
  c.target.label_smoothing = label_smoothing;
  c.target.ignore_index = ignore_index;
  return c;
}

}  // namespace

Napi::Value bind_cross_entropy(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("crossEntropy");
  constexpr int kSmoothing = e.option("labelSmoothing"), kIgnore = e.option("ignoreIndex");
  constexpr int kX = e.tensor("x"), kTarget = e.tensor("target"), kWeight = e.tensor("weight");
  constexpr int kSoftmax = e.tensor("softmax"), kLoss = e.tensor("loss");
  const TensorArg& x = r.tensor(kX);
  const TensorArg& target = r.tensor(kTarget);
  const TensorArg& weight = r.tensor(kWeight);
  const TensorArg& sm = r.tensor(kSoftmax);
  const TensorArg& loss = r.tensor(kLoss);
  const Common c = read_common(r, x, target, weight, r.number(kSmoothing), r.integer(kIgnore));
  r.expect_dtype(sm, x.dtype);
  r.expect_dtype(loss, x.dtype);
  r.expect_contiguous(sm);
  r.expect_contiguous(loss);
  r.expect_shape(sm, x.shape);
  r.expect_shape(loss, Dims{2, {c.outer, c.inner}});
  const ByteRange sr = sm.bytes(), pr = loss.bytes();
  for (const ByteRange out : {sr, pr}) {
    if (overlaps(out, x.bytes()) || overlaps(out, target.bytes()) || overlaps(out, weight.bytes())) {
      r.range_error("an output overlaps an input");
    }
  }
  if (overlaps(sr, pr)) r.range_error("softmax overlaps loss");
  const double denominator =
      k::cross_entropy_forward(x.dtype, x.at(), c.target, sm.at(), loss.at(), c.outer, c.classes, c.inner);
  return Napi::Number::New(r.env(), denominator);
}

Napi::Value bind_cross_entropy_backward(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("crossEntropyBackward");
  constexpr int kSmoothing = e.option("labelSmoothing"), kIgnore = e.option("ignoreIndex");
  constexpr int kScale = e.tensor("scale"), kSoftmax = e.tensor("softmax"), kTarget = e.tensor("target");
  constexpr int kWeight = e.tensor("weight"), kDx = e.tensor("dx");
  const TensorArg& scale = r.tensor(kScale);
  const TensorArg& sm = r.tensor(kSoftmax);
  const TensorArg& target = r.tensor(kTarget);
  const TensorArg& weight = r.tensor(kWeight);
  const TensorArg& dx = r.tensor(kDx);
  const Common c = read_common(r, sm, target, weight, r.number(kSmoothing), r.integer(kIgnore));
  r.expect_dtype(scale, sm.dtype);
  r.expect_dtype(dx, sm.dtype);
  r.expect_shape(scale, Dims{2, {c.outer, c.inner}});
  bool shared = scale.strided;
  for (int d = 0; d < scale.strides.ndim && shared; ++d) shared = scale.strides.v[d] == 0;
  if (!shared && !scale.contiguous()) {
    r.range_error("scaleStrides must be all 0 (one scale for every position) or contiguous, got " +
                  describe(scale.strides));
  }
  r.expect_contiguous(dx);
  r.expect_shape(dx, sm.shape);
  const ByteRange dr = dx.bytes();
  if (overlaps(dr, scale.bytes()) || overlaps(dr, sm.bytes()) || overlaps(dr, target.bytes()) ||
      overlaps(dr, weight.bytes())) {
    r.range_error("dx overlaps an input");
  }
  k::cross_entropy_backward(sm.dtype, scale.at(), shared ? 0 : 1, sm.at(), c.target, dx.at(), c.outer, c.classes,
                            c.inner);
  return {};
}

}  // namespace descent::addon
