// unary(op, p0, p1; x, y w): y = f(x), x and y contiguous with the same number of elements; y
//   may be exactly x.
// binary(op, p0, p1; a, b, out w): out = f(a, b) over one shape; a and b through any strides (0
//   broadcasts), out contiguous; out may be exactly a or b where that operand is laid out as out.
// (elementwise/)
#include <string>

#include "elementwise/elementwise.h"
#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "op_names.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

bool int_unary_supported(k::UnaryOp op) {
  return op == k::UnaryOp::Neg || op == k::UnaryOp::Abs || op == k::UnaryOp::Square || op == k::UnaryOp::Sign ||
         op == k::UnaryOp::Relu || op == k::UnaryOp::Clamp;
}

bool int_binary_supported(k::BinaryOp op) {
  return op == k::BinaryOp::Add || op == k::BinaryOp::Sub || op == k::BinaryOp::Mul ||
         op == k::BinaryOp::Maximum || op == k::BinaryOp::Minimum || k::is_comparison(op);
}

// An output may alias an input only exactly (in place: the same elements in the same layout).
void expect_no_partial_overlap(const Reader& r, ByteRange out, ByteRange in, bool in_laid_out_as_out,
                               const char* in_name) {
  if (!overlaps(out, in)) return;
  if (out.begin == in.begin && out.end == in.end && in_laid_out_as_out) return;
  r.range_error(std::string("the output overlaps ") + in_name + " without being the same elements");
}

}  // namespace

Napi::Value bind_unary(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("unary");
  constexpr int kOp = e.option("op"), kP0 = e.option("p0"), kP1 = e.option("p1");
  constexpr int kX = e.tensor("x"), kY = e.tensor("y");
  const auto op = static_cast<k::UnaryOp>(r.integer(kOp));
  const TensorArg& x = r.tensor(kX);
  const TensorArg& y = r.tensor(kY);
  r.expect_dtype(y, x.dtype);
  if (x.dtype == DType::Int32 && !int_unary_supported(op)) {
    r.type_error(std::string(unary_name(op)) + " is not defined for int32 tensors");
  }
  r.expect_contiguous(x);
  r.expect_contiguous(y);
  if (x.numel != y.numel) {
    r.range_error("x and y must have the same number of elements, got " + std::to_string(x.numel) + " and " +
                  std::to_string(y.numel));
  }
  expect_no_partial_overlap(r, y.bytes(), x.bytes(), true, "x");
  k::unary(k::active_table().elementwise, x.dtype, op, x.at(), y.at(), x.numel, r.number(kP0), r.number(kP1));
  return {};
}

Napi::Value bind_binary(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("binary");
  constexpr int kOp = e.option("op"), kP0 = e.option("p0"), kP1 = e.option("p1");
  constexpr int kA = e.tensor("a"), kB = e.tensor("b"), kOut = e.tensor("out");
  const auto op = static_cast<k::BinaryOp>(r.integer(kOp));
  const TensorArg& a = r.tensor(kA);
  const TensorArg& b = r.tensor(kB);
  const TensorArg& out = r.tensor(kOut);
  if (a.shape != out.shape || b.shape != out.shape) {
    r.range_error("a, b and out must have one shape, got " + describe(a.shape) + ", " + describe(b.shape) + " and " +
                  describe(out.shape));
  }
  r.expect_dtype(b, a.dtype);
  if (a.dtype == DType::Int32) {
    if (!int_binary_supported(op)) r.type_error(std::string(binary_name(op)) + " is not defined for int32 tensors");
    r.expect_dtype(out, k::is_comparison(op) ? DType::Float32 : DType::Int32);
  } else {
    r.expect_dtype(out, a.dtype);
  }
  r.expect_contiguous(out);
  const ByteRange out_bytes = out.bytes();
  expect_no_partial_overlap(r, out_bytes, a.bytes(), a.contiguous(), "a");
  expect_no_partial_overlap(r, out_bytes, b.bytes(), b.contiguous(), "b");
  k::binary(k::active_table().elementwise, a.dtype, op, a.at(), a.strides.v, b.at(), b.strides.v, out.at(),
            out.shape.v, out.shape.ndim, r.number(kP0), r.number(kP1));
  return {};
}

}  // namespace descent::addon
