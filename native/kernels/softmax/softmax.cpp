#include "softmax/softmax.h"

#include <algorithm>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

constexpr index_t kTaskElements = index_t{1} << 15;

// Runs fn(first_row, rows) over blocks of whole rows of length len, in parallel.
template <class F> void for_row_blocks(index_t outer, index_t len, F fn) {
  const index_t rows_per_task = std::max<index_t>(1, kTaskElements / len);
  const index_t tasks = (outer + rows_per_task - 1) / rows_per_task;
  parallel_for(tasks, [&](index_t t) {
    const index_t begin = t * rows_per_task;
    fn(begin, std::min(rows_per_task, outer - begin));
  });
}

template <class T>
void softmax_typed(const SoftmaxKernels<T>& k, const T* x, T* y, index_t outer, index_t len, index_t inner, bool log) {
  if (outer == 0 || len == 0 || inner == 0) return;
  if (inner == 1) {
    for_row_blocks(outer, len, [&](index_t begin, index_t rows) {
      k.rows(x + begin * len, y + begin * len, rows, len, log);
    });
    return;
  }
  parallel_for(outer, [&](index_t o) { k.cols(x + o * len * inner, y + o * len * inner, len, inner, log); });
}

template <class T>
void softmax_backward_typed(const SoftmaxKernels<T>& k, const T* g, const T* y, T* dx, index_t outer, index_t len,
                            index_t inner, bool log) {
  if (outer == 0 || len == 0 || inner == 0) return;
  if (inner == 1) {
    for_row_blocks(outer, len, [&](index_t begin, index_t rows) {
      k.backward_rows(g + begin * len, y + begin * len, dx + begin * len, rows, len, log);
    });
    return;
  }
  parallel_for(outer, [&](index_t o) {
    const index_t at = o * len * inner;
    k.backward_cols(g + at, y + at, dx + at, len, inner, log);
  });
}

}  // namespace

void softmax_backward(const SoftmaxKernelSet& kernels, DType dtype, const void* g, const void* y, void* dx,
                      index_t outer, index_t len, index_t inner, bool log) {
  if (dtype == DType::Float32) {
    softmax_backward_typed(kernels.f32, static_cast<const float*>(g), static_cast<const float*>(y),
                           static_cast<float*>(dx), outer, len, inner, log);
  } else if (dtype == DType::Float64) {
    softmax_backward_typed(kernels.f64, static_cast<const double*>(g), static_cast<const double*>(y),
                           static_cast<double*>(dx), outer, len, inner, log);
  }
}

void softmax(const SoftmaxKernelSet& kernels, DType dtype, const void* x, void* y, index_t outer, index_t len,
             index_t inner, bool log) {
  if (dtype == DType::Float32) {
    softmax_typed(kernels.f32, static_cast<const float*>(x), static_cast<float*>(y), outer, len, inner, log);
  } else if (dtype == DType::Float64) {
    softmax_typed(kernels.f64, static_cast<const double*>(x), static_cast<double*>(y), outer, len, inner, log);
  }
}

}  // namespace descent::kernels
