// The dispatch table (ARCHITECTURE decision 5): every instruction-set-specific kernel, as
// function pointers. One table per instruction set; the active one is chosen once at load by
// CPU feature detection (DESCENT_SIMD=scalar forces the reference). Drivers (shape handling,
// blocking, threading) are written once and call through a table.
#pragma once

#include <cstdint>

#include "common/isa.h"
#include "elementwise/elementwise_ops.h"
#include "gemm/gemm_kernels.h"
#include "optim/optimizer_kernels.h"
#include "reduce/reduce_ops.h"

namespace descent::kernels {

// y[i] = f(x[i]) for i < n (contiguous).
template <class T> using UnaryFn = void (*)(UnaryOp, const T* x, T* y, index_t n, double p0, double p1);
// out[i] = f(a[i·sa], b[i·sb]; p0, p1) for i < n; sa, sb are element strides (0 broadcasts).
template <class T, class Out = T>
using BinaryFn = void (*)(BinaryOp, const T* a, index_t sa, const T* b, index_t sb, Out* out, index_t n,
                          double p0, double p1);
// Reduces x[0:n] (contiguous); `center` is the mean for SumSquaredDeviation.
template <class T> using ReduceRowFn = ReduceResult (*)(ReduceOp, const T* x, index_t n, double center);
// Reduces x[l·stride + i] over l < len for each i < width, in order of l. Writes values to
// out[i] (Sum, Max, Min, SumSquaredDeviation about center[i]) and, for Argmax and Argmin, the
// index l of the first extreme (or first NaN) to index[i].
template <class T>
using ReduceColsFn = void (*)(ReduceOp, const T* x, index_t len, index_t width, index_t stride,
                              const T* center, T* out, std::int32_t* index);
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
// Normalization blocks [rows, channels, len] with element (r, c, l) at r·row_stride + c·len + l
// (norm/norm_generic.h). Per channel, over the rows·len values (rows·len >= 1): mean and
// M2 = Σ (x − mean)², in double.
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

template <class T> struct FloatKernels {
  GemmKernels<T> gemm;
  UnaryFn<T> unary = nullptr;
  BinaryFn<T> binary = nullptr;
  ReduceRowFn<T> reduce_row = nullptr;
  ReduceColsFn<T> reduce_cols = nullptr;
  SoftmaxRowsFn<T> softmax_rows = nullptr;
  SoftmaxColsFn<T> softmax_cols = nullptr;
  SoftmaxBackwardRowsFn<T> softmax_backward_rows = nullptr;
  SoftmaxBackwardColsFn<T> softmax_backward_cols = nullptr;
  NormMomentsFn<T> norm_moments = nullptr;
  NormGradSumsFn<T> norm_grad_sums = nullptr;
  NormAffineFn<T> norm_affine = nullptr;
  NormInputGradFn<T> norm_input_grad = nullptr;
  double (*dot)(const T* x, const T* y, index_t n) = nullptr;       // Σ x·y, accumulated in double
  double (*sum_squares)(const T* x, index_t n) = nullptr;           // Σ x², accumulated in double
  void (*axpy)(index_t n, T alpha, const T* x, T* y) = nullptr;     // y += alpha·x
  void (*scal)(index_t n, T alpha, T* x) = nullptr;                 // x *= alpha
  // a = b + s·c (the bandwidth reference of the optimizer benchmark)
  void (*triad)(index_t n, T s, const T* b, const T* c, T* a) = nullptr;
  OptimizerKernels<T> optim;                                        // fused optimizer updates
};

struct IntKernels {
  UnaryFn<std::int32_t> unary = nullptr;
  BinaryFn<std::int32_t> binary = nullptr;                 // arithmetic (wraps modulo 2^32)
  BinaryFn<std::int32_t, float> compare = nullptr;         // comparisons, float 0/1 out
  ReduceRowFn<std::int32_t> reduce_row = nullptr;
  ReduceColsFn<std::int32_t> reduce_cols = nullptr;
};

struct KernelTable {
  const char* name = "";
  FloatKernels<float> f32;
  FloatKernels<double> f64;
  IntKernels i32;
};

template <class T> const FloatKernels<T>& typed(const KernelTable& table);
template <> inline const FloatKernels<float>& typed<float>(const KernelTable& table) { return table.f32; }
template <> inline const FloatKernels<double>& typed<double>(const KernelTable& table) { return table.f64; }

// Whether this CPU runs AVX2 and FMA instructions.
bool cpu_supports_avx2_fma();

// The table every API call uses.
const KernelTable& active_table();
// The scalar reference, always available.
const KernelTable& scalar_table();
// The AVX2+FMA table, or nullptr when this CPU lacks AVX2 or FMA.
const KernelTable* avx2_table();
// Makes "scalar", "avx2" or "auto" (the best this CPU supports) the active table.
// Returns false (and changes nothing) for an unknown name or an unsupported set.
bool select_table(const char* name);

namespace scalar {
const KernelTable& table();
}
namespace avx2 {
const KernelTable& table();
}

}  // namespace descent::kernels
