// The AVX2+FMA table: hand-written float32 kernels where they pay, and the generic loops
// compiled with the avx2,fma target attribute (vectorized by the compiler) for the rest.
// Only reached when the CPU reports AVX2 and FMA.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "blas1/blas1_avx2.h"
#include "dispatch/kernel_table.h"
#include "elementwise/elementwise_avx2.h"
#include "gemm/gemm.h"
#include "optim/optimizer_generic.h"
#include "norm/norm_avx2.h"
#include "reduce/reduce_avx2.h"
#include "softmax/softmax_avx2.h"
// Last: it names the generic kernels declared above.
#include "dispatch/generic_kernels.h"

namespace descent::kernels::avx2 {
namespace {

KernelTable make_table() {
  KernelTable t;
  t.name = "avx2";
  t.f32 = generic_float_kernels<float>(sgemm_kernels());
  t.f32.unary = &unary_f32;
  t.f32.binary = &binary_f32;
  t.f32.reduce_row = &reduce_row_f32;
  t.f32.softmax_rows = &softmax_rows_f32;
  t.f32.softmax_backward_rows = &softmax_backward_rows_f32;
  t.f32.norm_moments = &norm_moments_f32;
  t.f32.norm_grad_sums = &norm_grad_sums_f32;
  t.f32.norm_affine = &norm_affine_f32;
  t.f32.norm_input_grad = &norm_input_grad_f32;
  t.f32.dot = &dot_f32;
  t.f32.sum_squares = &sum_squares_f32;
  t.f64 = generic_float_kernels<double>(dgemm_kernels());
  t.i32 = generic_int_kernels();
  return t;
}

}  // namespace

const KernelTable& table() {
  static const KernelTable instance = make_table();
  return instance;
}

}  // namespace descent::kernels::avx2
