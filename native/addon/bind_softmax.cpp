// softmax(log; x, y w) and softmaxBackward(log; g, y, dx w): along the middle axis of contiguous
// [outer, len, inner] tensors of one float dtype. y may be exactly x; dx may be exactly g.
// (softmax/)
#include <string>

#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "reader.h"
#include "softmax/softmax.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// A contiguous [outer, len, inner] tensor of `like`'s shape.
void expect_slab(const Reader& r, const TensorArg& t, const TensorArg& like) {
  r.expect_ndim(t, 3, "[outer, len, inner]");
  r.expect_contiguous(t);
  if (&t != &like) r.expect_shape(t, like.shape);
}

}  // namespace

Napi::Value bind_softmax(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("softmax");
  constexpr int kLog = e.option("log"), kX = e.tensor("x"), kY = e.tensor("y");
  const TensorArg& x = r.tensor(kX);
  const TensorArg& y = r.tensor(kY);
  if (x.dtype == DType::Int32) r.type_error("softmax is not defined for int32 tensors");
  r.expect_dtype(y, x.dtype);
  expect_slab(r, x, x);
  expect_slab(r, y, x);
  const ByteRange xr = x.bytes(), yr = y.bytes();
  if (overlaps(xr, yr) && xr.begin != yr.begin) r.range_error("y overlaps x without being the same elements");
  k::softmax(k::active_table().softmax, x.dtype, x.at(), y.at(), x.dim(0), x.dim(1), x.dim(2), r.flag(kLog));
  return {};
}

Napi::Value bind_softmax_backward(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("softmaxBackward");
  constexpr int kLog = e.option("log"), kG = e.tensor("g"), kY = e.tensor("y"), kDx = e.tensor("dx");
  const TensorArg& g = r.tensor(kG);
  const TensorArg& y = r.tensor(kY);
  const TensorArg& dx = r.tensor(kDx);
  if (g.dtype == DType::Int32) r.type_error("softmaxBackward is not defined for int32 tensors");
  r.expect_dtype(y, g.dtype);
  r.expect_dtype(dx, g.dtype);
  expect_slab(r, g, g);
  expect_slab(r, y, g);
  expect_slab(r, dx, g);
  const ByteRange gr = g.bytes(), yr = y.bytes(), dr = dx.bytes();
  if (overlaps(dr, yr) || (overlaps(dr, gr) && dr.begin != gr.begin)) {
    r.range_error("dx overlaps y, or g without being the same elements");
  }
  k::softmax_backward(k::active_table().softmax, g.dtype, g.at(), y.at(), dx.at(), g.dim(0), g.dim(1), g.dim(2),
                      r.flag(kLog));
  return {};
}

}  // namespace descent::addon
