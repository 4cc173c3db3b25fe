// What one instruction set contributes to the element-wise family: the inner loops the
// drivers (elementwise.h) call on contiguous runs. Registered by elementwise_scalar.cpp and
// elementwise_avx2.cpp.
#pragma once

#include <cstdint>

#include "common/isa.h"
#include "common/kernel_set.h"
#include "elementwise/elementwise_ops.h"

namespace descent::kernels {

// y[i] = f(x[i]) for i < n (contiguous).
template <class T> using UnaryFn = void (*)(UnaryOp, const T* x, T* y, index_t n, double p0, double p1);
// out[i] = f(a[i·sa], b[i·sb]; p0, p1) for i < n; sa, sb are element strides (0 broadcasts).
template <class T, class Out = T>
using BinaryFn = void (*)(BinaryOp, const T* a, index_t sa, const T* b, index_t sb, Out* out, index_t n,
                          double p0, double p1);

template <class T> struct ElementwiseKernels {
  UnaryFn<T> unary = nullptr;
  BinaryFn<T> binary = nullptr;
};

// int32: arithmetic wraps modulo 2^32; comparisons write float32 0/1.
struct IntElementwiseKernels : ElementwiseKernels<std::int32_t> {
  BinaryFn<std::int32_t, float> compare = nullptr;
};

struct ElementwiseKernelSet : FloatKernelSet<ElementwiseKernels> {
  IntElementwiseKernels i32;
};

namespace scalar {
ElementwiseKernelSet elementwise_kernels();
}
namespace avx2 {
ElementwiseKernelSet elementwise_kernels();
}

}  // namespace descent::kernels
