// gemm(transA, transB, alpha, beta; a, b, c w): C_i = alpha·op(A_i)·op(B_i) + beta·C_i. Each
//   operand is its stored matrices [batch, rows, cols] with strides [batchStride, ld, 1]; op(A)
//   is A, or Aᵀ under transA. m, n and k come from the shapes; a and b may repeat one matrix
//   (batch stride 0), c's matrices may not overlap.
// scratchBytes() → the bytes held by the packing buffers. (gemm/)
#include <string>

#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "gemm/gemm.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// A stored operand: [batch, rows, cols], unit column stride, row stride ld >= cols (any
// strides for empty matrices, which are never read).
void expect_matrices(const Reader& r, const TensorArg& t) {
  r.expect_ndim(t, 3, "[batch, rows, cols]");
  const index_t rows = t.dim(1), cols = t.dim(2), ld = t.strides.v[1];
  if (rows == 0 || cols == 0) return;
  if (t.strides.v[2] != 1 && cols > 1) {
    r.range_error(t.label() + " must have unit column stride, got strides " + describe(t.strides));
  }
  if (ld < cols) {
    r.range_error("the leading dimension of " + t.label() + " (" + std::to_string(ld) +
                  ") is less than its row length " + std::to_string(cols));
  }
}

}  // namespace

Napi::Value bind_gemm(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("gemm");
  constexpr int kTransA = e.option("transA"), kTransB = e.option("transB");
  constexpr int kAlpha = e.option("alpha"), kBeta = e.option("beta");
  constexpr int kA = e.tensor("a"), kB = e.tensor("b"), kC = e.tensor("c");
  const TensorArg& a = r.tensor(kA);
  const TensorArg& b = r.tensor(kB);
  const TensorArg& c = r.tensor(kC);
  const bool trans_a = r.flag(kTransA), trans_b = r.flag(kTransB);
  if (a.dtype == DType::Int32) r.type_error("a must be float32 or float64, got int32");
  r.expect_dtype(b, a.dtype);
  r.expect_dtype(c, a.dtype);
  expect_matrices(r, a);
  expect_matrices(r, b);
  expect_matrices(r, c);
  const index_t batch = c.dim(0), m = c.dim(1), n = c.dim(2);
  if (a.dim(0) != batch || b.dim(0) != batch) {
    r.range_error("a, b and c must hold the same number of matrices, got " + std::to_string(a.dim(0)) + ", " +
                  std::to_string(b.dim(0)) + " and " + std::to_string(batch));
  }
  // op(A) is m x k, op(B) is k x n.
  const index_t a_rows = trans_a ? a.dim(2) : a.dim(1), kk = trans_a ? a.dim(1) : a.dim(2);
  const index_t b_rows = trans_b ? b.dim(2) : b.dim(1), b_cols = trans_b ? b.dim(1) : b.dim(2);
  if (kk != b_rows) {
    r.range_error("the inner dimensions differ: op(a) is " + std::to_string(a_rows) + " x " + std::to_string(kk) +
                  ", op(b) is " + std::to_string(b_rows) + " x " + std::to_string(b_cols));
  }
  if (a_rows != m || b_cols != n) {
    r.range_error("c is " + std::to_string(m) + " x " + std::to_string(n) + ", but op(a)·op(b) is " +
                  std::to_string(a_rows) + " x " + std::to_string(b_cols));
  }
  if (static_cast<long double>(m) * n * kk > 1e18L) r.range_error("m·n·k is too large");
  const index_t lda = a.strides.v[1], ldb = b.strides.v[1], ldc = c.strides.v[1];
  const index_t stride_a = a.strides.v[0], stride_b = b.strides.v[0], stride_c = c.strides.v[0];
  if (batch > 1 && m > 0 && n > 0 && stride_c < (m - 1) * ldc + n) {
    r.range_error("strideC (" + std::to_string(stride_c) + ") makes the output matrices overlap");
  }
  const ByteRange cr = c.bytes();
  if (overlaps(cr, a.bytes()) || overlaps(cr, b.bytes())) r.range_error("c overlaps a or b");
  const k::GemmKernelSet& kernels = k::active_table().gemm;
  const double alpha = r.number(kAlpha), beta = r.number(kBeta);
  if (a.dtype == DType::Float32) {
    k::gemm_batched(kernels.f32, trans_a, trans_b, m, n, kk, static_cast<float>(alpha), a.as<float>(), lda, stride_a,
                    b.as<float>(), ldb, stride_b, static_cast<float>(beta), c.as<float>(), ldc, stride_c, batch);
  } else {
    k::gemm_batched(kernels.f64, trans_a, trans_b, m, n, kk, alpha, a.as<double>(), lda, stride_a, b.as<double>(), ldb,
                    stride_b, beta, c.as<double>(), ldc, stride_c, batch);
  }
  return {};
}

Napi::Value bind_scratch_bytes(const Reader& r) {
  return Napi::Number::New(r.env(), static_cast<double>(kernels::gemm_scratch_bytes()));
}

}  // namespace descent::addon
