// The registration of every algorithm's update for one instruction set, written once: included
// by optimizer_scalar.cpp and optimizer_avx2.cpp with DESCENT_ISA and DESCENT_ISA_FN defined,
// so each <algorithm>_update<T> is compiled inside that set's namespace.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including optim/optimizer_registration.h"
#endif

#include "optim/optimizer_kernels.h"

namespace descent::kernels::DESCENT_ISA {

template <class T> OptimizerKernels<T> typed_optimizer_kernels() {
  OptimizerKernels<T> k;
#define DESCENT_OPTIM_REGISTER(name, js, code, ns) k.ns = &ns##_update<T>;
  DESCENT_OPTIMIZERS(DESCENT_OPTIM_REGISTER)
#undef DESCENT_OPTIM_REGISTER
  return k;
}

OptimizerKernelSet optimizer_kernels() { return {typed_optimizer_kernels<float>(), typed_optimizer_kernels<double>()}; }

}  // namespace descent::kernels::DESCENT_ISA
