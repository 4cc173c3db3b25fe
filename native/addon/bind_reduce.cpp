// reduce(op, correction; x, out? w, index? w): one axis of a contiguous x viewed as
//   [outer, len, inner]; out (x's dtype) and index (int32 positions, for argmax/argmin) are
//   [outer, inner]. (reduce/)
#include <string>

#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "op_names.h"
#include "reader.h"
#include "reduce/reduce.h"

namespace descent::addon {

namespace k = descent::kernels;

Napi::Value bind_reduce(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("reduce");
  constexpr int kOp = e.option("op"), kCorrection = e.option("correction");
  constexpr int kX = e.tensor("x"), kOut = e.tensor("out"), kIndex = e.tensor("index");
  const auto op = static_cast<k::ReduceOp>(r.integer(kOp));
  const TensorArg& x = r.tensor(kX);
  const TensorArg& out = r.tensor(kOut);
  const TensorArg& index = r.tensor(kIndex);
  const bool arg_op = op == k::ReduceOp::Argmax || op == k::ReduceOp::Argmin;
  const bool extreme = arg_op || op == k::ReduceOp::Max || op == k::ReduceOp::Min;
  if (op == k::ReduceOp::SumSquaredDeviation) r.type_error("sumSquaredDeviation is internal");
  if (x.dtype == DType::Int32 && (op == k::ReduceOp::Mean || op == k::ReduceOp::Var)) {
    r.type_error(std::string(reduce_name(op)) + " is not defined for int32 tensors");
  }
  r.expect_ndim(x, 3, "[outer, len, inner]");
  r.expect_contiguous(x);
  const index_t outer = x.dim(0), len = x.dim(1), inner = x.dim(2);
  const Dims result{2, {outer, inner}};
  if (extreme && len == 0 && outer > 0 && inner > 0) {
    r.range_error(std::string(reduce_name(op)) + " of an empty dimension is undefined");
  }
  if (out.present) {
    r.expect_dtype(out, x.dtype);
    r.expect_shape(out, result);
    r.expect_contiguous(out);
    if (overlaps(out.bytes(), x.bytes())) r.range_error("out overlaps x");
  } else if (!arg_op) {
    r.type_error(std::string(reduce_name(op)) + " needs an output array");
  }
  if (arg_op) {
    if (!index.present) r.type_error(std::string(reduce_name(op)) + " needs an index array");
    r.expect_dtype(index, DType::Int32);
    r.expect_shape(index, result);
    r.expect_contiguous(index);
    if (len > 2147483647) r.range_error("the reduced dimension is too long for int32 positions");
    if (overlaps(index.bytes(), x.bytes()) || overlaps(index.bytes(), out.bytes())) {
      r.range_error("index overlaps another argument");
    }
  }
  k::reduce(k::active_table().reduce, x.dtype, op, x.at(), outer, len, inner, out.at(),
            arg_op ? index.as<std::int32_t>() : nullptr, r.number(kCorrection));
  return {};
}

}  // namespace descent::addon
