// The fused multi-tensor optimizer update (ARCHITECTURE decision 9): one call updates every
// segment of a parameter group in place. A segment is a run of elements whose parameter,
// gradient and state buffers are contiguous; it has its own per-tensor scalars (bias
// corrections, step counts), the group shares `hyper`. Layouts are in optimizer_layout.h.
#pragma once

#include "common/dtype.h"
#include "dispatch/kernel_table.h"
#include "optim/optimizer_layout.h"

namespace descent::kernels {

struct OptimizerSegment {
  void* param;
  const void* grad;
  void* state[kMaxOptimizerStates];  // in layout order; null where the options leave one unused
  index_t n;
  const double* per_tensor;  // the layout's per-tensor scalars
};

// Updates every segment. Work is cut into fixed chunks of each segment (so the result does not
// depend on the thread count) and spread over the pool once the group holds enough elements.
// Returns false (and touches nothing) for an unknown algorithm code.
bool optimizer_step(const KernelTable& table, DType dtype, int code, const double* hyper,
                    const OptimizerSegment* segments, index_t count);

// Elements per chunk, and the group size below which the update stays on the calling thread.
inline constexpr index_t kOptimizerChunk = index_t{1} << 14;
inline constexpr index_t kOptimizerParallelThreshold = index_t{1} << 15;

}  // namespace descent::kernels
