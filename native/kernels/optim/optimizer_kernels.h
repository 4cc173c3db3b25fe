// The element-wise optimizer updates of one instruction set (a member of FloatKernels). Each
// updates n consecutive elements of one tensor in place: param and the algorithm's state
// buffers (state[s], in optimizer_layout.h order; null where the options leave a buffer
// unused) are read and written, grad is read. No two of these ranges overlap (the binding
// checks). The driver (optimizer_step.h) calls them on fixed chunks of a parameter group.
#pragma once

#include "common/isa.h"
#include "optim/optimizer_coefficients.h"

namespace descent::kernels {

template <class T, class C>
using OptimizerUpdateFn = void (*)(const C& c, index_t n, T* param, const T* grad, T* const* state);

template <class T> struct OptimizerKernels {
  OptimizerUpdateFn<T, SgdCoefficients<T>> sgd = nullptr;
  OptimizerUpdateFn<T, AdagradCoefficients<T>> adagrad = nullptr;
  OptimizerUpdateFn<T, RmsPropCoefficients<T>> rmsprop = nullptr;
  OptimizerUpdateFn<T, AdamCoefficients<T>> adam = nullptr;
  OptimizerUpdateFn<T, AdamaxCoefficients<T>> adamax = nullptr;
  OptimizerUpdateFn<T, NAdamCoefficients<T>> nadam = nullptr;
  OptimizerUpdateFn<T, RAdamCoefficients<T>> radam = nullptr;
  OptimizerUpdateFn<T, AdadeltaCoefficients<T>> adadelta = nullptr;
  OptimizerUpdateFn<T, RpropCoefficients<T>> rprop = nullptr;
  OptimizerUpdateFn<T, AsgdCoefficients<T>> asgd = nullptr;
  OptimizerUpdateFn<T, DeltaBarDeltaCoefficients<T>> delta_bar_delta = nullptr;
};

}  // namespace descent::kernels
