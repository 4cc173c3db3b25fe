// Level-1 BLAS (dot, sum of squares, axpy, scal), written once and compiled per instruction
// set. Dot products and sums of squares accumulate in double.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including a *_generic.h kernel header"
#endif

#include "common/isa.h"

namespace descent::kernels::DESCENT_ISA {

template <class T> DESCENT_ISA_FN double dot(const T* x, const T* y, index_t n) {
  double s0 = 0, s1 = 0;
  index_t i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += static_cast<double>(x[i]) * static_cast<double>(y[i]);
    s1 += static_cast<double>(x[i + 1]) * static_cast<double>(y[i + 1]);
  }
  if (i < n) s0 += static_cast<double>(x[i]) * static_cast<double>(y[i]);
  return s0 + s1;
}

template <class T> DESCENT_ISA_FN double sum_squares(const T* x, index_t n) { return dot(x, x, n); }

template <class T> DESCENT_ISA_FN void axpy(index_t n, T alpha, const T* x, T* y) {
  for (index_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

template <class T> DESCENT_ISA_FN void scal(index_t n, T alpha, T* x) {
  for (index_t i = 0; i < n; ++i) x[i] *= alpha;
}

// a = b + s·c (STREAM's triad: two reads and one write per element).
template <class T>
DESCENT_ISA_FN void triad(index_t n, T s, const T* DESCENT_RESTRICT b, const T* DESCENT_RESTRICT c,
                          T* DESCENT_RESTRICT a) {
  for (index_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

}  // namespace descent::kernels::DESCENT_ISA
