// What one instruction set contributes to batch and group normalization: the per-block loops
// (norm_generic.h for the block layout) that the drivers (batch_norm.cpp, group_norm.cpp) run
// over a fixed decomposition (norm_blocks.h). Registered by norm_scalar.cpp and norm_avx2.cpp.
#pragma once

#include "common/isa.h"
#include "common/kernel_set.h"

namespace descent::kernels {

// Blocks [rows, channels, len] with element (r, c, l) at r·row_stride + c·len + l. Per channel,
// over the rows·len values (rows·len >= 1): mean and M2 = Σ (x − mean)², in double.
template <class T>
using NormMomentsFn = void (*)(const T* x, index_t rows, index_t channels, index_t len, index_t row_stride,
                               double* mean, double* m2);
// Per channel: sum_g = Σ g and sum_gx = Σ g·(x − center_c), in double.
template <class T>
using NormGradSumsFn = void (*)(const T* g, const T* x, index_t rows, index_t channels, index_t len,
                                index_t row_stride, const T* center, double* sum_g, double* sum_gx);
// y = (x − center_c)·scale_c + shift_c.
template <class T>
using NormAffineFn = void (*)(const T* x, T* y, index_t rows, index_t channels, index_t len, index_t row_stride,
                              const T* center, const T* scale, const T* shift);
// dx = a_c·(e_c·g + b_c·(x − center_c) + c_c); e may be null (all 1).
template <class T>
using NormInputGradFn = void (*)(const T* g, const T* x, T* dx, index_t rows, index_t channels, index_t len,
                                 index_t row_stride, const T* center, const T* a, const T* e, const T* b,
                                 const T* c);

template <class T> struct NormKernels {
  NormMomentsFn<T> moments = nullptr;
  NormGradSumsFn<T> grad_sums = nullptr;
  NormAffineFn<T> affine = nullptr;
  NormInputGradFn<T> input_grad = nullptr;
};

using NormKernelSet = FloatKernelSet<NormKernels>;

namespace scalar {
NormKernelSet norm_kernels();
}
namespace avx2 {
NormKernelSet norm_kernels();
}

}  // namespace descent::kernels
