// Level-1 BLAS over contiguous float arrays of one dtype and equal element counts (blas1/):
// dot(; x, y) → Σ x·y; norm2(; x) → ‖x‖₂; axpy(alpha; x, y w): y += alpha·x (y may be
// exactly x); scal(alpha; x w): x *= alpha; triad(s; a w, b, c): a = b + s·c.
#include <string>

#include "blas1/blas1.h"
#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

void expect_vector(const Reader& r, const TensorArg& t, const TensorArg& first) {
  if (&t == &first && t.dtype == DType::Int32) {
    r.type_error(t.label() + " must be float32 or float64, got int32");
  }
  r.expect_dtype(t, first.dtype);
  r.expect_contiguous(t);
  if (t.numel != first.numel) {
    r.range_error(t.label() + " has " + std::to_string(t.numel) + " elements, " + first.label() + " has " +
                  std::to_string(first.numel));
  }
}

const k::Blas1KernelSet& blas1() { return k::active_table().blas1; }

}  // namespace

Napi::Value bind_dot(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("dot");
  constexpr int kX = e.tensor("x"), kY = e.tensor("y");
  const TensorArg& x = r.tensor(kX);
  const TensorArg& y = r.tensor(kY);
  expect_vector(r, x, x);
  expect_vector(r, y, x);
  return Napi::Number::New(r.env(), k::dot(blas1(), x.dtype, x.at(), y.at(), x.numel));
}

Napi::Value bind_norm2(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("norm2");
  constexpr int kX = e.tensor("x");
  const TensorArg& x = r.tensor(kX);
  expect_vector(r, x, x);
  return Napi::Number::New(r.env(), k::norm2(blas1(), x.dtype, x.at(), x.numel));
}

Napi::Value bind_axpy(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("axpy");
  constexpr int kX = e.tensor("x"), kY = e.tensor("y");
  constexpr int kAlpha = e.option("alpha");
  const TensorArg& x = r.tensor(kX);
  const TensorArg& y = r.tensor(kY);
  expect_vector(r, x, x);
  expect_vector(r, y, x);
  const ByteRange xr = x.bytes(), yr = y.bytes();
  if (overlaps(xr, yr) && xr.begin != yr.begin) r.range_error("y overlaps x without being the same elements");
  k::axpy(blas1(), x.dtype, x.numel, r.number(kAlpha), x.at(), y.at());
  return {};
}

Napi::Value bind_scal(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("scal");
  constexpr int kX = e.tensor("x");
  constexpr int kAlpha = e.option("alpha");
  const TensorArg& x = r.tensor(kX);
  expect_vector(r, x, x);
  k::scal(blas1(), x.dtype, x.numel, r.number(kAlpha), x.at());
  return {};
}

Napi::Value bind_triad(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("triad");
  constexpr int kA = e.tensor("a"), kB = e.tensor("b"), kC = e.tensor("c");
  constexpr int kS = e.option("s");
  const TensorArg& a = r.tensor(kA);
  const TensorArg& b = r.tensor(kB);
  const TensorArg& c = r.tensor(kC);
  expect_vector(r, a, a);
  expect_vector(r, b, a);
  expect_vector(r, c, a);
  const ByteRange ar = a.bytes();
  if (overlaps(ar, b.bytes()) || overlaps(ar, c.bytes())) r.range_error("a overlaps b or c");
  k::triad(blas1(), a.dtype, a.numel, r.number(kS), b.at(), c.at(), a.at());
  return {};
}

}  // namespace descent::addon
