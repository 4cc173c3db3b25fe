// What one instruction set contributes to level-1 BLAS: the loops over one chunk that the
// drivers (blas1.h) thread and combine in index order. Registered by blas1_scalar.cpp and
// blas1_avx2.cpp.
#pragma once

#include "common/isa.h"
#include "common/kernel_set.h"

namespace descent::kernels {

template <class T> struct Blas1Kernels {
  double (*dot)(const T* x, const T* y, index_t n) = nullptr;    // Σ x·y, accumulated in double
  double (*sum_squares)(const T* x, index_t n) = nullptr;        // Σ x², accumulated in double
  void (*axpy)(index_t n, T alpha, const T* x, T* y) = nullptr;  // y += alpha·x
  void (*scal)(index_t n, T alpha, T* x) = nullptr;              // x *= alpha
  // a = b + s·c (the bandwidth reference of the optimizer benchmark)
  void (*triad)(index_t n, T s, const T* b, const T* c, T* a) = nullptr;
};

using Blas1KernelSet = FloatKernelSet<Blas1Kernels>;

namespace scalar {
Blas1KernelSet blas1_kernels();
}
namespace avx2 {
Blas1KernelSet blas1_kernels();
}

}  // namespace descent::kernels
