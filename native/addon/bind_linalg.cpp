// gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, strideA, b, bOffset, ldb, strideB,
//      beta, c, cOffset, ldc, strideC, batch)
// dot(x, xOffset, y, yOffset, n); norm2(x, xOffset, n); axpy(n, alpha, x, xOffset, y, yOffset);
// scal(n, alpha, x, xOffset); triad(a, aOffset, b, bOffset, c, cOffset, n, s): a = b + s·c
#include <algorithm>
#include <string>

#include "args.h"
#include "bindings.h"
#include "blas1/blas1.h"
#include "dispatch/kernel_table.h"
#include "gemm/gemm.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

void expect_float(const Args& args, const ArrayArg& a) {
  if (a.dtype == DType::Int32) args.type_error(std::string(a.name) + " must be float32 or float64, got int32");
}

// The stored matrix of a batched operand as [batch, rows, cols] with strides [stride, ld, 1].
void expect_matrix_fits(const Args& args, const ArrayArg& a, index_t offset, index_t batch, index_t stride,
                        index_t rows, index_t cols, index_t ld, Dims& shape_out, Dims& strides_out) {
  if (ld < std::max<index_t>(1, cols)) {
    args.range_error(std::string("the leading dimension of ") + a.name + " (" + std::to_string(ld) +
                     ") is less than its row length " + std::to_string(cols));
  }
  shape_out.ndim = strides_out.ndim = 3;
  shape_out.v[0] = batch;
  shape_out.v[1] = rows;
  shape_out.v[2] = cols;
  strides_out.v[0] = stride;
  strides_out.v[1] = ld;
  strides_out.v[2] = 1;
  args.expect_fits(a, offset, shape_out, strides_out);
}

Napi::Value gemm(const Napi::CallbackInfo& info) {
  Args args(info, "gemm");
  const bool trans_a = args.boolean(0, "transA"), trans_b = args.boolean(1, "transB");
  const index_t m = args.size(2, "m"), n = args.size(3, "n"), kk = args.size(4, "k");
  const double alpha = args.number(5, "alpha");
  const ArrayArg a = args.array(6, "a");
  const index_t a_offset = args.size(7, "aOffset"), lda = args.size(8, "lda"), stride_a = args.size(9, "strideA");
  const ArrayArg b = args.array(10, "b");
  const index_t b_offset = args.size(11, "bOffset"), ldb = args.size(12, "ldb"), stride_b = args.size(13, "strideB");
  const double beta = args.number(14, "beta");
  const ArrayArg c = args.array(15, "c");
  const index_t c_offset = args.size(16, "cOffset"), ldc = args.size(17, "ldc"), stride_c = args.size(18, "strideC");
  const index_t batch = args.size(19, "batch");
  expect_float(args, a);
  args.expect_dtype(b, a.dtype);
  args.expect_dtype(c, a.dtype);
  if (static_cast<long double>(m) * n * kk > 1e18L) args.range_error("m·n·k is too large");
  Dims sa, ta, sb, tb, sc, tc;
  // op(A) is m x k; A is stored k x m when transposed.
  expect_matrix_fits(args, a, a_offset, kk > 0 ? batch : 0, stride_a, trans_a ? kk : m, trans_a ? m : kk, lda, sa, ta);
  expect_matrix_fits(args, b, b_offset, kk > 0 ? batch : 0, stride_b, trans_b ? n : kk, trans_b ? kk : n, ldb, sb, tb);
  expect_matrix_fits(args, c, c_offset, batch, stride_c, m, n, ldc, sc, tc);
  if (batch > 1 && m > 0 && n > 0 && stride_c < (m - 1) * ldc + n) {
    args.range_error("strideC (" + std::to_string(stride_c) + ") makes the output matrices overlap");
  }
  const ByteRange cr = byte_range(c, c_offset, sc, tc);
  if (overlaps(cr, byte_range(a, a_offset, sa, ta)) || overlaps(cr, byte_range(b, b_offset, sb, tb))) {
    args.range_error("c overlaps a or b");
  }
  const k::KernelTable& table = k::active_table();
  if (a.dtype == DType::Float32) {
    k::gemm_batched(table.f32.gemm, trans_a, trans_b, m, n, kk, static_cast<float>(alpha), a.as<float>(a_offset),
                    lda, stride_a, b.as<float>(b_offset), ldb, stride_b, static_cast<float>(beta),
                    c.as<float>(c_offset), ldc, stride_c, batch);
  } else {
    k::gemm_batched(table.f64.gemm, trans_a, trans_b, m, n, kk, alpha, a.as<double>(a_offset), lda, stride_a,
                    b.as<double>(b_offset), ldb, stride_b, beta, c.as<double>(c_offset), ldc, stride_c, batch);
  }
  return info.Env().Undefined();
}

Napi::Value dot(const Napi::CallbackInfo& info) {
  Args args(info, "dot");
  const ArrayArg x = args.array(0, "x");
  const index_t xo = args.size(1, "xOffset");
  const ArrayArg y = args.array(2, "y");
  const index_t yo = args.size(3, "yOffset");
  const index_t n = args.size(4, "n");
  expect_float(args, x);
  args.expect_dtype(y, x.dtype);
  args.expect_fits(x, xo, n);
  args.expect_fits(y, yo, n);
  return Napi::Number::New(info.Env(), k::dot(k::active_table(), x.dtype, x.at(xo), y.at(yo), n));
}

Napi::Value norm2(const Napi::CallbackInfo& info) {
  Args args(info, "norm2");
  const ArrayArg x = args.array(0, "x");
  const index_t xo = args.size(1, "xOffset");
  const index_t n = args.size(2, "n");
  expect_float(args, x);
  args.expect_fits(x, xo, n);
  return Napi::Number::New(info.Env(), k::norm2(k::active_table(), x.dtype, x.at(xo), n));
}

Napi::Value axpy(const Napi::CallbackInfo& info) {
  Args args(info, "axpy");
  const index_t n = args.size(0, "n");
  const double alpha = args.number(1, "alpha");
  const ArrayArg x = args.array(2, "x");
  const index_t xo = args.size(3, "xOffset");
  const ArrayArg y = args.array(4, "y");
  const index_t yo = args.size(5, "yOffset");
  expect_float(args, x);
  args.expect_dtype(y, x.dtype);
  args.expect_fits(x, xo, n);
  args.expect_fits(y, yo, n);
  const ByteRange xr = byte_range(x, xo, n), yr = byte_range(y, yo, n);
  if (overlaps(xr, yr) && xr.begin != yr.begin) args.range_error("y overlaps x without being the same elements");
  k::axpy(k::active_table(), x.dtype, n, alpha, x.at(xo), y.at(yo));
  return info.Env().Undefined();
}

Napi::Value scal(const Napi::CallbackInfo& info) {
  Args args(info, "scal");
  const index_t n = args.size(0, "n");
  const double alpha = args.number(1, "alpha");
  const ArrayArg x = args.array(2, "x");
  const index_t xo = args.size(3, "xOffset");
  expect_float(args, x);
  args.expect_fits(x, xo, n);
  k::scal(k::active_table(), x.dtype, n, alpha, x.at(xo));
  return info.Env().Undefined();
}

Napi::Value triad(const Napi::CallbackInfo& info) {
  Args args(info, "triad");
  const ArrayArg a = args.array(0, "a");
  const index_t ao = args.size(1, "aOffset");
  const ArrayArg b = args.array(2, "b");
  const index_t bo = args.size(3, "bOffset");
  const ArrayArg c = args.array(4, "c");
  const index_t co = args.size(5, "cOffset");
  const index_t n = args.size(6, "n");
  const double s = args.number(7, "s");
  expect_float(args, a);
  args.expect_dtype(b, a.dtype);
  args.expect_dtype(c, a.dtype);
  args.expect_fits(a, ao, n);
  args.expect_fits(b, bo, n);
  args.expect_fits(c, co, n);
  const ByteRange ar = byte_range(a, ao, n);
  if (overlaps(ar, byte_range(b, bo, n)) || overlaps(ar, byte_range(c, co, n))) args.range_error("a overlaps b or c");
  k::triad(k::active_table(), a.dtype, n, s, b.at(bo), c.at(co), a.at(ao));
  return info.Env().Undefined();
}

}  // namespace

void register_linalg(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, gemm, "gemm"));
  exports.Set("dot", Napi::Function::New(env, dot, "dot"));
  exports.Set("norm2", Napi::Function::New(env, norm2, "norm2"));
  exports.Set("axpy", Napi::Function::New(env, axpy, "axpy"));
  exports.Set("scal", Napi::Function::New(env, scal, "scal"));
  exports.Set("triad", Napi::Function::New(env, triad, "triad"));
}

}  // namespace descent::addon
