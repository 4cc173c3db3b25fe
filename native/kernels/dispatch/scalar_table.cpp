// The scalar reference table: the generic loops compiled with baseline flags, no target
// attribute. Every other table is tested against this one.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "blas1/blas1_generic.h"
#include "dispatch/kernel_table.h"
#include "elementwise/elementwise_generic.h"
#include "gemm/gemm.h"
#include "reduce/reduce_generic.h"
#include "softmax/softmax_generic.h"

namespace descent::kernels::scalar {
namespace {

template <class T> FloatKernels<T> float_kernels(GemmKernels<T> gemm) {
  FloatKernels<T> k;
  k.gemm = gemm;
  k.unary = &unary_float<T>;
  k.binary = &binary_float<T>;
  k.reduce_row = &reduce_row<T>;
  k.reduce_cols = &reduce_cols<T>;
  k.softmax_rows = &softmax_rows<T>;
  k.softmax_cols = &softmax_cols<T>;
  k.softmax_backward_rows = &softmax_backward_rows<T>;
  k.softmax_backward_cols = &softmax_backward_cols<T>;
  k.dot = &dot<T>;
  k.sum_squares = &sum_squares<T>;
  k.axpy = &axpy<T>;
  k.scal = &scal<T>;
  return k;
}

KernelTable make_table() {
  KernelTable t;
  t.name = "scalar";
  t.f32 = float_kernels<float>(sgemm_kernels());
  t.f64 = float_kernels<double>(dgemm_kernels());
  t.i32.unary = &unary_int;
  t.i32.binary = &binary_int;
  t.i32.compare = &compare_int;
  t.i32.reduce_row = &reduce_row_int;
  t.i32.reduce_cols = &reduce_cols_int;
  return t;
}

}  // namespace

const KernelTable& table() {
  static const KernelTable instance = make_table();
  return instance;
}

}  // namespace descent::kernels::scalar
