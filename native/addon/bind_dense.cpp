// Dense linear algebra in float64 (ARCHITECTURE decision 10); matrices are row-major with a
// leading dimension (row stride) and an element offset:
// cholesky(n, a, aOffset, lda, l, lOffset, ldl) → 0, or the order k of the first leading minor
//   that is not positive
// choleskySolve(n, k, l, lOffset, ldl, b, bOffset, ldb) → 0, or i + 1 for a zero L[i, i]
// triangularSolve(lower, transpose, unitDiagonal, n, k, a, aOffset, lda, b, bOffset, ldb)
//   → 0, or i + 1 for a zero A[i, i]
// symmetricEigen(n, a, aOffset, lda, values, valuesOffset, vectors, vectorsOffset, ldv)
//   → 0, or 1 when the QR iteration did not converge
// tridiagonalEigen(n, d, dOffset, e, eOffset, values, valuesOffset, vectors, vectorsOffset, ldv)
//   → the same
// findNonFinite(a, aOffset, rows, cols, ld, triangle) → r·cols + c of the first NaN or infinity
//   in row-major order (triangle 0: every entry, 1: on and below the diagonal, 2: on and above),
//   or −1
// Solves work in place on b; outputs may not overlap inputs, except that cholesky may factor
// in place (l is exactly a, ldl == lda).
#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "args.h"
#include "bindings.h"
#include "dispatch/kernel_table.h"
#include "linalg/cholesky.h"
#include "linalg/symmetric_eigen.h"
#include "linalg/triangular_solve.h"

namespace descent::addon {
namespace {

namespace k = descent::kernels;

// A validated rows x cols matrix inside a typed array: row stride ld, unit column stride.
struct MatrixArg {
  ArrayArg array;
  index_t offset, rows, cols, ld;
  ByteRange bytes;
  const void* first() const { return array.at(offset); }
};

MatrixArg matrix_arg(const Args& args, std::size_t array_index, std::size_t offset_index, const char* name,
                     index_t rows, index_t cols, index_t ld, bool float64_only) {
  const ArrayArg array = args.array(array_index, name);
  const index_t offset = args.size(offset_index, (std::string(name) + "Offset").c_str());
  if (float64_only) {
    args.expect_dtype(array, DType::Float64);
  } else if (array.dtype == DType::Int32) {
    args.type_error(std::string(name) + " must be float32 or float64, got int32");
  }
  if (ld < std::max<index_t>(1, cols)) {
    args.range_error(std::string("the leading dimension of ") + name + " (" + std::to_string(ld) +
                     ") is less than its row length " + std::to_string(cols));
  }
  Dims shape, strides;
  shape.ndim = strides.ndim = 2;
  shape.v[0] = rows;
  shape.v[1] = cols;
  strides.v[0] = ld;
  strides.v[1] = 1;
  args.expect_fits(array, offset, shape, strides);
  return MatrixArg{array, offset, rows, cols, ld, byte_range(array, offset, shape, strides)};
}

// A vector of n values as a 1 x n matrix.
MatrixArg vector_arg(const Args& args, std::size_t array_index, std::size_t offset_index, const char* name,
                     index_t n) {
  return matrix_arg(args, array_index, offset_index, name, 1, n, std::max<index_t>(1, n), true);
}

void expect_disjoint(const Args& args, const MatrixArg& x, const MatrixArg& y) {
  if (overlaps(x.bytes, y.bytes)) args.range_error(std::string(x.array.name) + " overlaps " + y.array.name);
}

// Scratch for the eigensolvers, allocated here (the kernels never allocate).
std::vector<double> workspace(const Args& args, index_t n) {
  std::vector<double> work;
  try {
    work.resize(static_cast<std::size_t>(k::symmetric_eigen_workspace(n)));
  } catch (const std::bad_alloc&) {
    args.range_error("not enough memory for the workspace of an eigendecomposition of order " + std::to_string(n));
  }
  return work;
}

const k::GemmKernels<double>& dgemm() { return k::active_table().f64.gemm; }

Napi::Value cholesky(const Napi::CallbackInfo& info) {
  Args args(info, "cholesky");
  const index_t n = args.size(0, "n");
  const MatrixArg a = matrix_arg(args, 1, 2, "a", n, n, args.size(3, "lda"), true);
  const MatrixArg l = matrix_arg(args, 4, 5, "l", n, n, args.size(6, "ldl"), true);
  const bool in_place = a.first() == l.first() && a.ld == l.ld;
  if (!in_place) expect_disjoint(args, l, a);
  const index_t order = k::cholesky(dgemm(), n, a.array.as<double>(a.offset), a.ld, l.array.as<double>(l.offset), l.ld);
  return Napi::Number::New(info.Env(), static_cast<double>(order));
}

Napi::Value cholesky_solve(const Napi::CallbackInfo& info) {
  Args args(info, "choleskySolve");
  const index_t n = args.size(0, "n"), nrhs = args.size(1, "k");
  const MatrixArg l = matrix_arg(args, 2, 3, "l", n, n, args.size(4, "ldl"), true);
  const MatrixArg b = matrix_arg(args, 5, 6, "b", n, nrhs, args.size(7, "ldb"), true);
  expect_disjoint(args, b, l);
  const index_t zero = k::cholesky_solve(dgemm(), n, nrhs, l.array.as<double>(l.offset), l.ld,
                                         b.array.as<double>(b.offset), b.ld);
  return Napi::Number::New(info.Env(), static_cast<double>(zero));
}

Napi::Value triangular_solve(const Napi::CallbackInfo& info) {
  Args args(info, "triangularSolve");
  const bool lower = args.boolean(0, "lower"), transpose = args.boolean(1, "transpose");
  const bool unit = args.boolean(2, "unitDiagonal");
  const index_t n = args.size(3, "n"), nrhs = args.size(4, "k");
  const MatrixArg a = matrix_arg(args, 5, 6, "a", n, n, args.size(7, "lda"), true);
  const MatrixArg b = matrix_arg(args, 8, 9, "b", n, nrhs, args.size(10, "ldb"), true);
  expect_disjoint(args, b, a);
  const index_t zero = k::triangular_solve(dgemm(), lower, transpose, unit, n, nrhs, a.array.as<double>(a.offset), a.ld,
                                           b.array.as<double>(b.offset), b.ld);
  return Napi::Number::New(info.Env(), static_cast<double>(zero));
}

Napi::Value symmetric_eigen(const Napi::CallbackInfo& info) {
  Args args(info, "symmetricEigen");
  const index_t n = args.size(0, "n");
  const MatrixArg a = matrix_arg(args, 1, 2, "a", n, n, args.size(3, "lda"), true);
  const MatrixArg values = vector_arg(args, 4, 5, "values", n);
  const MatrixArg vectors = matrix_arg(args, 6, 7, "vectors", n, n, args.size(8, "ldv"), true);
  expect_disjoint(args, values, a);
  expect_disjoint(args, vectors, a);
  expect_disjoint(args, vectors, values);
  std::vector<double> work = workspace(args, n);
  const index_t failed = k::symmetric_eigen(n, a.array.as<double>(a.offset), a.ld,
                                            values.array.as<double>(values.offset),
                                            vectors.array.as<double>(vectors.offset), vectors.ld, work.data());
  return Napi::Number::New(info.Env(), static_cast<double>(failed));
}

Napi::Value tridiagonal_eigen(const Napi::CallbackInfo& info) {
  Args args(info, "tridiagonalEigen");
  const index_t n = args.size(0, "n");
  const MatrixArg d = vector_arg(args, 1, 2, "d", n);
  const MatrixArg e = vector_arg(args, 3, 4, "e", std::max<index_t>(n - 1, 0));
  const MatrixArg values = vector_arg(args, 5, 6, "values", n);
  const MatrixArg vectors = matrix_arg(args, 7, 8, "vectors", n, n, args.size(9, "ldv"), true);
  for (const MatrixArg* input : {&d, &e}) {
    expect_disjoint(args, values, *input);
    expect_disjoint(args, vectors, *input);
  }
  expect_disjoint(args, vectors, values);
  std::vector<double> work = workspace(args, n);
  const index_t failed = k::symmetric_tridiagonal_eigen(n, d.array.as<double>(d.offset), e.array.as<double>(e.offset),
                                                        values.array.as<double>(values.offset),
                                                        vectors.array.as<double>(vectors.offset), vectors.ld,
                                                        work.data());
  return Napi::Number::New(info.Env(), static_cast<double>(failed));
}

template <class T> index_t first_non_finite(const T* a, index_t rows, index_t cols, index_t ld, index_t triangle) {
  for (index_t r = 0; r < rows; ++r) {
    const index_t c0 = triangle == 2 ? std::min(r, cols) : 0;
    const index_t c1 = triangle == 1 ? std::min(r + 1, cols) : cols;
    const T* row = a + r * ld;
    for (index_t c = c0; c < c1; ++c) {
      if (!std::isfinite(row[c])) return r * cols + c;
    }
  }
  return -1;
}

Napi::Value find_non_finite(const Napi::CallbackInfo& info) {
  Args args(info, "findNonFinite");
  const index_t rows = args.size(2, "rows"), cols = args.size(3, "cols");
  const MatrixArg a = matrix_arg(args, 0, 1, "a", rows, cols, args.size(4, "ld"), false);
  const index_t triangle = args.integer(5, "triangle", 0, 2);
  const index_t at = a.array.dtype == DType::Float64
                         ? first_non_finite(a.array.as<double>(a.offset), rows, cols, a.ld, triangle)
                         : first_non_finite(a.array.as<float>(a.offset), rows, cols, a.ld, triangle);
  return Napi::Number::New(info.Env(), static_cast<double>(at));
}

}  // namespace

void register_dense(Napi::Env env, Napi::Object exports) {
  exports.Set("cholesky", Napi::Function::New(env, cholesky, "cholesky"));
  exports.Set("choleskySolve", Napi::Function::New(env, cholesky_solve, "choleskySolve"));
  exports.Set("triangularSolve", Napi::Function::New(env, triangular_solve, "triangularSolve"));
  exports.Set("symmetricEigen", Napi::Function::New(env, symmetric_eigen, "symmetricEigen"));
  exports.Set("tridiagonalEigen", Napi::Function::New(env, tridiagonal_eigen, "tridiagonalEigen"));
  exports.Set("findNonFinite", Napi::Function::New(env, find_non_finite, "findNonFinite"));
}

}  // namespace descent::addon
