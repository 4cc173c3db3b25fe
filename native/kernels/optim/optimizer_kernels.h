// What one instruction set contributes to the fused optimizers: one element-wise update per
// algorithm (optimizers.h), each over n consecutive elements of one tensor in place. param and
// the algorithm's state buffers (state[s], in layout order; null where the options leave a
// buffer unused) are read and written, grad is read. No two of these ranges overlap (the
// binding checks). The driver (optimizer_step.h) calls them on fixed chunks of a parameter
// group with the coefficients of the chunk's segment.
#pragma once

#include "common/isa.h"
#include "common/kernel_set.h"
#include "optim/optimizers.h"

namespace descent::kernels {

template <class T, class C>
using OptimizerUpdateFn = void (*)(const C& c, index_t n, T* param, const T* grad, T* const* state);

template <class T> struct OptimizerKernels {
#define DESCENT_OPTIM_KERNEL(name, js, code, ns) OptimizerUpdateFn<T, optim::ns::Coefficients<T>> ns = nullptr;
  DESCENT_OPTIMIZERS(DESCENT_OPTIM_KERNEL)
#undef DESCENT_OPTIM_KERNEL
};

using OptimizerKernelSet = FloatKernelSet<OptimizerKernels>;

namespace scalar {
OptimizerKernelSet optimizer_kernels();
}
namespace avx2 {
OptimizerKernelSet optimizer_kernels();
}

}  // namespace descent::kernels
