// Level-1 BLAS drivers (float types), used by the optimizers, line searches and second-order
// methods on flat parameter vectors. Reductions run in fixed chunks combined in index order.
#pragma once

#include "common/dtype.h"
#include "blas1/blas1_kernels.h"

namespace descent::kernels {

double dot(const Blas1KernelSet& kernels, DType dtype, const void* x, const void* y, index_t n);
// ‖x‖₂, computed so that it neither overflows nor underflows for any finite x.
double norm2(const Blas1KernelSet& kernels, DType dtype, const void* x, index_t n);
void axpy(const Blas1KernelSet& kernels, DType dtype, index_t n, double alpha, const void* x, void* y);
void scal(const Blas1KernelSet& kernels, DType dtype, index_t n, double alpha, void* x);
// a = b + s·c (the bandwidth reference of the optimizer benchmark).
void triad(const Blas1KernelSet& kernels, DType dtype, index_t n, double s, const void* b, const void* c, void* a);

}  // namespace descent::kernels
