// Walking several same-shaped strided operands in row-major order of their common shape, as
// runs along the innermost dimension. Used by every driver that reads views (broadcast
// element-wise ops, where, strided copies).
#pragma once

#include <algorithm>

#include "common/isa.h"

namespace descent::kernels {

inline constexpr int kMaxDims = 16;

// K operands over one shape, with dimensions of extent 1 dropped and adjacent dimensions merged
// wherever every operand allows it (stride[d] == stride[d+1]·shape[d+1]).
template <int K> struct StridedLayout {
  int ndim = 0;
  index_t shape[kMaxDims] = {};
  index_t strides[K][kMaxDims] = {};
  index_t numel = 1;

  StridedLayout(const index_t* in_shape, int in_ndim, const index_t* const* in_strides) {
    for (int d = 0; d < in_ndim; ++d) numel *= in_shape[d];
    // Build innermost first, then reverse.
    int n = 0;
    for (int d = in_ndim - 1; d >= 0; --d) {
      if (in_shape[d] == 1) continue;
      bool merge = n > 0;
      for (int k = 0; k < K && merge; ++k) {
        merge = in_strides[k][d] == strides[k][n - 1] * shape[n - 1];
      }
      if (merge) {
        shape[n - 1] *= in_shape[d];
      } else {
        shape[n] = in_shape[d];
        for (int k = 0; k < K; ++k) strides[k][n] = in_strides[k][d];
        ++n;
      }
    }
    if (n == 0) {  // a single element
      shape[0] = 1;
      for (int k = 0; k < K; ++k) strides[k][0] = 0;
      n = 1;
    }
    std::reverse(shape, shape + n);
    for (int k = 0; k < K; ++k) std::reverse(strides[k], strides[k] + n);
    ndim = n;
  }

  index_t inner() const { return shape[ndim - 1]; }
  index_t inner_stride(int k) const { return strides[k][ndim - 1]; }

  // Calls fn(offsets, run) for the elements [begin, end) of the row-major order, where
  // offsets[k] is the element offset of operand k at the run's start and the run continues
  // along the innermost dimension with inner_stride(k).
  template <class F> void for_each_run(index_t begin, index_t end, F&& fn) const {
    if (begin >= end) return;
    index_t index[kMaxDims];
    index_t rest = begin;
    for (int d = ndim - 1; d >= 0; --d) {
      index[d] = rest % shape[d];
      rest /= shape[d];
    }
    index_t offsets[K];
    for (int k = 0; k < K; ++k) {
      offsets[k] = 0;
      for (int d = 0; d < ndim; ++d) offsets[k] += index[d] * strides[k][d];
    }
    const int last = ndim - 1;
    index_t remaining = end - begin;
    while (remaining > 0) {
      const index_t run = std::min(shape[last] - index[last], remaining);
      fn(static_cast<const index_t*>(offsets), run);
      remaining -= run;
      if (remaining == 0) break;
      // Advance to the start of the next run: carry through the outer dimensions.
      for (int k = 0; k < K; ++k) offsets[k] += (run - 0) * strides[k][last];
      index[last] += run;
      for (int d = last; d > 0 && index[d] == shape[d]; --d) {
        index[d] = 0;
        ++index[d - 1];
        for (int k = 0; k < K; ++k) offsets[k] += strides[k][d - 1] - shape[d] * strides[k][d];
      }
    }
  }
};

}  // namespace descent::kernels
