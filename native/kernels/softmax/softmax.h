// Softmax driver over one axis of a contiguous tensor viewed as [outer, len, inner].
#pragma once

#include "common/dtype.h"
#include "softmax/softmax_kernels.h"

namespace descent::kernels {

// Float types only. y may equal x.
void softmax(const SoftmaxKernelSet& kernels, DType dtype, const void* x, void* y, index_t outer, index_t len,
             index_t inner, bool log);

// dx = softmax'(x)ᵀ·g given y = softmax(x) (log = false), or log-softmax's given its output
// (log = true). Float types only; dx may equal g.
void softmax_backward(const SoftmaxKernelSet& kernels, DType dtype, const void* g, const void* y, void* dx,
                      index_t outer, index_t len, index_t inner, bool log);

}  // namespace descent::kernels
