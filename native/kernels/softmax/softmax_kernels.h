// What one instruction set contributes to softmax: the loops over contiguous rows and over one
// [len, inner] slab that the driver (softmax.h) threads. Registered by softmax_scalar.cpp and
// softmax_avx2.cpp.
#pragma once

#include "common/isa.h"
#include "common/kernel_set.h"

namespace descent::kernels {

// Softmax (or log-softmax) of `rows` contiguous rows of length len.
template <class T> using SoftmaxRowsFn = void (*)(const T* x, T* y, index_t rows, index_t len, bool log);
// Softmax over l of x[l·inner + i] for each i < inner (one outer slab).
template <class T> using SoftmaxColsFn = void (*)(const T* x, T* y, index_t len, index_t inner, bool log);
// The first derivative of softmax (log = false): dx = y ⊙ (g − Σ g⊙y), and of log-softmax
// (log = true): dx = g − e^y ⊙ Σ g, over rows or over one [len, inner] slab.
template <class T>
using SoftmaxBackwardRowsFn = void (*)(const T* g, const T* y, T* dx, index_t rows, index_t len, bool log);
template <class T>
using SoftmaxBackwardColsFn = void (*)(const T* g, const T* y, T* dx, index_t len, index_t inner, bool log);

template <class T> struct SoftmaxKernels {
  SoftmaxRowsFn<T> rows = nullptr;
  SoftmaxColsFn<T> cols = nullptr;
  SoftmaxBackwardRowsFn<T> backward_rows = nullptr;
  SoftmaxBackwardColsFn<T> backward_cols = nullptr;
};

using SoftmaxKernelSet = FloatKernelSet<SoftmaxKernels>;

namespace scalar {
SoftmaxKernelSet softmax_kernels();
}
namespace avx2 {
SoftmaxKernelSet softmax_kernels();
}

}  // namespace descent::kernels
