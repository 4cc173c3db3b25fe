// What one instruction set contributes to the reduction family: the loops over one contiguous
// run and over a block of columns that the driver (reduce.h) combines. Registered by
// reduce_scalar.cpp and reduce_avx2.cpp.
#pragma once

#include <cstdint>

#include "common/isa.h"
#include "common/kernel_set.h"
#include "reduce/reduce_ops.h"

namespace descent::kernels {

// Reduces x[0:n] (contiguous); `center` is the mean for SumSquaredDeviation.
template <class T> using ReduceRowFn = ReduceResult (*)(ReduceOp, const T* x, index_t n, double center);
// Reduces x[l·stride + i] over l < len for each i < width, in order of l. Writes values to
// out[i] (Sum, Max, Min, SumSquaredDeviation about center[i]) and, for Argmax and Argmin, the
// index l of the first extreme (or first NaN) to index[i].
template <class T>
using ReduceColsFn = void (*)(ReduceOp, const T* x, index_t len, index_t width, index_t stride,
                              const T* center, T* out, std::int32_t* index);

template <class T> struct ReduceKernels {
  ReduceRowFn<T> row = nullptr;
  ReduceColsFn<T> cols = nullptr;
};

struct ReduceKernelSet : FloatKernelSet<ReduceKernels> {
  ReduceKernels<std::int32_t> i32;
};

namespace scalar {
ReduceKernelSet reduce_kernels();
}
namespace avx2 {
ReduceKernelSet reduce_kernels();
}

}  // namespace descent::kernels
