// Reduction driver: one axis of a contiguous tensor viewed as [outer, len, inner].
//
// The bits never depend on the thread count: a row is reduced in fixed chunks of
// kReduceChunk elements whose partial results are combined in index order, whichever thread
// computed them; a column is accumulated in order of its index.
#pragma once

#include <cstdint>

#include "common/dtype.h"
#include "reduce/reduce_kernels.h"

namespace descent::kernels {

inline constexpr index_t kReduceChunk = index_t{1} << 14;

// Writes the [outer, inner] result: values to `out` (x's dtype; may be null for Argmax/Argmin)
// and, for Argmax/Argmin, int32 positions along the axis to `index`. Sum of int32 wraps modulo
// 2^32. Mean and Var of an empty axis are NaN; Var divides by max(len − correction, 0).
// Preconditions (checked by the binding): len >= 1 for Max, Min, Argmax, Argmin; Mean and Var
// only for float types; SumSquaredDeviation is not a user-level op.
void reduce(const ReduceKernelSet& kernels, DType dtype, ReduceOp op, const void* x, index_t outer, index_t len,
            index_t inner, void* out, std::int32_t* index, double correction);

}  // namespace descent::kernels
