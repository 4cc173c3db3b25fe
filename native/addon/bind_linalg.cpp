// Dense linear algebra in float64 (linalg/; docs/ARCHITECTURE.md, decision 10). Matrices are
// 2-D descriptors with unit column stride and a row stride (leading dimension) >= their row
// length; vectors are 1-D and contiguous.
// cholesky(; a [n, n], l w [n, n]) → 0, or the order k of the first leading minor that is not
//   positive; l may be exactly a (in place)
// choleskySolve(; l [n, n], b w [n, k]) → 0, or i + 1 for a zero L[i, i]
// triangularSolve(lower, transpose, unitDiagonal; a [n, n], b w [n, k]) → 0, or i + 1 for a
//   zero A[i, i]
// symmetricEigen(; a [n, n], values w [n], vectors w [n, n]) → 0, or 1 when the QR iteration
//   did not converge
// tridiagonalEigen(; d [n], e [n − 1], values w [n], vectors w [n, n]) → the same
// findNonFinite(triangle; a [rows, cols], float32 or float64) → r·cols + c of the first NaN or
//   infinity in row-major order (triangle 0: every entry, 1: on and below the diagonal, 2: on
//   and above), or −1
// Solves work in place on b; outputs overlap no input (but cholesky's in-place l).
#include <algorithm>
#include <new>
#include <string>
#include <vector>

#include "dispatch/kernel_table.h"
#include "entry_points.h"
#include "linalg/cholesky.h"
#include "linalg/non_finite.h"
#include "linalg/symmetric_eigen.h"
#include "linalg/triangular_solve.h"
#include "reader.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// A rows x cols matrix: 2-D, unit column stride, ld >= cols; its row stride.
index_t matrix_ld(const Reader& r, const TensorArg& t) {
  r.expect_ndim(t, 2, "[rows, cols]");
  const index_t cols = t.dim(1), ld = t.strides.v[0];
  if (t.dim(0) > 0 && cols > 1 && t.strides.v[1] != 1) {
    r.range_error(t.label() + " must have unit column stride, got strides " + describe(t.strides));
  }
  if (t.dim(0) > 0 && cols > 0 && ld < cols) {
    r.range_error("the leading dimension of " + t.label() + " (" + std::to_string(ld) +
                  ") is less than its row length " + std::to_string(cols));
  }
  return std::max<index_t>(ld, 1);
}

index_t float64_matrix(const Reader& r, const TensorArg& t) {
  r.expect_dtype(t, DType::Float64);
  return matrix_ld(r, t);
}

// The order of a square float64 matrix.
index_t square(const Reader& r, const TensorArg& t) {
  float64_matrix(r, t);
  if (t.dim(0) != t.dim(1)) r.range_error(t.label() + " must be square, got shape " + describe(t.shape));
  return t.dim(0);
}

void expect_rows(const Reader& r, const TensorArg& t, index_t n, const char* of) {
  float64_matrix(r, t);
  if (t.dim(0) != n) {
    r.range_error(t.label() + " must have " + std::to_string(n) + " rows (the order of " + of + "), got shape " +
                  describe(t.shape));
  }
}

void expect_vector(const Reader& r, const TensorArg& t, index_t n) {
  r.expect_dtype(t, DType::Float64);
  r.expect_contiguous(t);
  r.expect_shape(t, Dims{1, {n}});
}

void expect_disjoint(const Reader& r, const TensorArg& x, const TensorArg& y) {
  if (overlaps(x.bytes(), y.bytes())) r.range_error(x.label() + " overlaps " + y.label());
}

// Scratch for the eigensolvers, allocated here (the kernels never allocate).
std::vector<double> workspace(const Reader& r, index_t n) {
  std::vector<double> work;
  try {
    work.resize(static_cast<std::size_t>(k::symmetric_eigen_workspace(n)));
  } catch (const std::bad_alloc&) {
    r.range_error("not enough memory for the workspace of an eigendecomposition of order " + std::to_string(n));
  }
  return work;
}

const k::GemmKernels<double>& dgemm() { return k::active_table().gemm.f64; }

}  // namespace

Napi::Value bind_cholesky(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("cholesky");
  constexpr int kA = e.tensor("a"), kL = e.tensor("l");
  const TensorArg& a = r.tensor(kA);
  const TensorArg& l = r.tensor(kL);
  const index_t n = square(r, a);
  r.expect_shape(l, a.shape);
  const index_t lda = float64_matrix(r, a), ldl = float64_matrix(r, l);
  const bool in_place = a.at() == l.at() && lda == ldl;
  if (!in_place) expect_disjoint(r, l, a);
  const index_t order = k::cholesky(dgemm(), n, a.as<double>(), lda, l.as<double>(), ldl);
  return Napi::Number::New(r.env(), static_cast<double>(order));
}

Napi::Value bind_cholesky_solve(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("choleskySolve");
  constexpr int kL = e.tensor("l"), kB = e.tensor("b");
  const TensorArg& l = r.tensor(kL);
  const TensorArg& b = r.tensor(kB);
  const index_t n = square(r, l);
  expect_rows(r, b, n, "l");
  expect_disjoint(r, b, l);
  const index_t zero =
      k::cholesky_solve(dgemm(), n, b.dim(1), l.as<double>(), matrix_ld(r, l), b.as<double>(), matrix_ld(r, b));
  return Napi::Number::New(r.env(), static_cast<double>(zero));
}

Napi::Value bind_triangular_solve(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("triangularSolve");
  constexpr int kLower = e.option("lower"), kTranspose = e.option("transpose"), kUnit = e.option("unitDiagonal");
  constexpr int kA = e.tensor("a"), kB = e.tensor("b");
  const TensorArg& a = r.tensor(kA);
  const TensorArg& b = r.tensor(kB);
  const index_t n = square(r, a);
  expect_rows(r, b, n, "a");
  expect_disjoint(r, b, a);
  const index_t zero = k::triangular_solve(dgemm(), r.flag(kLower), r.flag(kTranspose), r.flag(kUnit), n, b.dim(1),
                                           a.as<double>(), matrix_ld(r, a), b.as<double>(), matrix_ld(r, b));
  return Napi::Number::New(r.env(), static_cast<double>(zero));
}

Napi::Value bind_symmetric_eigen(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("symmetricEigen");
  constexpr int kA = e.tensor("a"), kValues = e.tensor("values"), kVectors = e.tensor("vectors");
  const TensorArg& a = r.tensor(kA);
  const TensorArg& values = r.tensor(kValues);
  const TensorArg& vectors = r.tensor(kVectors);
  const index_t n = square(r, a);
  expect_vector(r, values, n);
  square(r, vectors);
  r.expect_shape(vectors, a.shape);
  expect_disjoint(r, values, a);
  expect_disjoint(r, vectors, a);
  expect_disjoint(r, vectors, values);
  std::vector<double> work = workspace(r, n);
  const index_t failed = k::symmetric_eigen(n, a.as<double>(), matrix_ld(r, a), values.as<double>(),
                                            vectors.as<double>(), matrix_ld(r, vectors), work.data());
  return Napi::Number::New(r.env(), static_cast<double>(failed));
}

Napi::Value bind_tridiagonal_eigen(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("tridiagonalEigen");
  constexpr int kD = e.tensor("d"), kE = e.tensor("e"), kValues = e.tensor("values"), kVectors = e.tensor("vectors");
  const TensorArg& d = r.tensor(kD);
  const TensorArg& off = r.tensor(kE);
  const TensorArg& values = r.tensor(kValues);
  const TensorArg& vectors = r.tensor(kVectors);
  r.expect_ndim(d, 1, "[n]");
  const index_t n = d.dim(0);
  expect_vector(r, d, n);
  expect_vector(r, off, std::max<index_t>(n - 1, 0));
  expect_vector(r, values, n);
  square(r, vectors);
  r.expect_shape(vectors, Dims{2, {n, n}});
  for (const TensorArg* input : {&d, &off}) {
    expect_disjoint(r, values, *input);
    expect_disjoint(r, vectors, *input);
  }
  expect_disjoint(r, vectors, values);
  std::vector<double> work = workspace(r, n);
  const index_t failed = k::symmetric_tridiagonal_eigen(n, d.as<double>(), off.as<double>(), values.as<double>(),
                                                        vectors.as<double>(), matrix_ld(r, vectors), work.data());
  return Napi::Number::New(r.env(), static_cast<double>(failed));
}

Napi::Value bind_find_non_finite(const Reader& r) {
  constexpr const EntryPoint& e = entry_point("findNonFinite");
  constexpr int kTriangle = e.option("triangle"), kA = e.tensor("a");
  const TensorArg& a = r.tensor(kA);
  if (a.dtype == DType::Int32) r.type_error("a must be float32 or float64, got int32");
  const index_t ld = matrix_ld(r, a);
  const auto triangle = static_cast<k::Triangle>(r.integer(kTriangle));
  const index_t at = a.dtype == DType::Float64
                         ? k::find_non_finite(a.as<double>(), a.dim(0), a.dim(1), ld, triangle)
                         : k::find_non_finite(a.as<float>(), a.dim(0), a.dim(1), ld, triangle);
  return Napi::Number::New(r.env(), static_cast<double>(at));
}

}  // namespace descent::addon
