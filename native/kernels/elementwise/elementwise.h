// Element-wise drivers: shape handling and threading over one instruction set's inner loops
// (elementwise_kernels.h).
#pragma once

#include "common/dtype.h"
#include "common/isa.h"
#include "elementwise/elementwise_kernels.h"

namespace descent::kernels {

// y[i] = f(x[i]; p0, p1) for i < n, contiguous, of one dtype. y may equal x.
void unary(const ElementwiseKernelSet& kernels, DType dtype, UnaryOp op, const void* x, void* y, index_t n, double p0,
           double p1);

// out = f(a, b; p0, p1) over `shape` (row-major, contiguous out). a and b are read through
// element strides (0 broadcasts a dimension). Comparisons of int32 operands write float32;
// everything else writes the operands' dtype. out may equal a or b when that operand is
// contiguous over the whole shape.
void binary(const ElementwiseKernelSet& kernels, DType dtype, BinaryOp op, const void* a, const index_t* a_strides,
            const void* b, const index_t* b_strides, void* out, const index_t* shape, int ndim, double p0,
            double p1);

}  // namespace descent::kernels
