// The fused multi-tensor optimizer update (docs/ARCHITECTURE.md, decision 9): one call updates
// every segment of a parameter group in place. A segment is a run of elements whose parameter,
// gradient and state buffers are contiguous; it has its own scalar state (step counts and the
// like), the group shares `hyper`. Layouts are in optim/<algorithm>.h, listed in optimizers.h.
#pragma once

#include "common/dtype.h"
#include "optim/optimizer_kernels.h"

namespace descent::kernels {

struct OptimizerSegment {
  void* param;
  const void* grad;
  void* state[kMaxOptimizerStates];  // in layout order; null where the options leave one unused
  index_t n;
  double* scalars;  // the layout's scalar state: read, advanced and written back by the step
};

// Updates every segment: each segment's scalars give this step's coefficients (bias
// corrections, step sizes; computed in double) and are advanced in place, then its elements are
// updated. Work is cut into fixed chunks of each segment (so the result does not depend on the
// thread count) and spread over the pool once the group holds enough elements. Returns false
// (and touches nothing) for an unknown algorithm code.
bool optimizer_step(const OptimizerKernelSet& kernels, DType dtype, int code, const double* hyper,
                    const OptimizerSegment* segments, index_t count);

// Elements per chunk, and the group size below which the update stays on the calling thread.
inline constexpr index_t kOptimizerChunk = index_t{1} << 14;
inline constexpr index_t kOptimizerParallelThreshold = index_t{1} << 15;

}  // namespace descent::kernels
