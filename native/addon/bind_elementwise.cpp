// unary(op, x, xOffset, y, yOffset, n, p0, p1)
// binary(op, a, aOffset, aStrides, b, bOffset, bStrides, out, outOffset, shape, p0, p1)
#include <string>

#include "args.h"
#include "bindings.h"
#include "elementwise/elementwise.h"
#include "op_names.h"

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

// An output may alias an input only exactly (in place, same start and contiguous layout).
void expect_no_partial_overlap(const Args& args, ByteRange out, ByteRange in, bool in_is_contiguous_like_out,
                               const char* in_name) {
  if (!overlaps(out, in)) return;
  if (out.begin == in.begin && out.end == in.end && in_is_contiguous_like_out) return;
  args.range_error(std::string("the output overlaps ") + in_name + " without being the same elements");
}

Napi::Value unary(const Napi::CallbackInfo& info) {
  Args args(info, "unary");
  const auto op = static_cast<k::UnaryOp>(args.integer(0, "op", 0, static_cast<int>(k::UnaryOp::Count) - 1));
  const ArrayArg x = args.array(1, "x");
  const index_t x_offset = args.size(2, "xOffset");
  const ArrayArg y = args.array(3, "y");
  const index_t y_offset = args.size(4, "yOffset");
  const index_t n = args.size(5, "n");
  const double p0 = args.number(6, "p0"), p1 = args.number(7, "p1");
  args.expect_dtype(y, x.dtype);
  if (x.dtype == DType::Int32 && !int_unary_supported(op)) {
    args.type_error(std::string(unary_name(op)) + " is not defined for int32 tensors");
  }
  args.expect_fits(x, x_offset, n);
  args.expect_fits(y, y_offset, n);
  expect_no_partial_overlap(args, byte_range(y, y_offset, n), byte_range(x, x_offset, n), true, "x");
  k::unary(k::active_table(), x.dtype, op, x.at(x_offset), y.at(y_offset), n, p0, p1);
  return info.Env().Undefined();
}

Napi::Value binary(const Napi::CallbackInfo& info) {
  Args args(info, "binary");
  const auto op = static_cast<k::BinaryOp>(args.integer(0, "op", 0, static_cast<int>(k::BinaryOp::Count) - 1));
  const ArrayArg a = args.array(1, "a");
  const index_t a_offset = args.size(2, "aOffset");
  const ArrayArg b = args.array(4, "b");
  const index_t b_offset = args.size(5, "bOffset");
  const ArrayArg out = args.array(7, "out");
  const index_t out_offset = args.size(8, "outOffset");
  const Dims shape = args.shape(9, "shape");
  const Dims a_strides = args.strides(3, "aStrides", shape.ndim);
  const Dims b_strides = args.strides(6, "bStrides", shape.ndim);
  const double p0 = args.number(10, "p0"), p1 = args.number(11, "p1");
  args.expect_dtype(b, a.dtype);
  if (a.dtype == DType::Int32) {
    if (!int_binary_supported(op)) args.type_error(std::string(binary_name(op)) + " is not defined for int32 tensors");
    args.expect_dtype(out, k::is_comparison(op) ? DType::Float32 : DType::Int32);
  } else {
    args.expect_dtype(out, a.dtype);
  }
  args.expect_fits(a, a_offset, shape, a_strides);
  args.expect_fits(b, b_offset, shape, b_strides);
  const index_t n = shape.numel();
  args.expect_fits(out, out_offset, n);
  const Dims dense = contiguous_strides(shape);
  auto same_layout = [&](const Dims& s) {
    for (int d = 0; d < shape.ndim; ++d) {
      if (shape.v[d] > 1 && s.v[d] != dense.v[d]) return false;
    }
    return true;
  };
  const ByteRange out_range = byte_range(out, out_offset, n);
  expect_no_partial_overlap(args, out_range, byte_range(a, a_offset, shape, a_strides), same_layout(a_strides), "a");
  expect_no_partial_overlap(args, out_range, byte_range(b, b_offset, shape, b_strides), same_layout(b_strides), "b");
  k::binary(k::active_table(), a.dtype, op, a.at(a_offset), a_strides.v, b.at(b_offset), b_strides.v,
            out.at(out_offset), shape.v, shape.ndim, p0, p1);
  return info.Env().Undefined();
}

}  // namespace

void register_elementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, unary, "unary"));
  exports.Set("binary", Napi::Function::New(env, binary, "binary"));
}

}  // namespace descent::addon
