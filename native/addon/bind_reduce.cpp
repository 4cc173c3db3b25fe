// reduce(op, x, xOffset, outer, len, inner, out | null, outOffset, index | null, indexOffset, correction)
// softmax(x, xOffset, y, yOffset, outer, len, inner, log)
// softmaxBackward(g, gOffset, y, yOffset, dx, dxOffset, outer, len, inner, log)
#include <string>

#include "args.h"
#include "bindings.h"
#include "op_names.h"
#include "reduce/reduce.h"
#include "softmax/softmax.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// outer·len·inner, refusing products no array could hold.
index_t volume(const Args& args, index_t outer, index_t len, index_t inner) {
  const long double v = static_cast<long double>(outer) * len * inner;
  if (v > static_cast<long double>(Args::kMaxSize)) args.range_error("outer·len·inner is too large");
  return outer * len * inner;
}

Napi::Value reduce(const Napi::CallbackInfo& info) {
  Args args(info, "reduce");
  const auto op = static_cast<k::ReduceOp>(args.integer(0, "op", 0, static_cast<int>(k::ReduceOp::Count) - 1));
  const ArrayArg x = args.array(1, "x");
  const index_t x_offset = args.size(2, "xOffset");
  const index_t outer = args.size(3, "outer"), len = args.size(4, "len"), inner = args.size(5, "inner");
  const ArrayArg out = args.optional_array(6, "out");
  const index_t out_offset = args.size(7, "outOffset");
  const ArrayArg index = args.optional_array(8, "index");
  const index_t index_offset = args.size(9, "indexOffset");
  const double correction = args.number(10, "correction");
  const bool arg_op = op == k::ReduceOp::Argmax || op == k::ReduceOp::Argmin;
  const bool extreme = arg_op || op == k::ReduceOp::Max || op == k::ReduceOp::Min;
  if (op == k::ReduceOp::SumSquaredDeviation) args.type_error("sumSquaredDeviation is internal");
  if (x.dtype == DType::Int32 && (op == k::ReduceOp::Mean || op == k::ReduceOp::Var)) {
    args.type_error(std::string(reduce_name(op)) + " is not defined for int32 tensors");
  }
  const index_t n_in = volume(args, outer, len, inner);
  const index_t n_out = outer * inner;
  if (extreme && len == 0 && n_out > 0) {
    args.range_error(std::string(reduce_name(op)) + " of an empty dimension is undefined");
  }
  args.expect_fits(x, x_offset, n_in);
  if (out.data != nullptr) {
    args.expect_dtype(out, x.dtype);
    args.expect_fits(out, out_offset, n_out);
    if (overlaps(byte_range(out, out_offset, n_out), byte_range(x, x_offset, n_in))) {
      args.range_error("out overlaps x");
    }
  } else if (!arg_op) {
    args.type_error(std::string(reduce_name(op)) + " needs an output array");
  }
  if (arg_op) {
    if (index.data == nullptr) args.type_error(std::string(reduce_name(op)) + " needs an index array");
    args.expect_dtype(index, DType::Int32);
    args.expect_fits(index, index_offset, n_out);
    if (len > 2147483647) args.range_error("the reduced dimension is too long for int32 positions");
    const ByteRange ir = byte_range(index, index_offset, n_out);
    if (overlaps(ir, byte_range(x, x_offset, n_in)) || overlaps(ir, byte_range(out, out_offset, n_out))) {
      args.range_error("index overlaps another argument");
    }
  }
  k::reduce(k::active_table(), x.dtype, op, x.at(x_offset), outer, len, inner,
            out.data != nullptr ? out.at(out_offset) : nullptr,
            arg_op ? index.as<std::int32_t>(index_offset) : nullptr, correction);
  return info.Env().Undefined();
}

Napi::Value softmax(const Napi::CallbackInfo& info) {
  Args args(info, "softmax");
  const ArrayArg x = args.array(0, "x");
  const index_t x_offset = args.size(1, "xOffset");
  const ArrayArg y = args.array(2, "y");
  const index_t y_offset = args.size(3, "yOffset");
  const index_t outer = args.size(4, "outer"), len = args.size(5, "len"), inner = args.size(6, "inner");
  const bool log = args.boolean(7, "log");
  if (x.dtype == DType::Int32) args.type_error("softmax is not defined for int32 tensors");
  args.expect_dtype(y, x.dtype);
  const index_t n = volume(args, outer, len, inner);
  args.expect_fits(x, x_offset, n);
  args.expect_fits(y, y_offset, n);
  const ByteRange xr = byte_range(x, x_offset, n), yr = byte_range(y, y_offset, n);
  if (overlaps(xr, yr) && xr.begin != yr.begin) args.range_error("y overlaps x without being the same elements");
  k::softmax(k::active_table(), x.dtype, x.at(x_offset), y.at(y_offset), outer, len, inner, log);
  return info.Env().Undefined();
}

// softmaxBackward(g, gOffset, y, yOffset, dx, dxOffset, outer, len, inner, log)
Napi::Value softmax_backward(const Napi::CallbackInfo& info) {
  Args args(info, "softmaxBackward");
  const ArrayArg g = args.array(0, "g");
  const index_t g_offset = args.size(1, "gOffset");
  const ArrayArg y = args.array(2, "y");
  const index_t y_offset = args.size(3, "yOffset");
  const ArrayArg dx = args.array(4, "dx");
  const index_t dx_offset = args.size(5, "dxOffset");
  const index_t outer = args.size(6, "outer"), len = args.size(7, "len"), inner = args.size(8, "inner");
  const bool log = args.boolean(9, "log");
  if (g.dtype == DType::Int32) args.type_error("softmaxBackward is not defined for int32 tensors");
  args.expect_dtype(y, g.dtype);
  args.expect_dtype(dx, g.dtype);
  const index_t n = volume(args, outer, len, inner);
  args.expect_fits(g, g_offset, n);
  args.expect_fits(y, y_offset, n);
  args.expect_fits(dx, dx_offset, n);
  const ByteRange gr = byte_range(g, g_offset, n), yr = byte_range(y, y_offset, n), dr = byte_range(dx, dx_offset, n);
  if (overlaps(dr, yr) || (overlaps(dr, gr) && dr.begin != gr.begin)) args.range_error("dx overlaps y, or g without being the same elements");
  k::softmax_backward(k::active_table(), g.dtype, g.at(g_offset), y.at(y_offset), dx.at(dx_offset), outer, len, inner, log);
  return info.Env().Undefined();
}

}  // namespace

void register_reduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, reduce, "reduce"));
  exports.Set("softmax", Napi::Function::New(env, softmax, "softmax"));
  exports.Set("softmaxBackward", Napi::Function::New(env, softmax_backward, "softmaxBackward"));
}

}  // namespace descent::addon
