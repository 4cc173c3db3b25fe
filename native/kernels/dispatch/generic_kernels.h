// The FloatKernels entries every instruction set fills from the generic loops (compiled in its
// own namespace: include after the *_generic.h headers, with DESCENT_ISA defined). A table then
// overrides the entries it has hand-written kernels for.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including dispatch/generic_kernels.h"
#endif

#include "dispatch/kernel_table.h"

namespace descent::kernels::DESCENT_ISA {

template <class T> FloatKernels<T> generic_float_kernels(GemmKernels<T> gemm) {
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
  k.norm_moments = &norm_moments<T>;
  k.norm_grad_sums = &norm_grad_sums<T>;
  k.norm_affine = &norm_affine<T>;
  k.norm_input_grad = &norm_input_grad<T>;
  k.dot = &dot<T>;
  k.sum_squares = &sum_squares<T>;
  k.axpy = &axpy<T>;
  k.scal = &scal<T>;
  k.triad = &triad<T>;
  k.optim.sgd = &sgd_update<T>;
  k.optim.adagrad = &adagrad_update<T>;
  k.optim.rmsprop = &rmsprop_update<T>;
  k.optim.adam = &adam_update<T>;
  k.optim.adamax = &adamax_update<T>;
  k.optim.nadam = &nadam_update<T>;
  k.optim.radam = &radam_update<T>;
  k.optim.adadelta = &adadelta_update<T>;
  k.optim.rprop = &rprop_update<T>;
  k.optim.asgd = &asgd_update<T>;
  k.optim.delta_bar_delta = &delta_bar_delta_update<T>;
  return k;
}

inline IntKernels generic_int_kernels() {
  IntKernels k;
  k.unary = &unary_int;
  k.binary = &binary_int;
  k.compare = &compare_int;
  k.reduce_row = &reduce_row_int;
  k.reduce_cols = &reduce_cols_int;
  return k;
}

}  // namespace descent::kernels::DESCENT_ISA
