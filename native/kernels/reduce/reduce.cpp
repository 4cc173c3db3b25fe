#include "reduce/reduce.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Work (elements) per parallel task.
constexpr index_t kTaskElements = index_t{1} << 16;
// Columns per task in column reductions (a multiple of every vector width).
constexpr index_t kColumnBlock = 512;

bool is_extreme(ReduceOp op) {
  return op == ReduceOp::Max || op == ReduceOp::Min || op == ReduceOp::Argmax || op == ReduceOp::Argmin;
}
bool wants_max(ReduceOp op) { return op == ReduceOp::Max || op == ReduceOp::Argmax; }

// Folds the result of the chunk starting at `base` into the running result of a row.
void combine(ReduceOp op, bool is_int, ReduceResult& acc, std::int64_t& int_acc, const ReduceResult& part,
             index_t base, bool first) {
  if (!is_extreme(op)) {
    if (is_int) {
      int_acc += static_cast<std::int64_t>(part.value);
    } else {
      acc.value += part.value;
    }
    return;
  }
  if (first) {
    acc = ReduceResult{part.value, part.index + base};
    return;
  }
  if (std::isnan(acc.value)) return;  // the first NaN wins
  const bool better = std::isnan(part.value) || (wants_max(op) ? part.value > acc.value : part.value < acc.value);
  if (better) acc = ReduceResult{part.value, part.index + base};
}

// The kernels of element type T.
template <class T> const ReduceKernels<T>& kernels_of(const ReduceKernelSet& set) {
  if constexpr (std::is_same_v<T, std::int32_t>) {
    return set.i32;
  } else {
    return typed<T>(set);
  }
}

// Reduces one row of `len` elements in fixed chunks (optionally computing the chunks in
// parallel), returning the combined result; int sums come back exact in `int_total`.
template <class T>
ReduceResult reduce_one_row(ReduceRowFn<T> kernel, ReduceOp op, const T* x, index_t len, double center,
                            bool parallel, std::int64_t& int_total) {
  constexpr bool is_int = std::is_same_v<T, std::int32_t>;
  const index_t chunks = std::max<index_t>(1, (len + kReduceChunk - 1) / kReduceChunk);
  ReduceResult acc{0, 0};
  int_total = 0;
  if (len == 0) return acc;
  if (parallel && chunks > 1) {
    std::vector<ReduceResult> parts(static_cast<std::size_t>(chunks));
    parallel_for(chunks, [&](index_t c) {
      const index_t begin = c * kReduceChunk;
      parts[static_cast<std::size_t>(c)] = kernel(op, x + begin, std::min(kReduceChunk, len - begin), center);
    });
    for (index_t c = 0; c < chunks; ++c) {
      combine(op, is_int, acc, int_total, parts[static_cast<std::size_t>(c)], c * kReduceChunk, c == 0);
    }
  } else {
    for (index_t c = 0; c < chunks; ++c) {
      const index_t begin = c * kReduceChunk;
      combine(op, is_int, acc, int_total, kernel(op, x + begin, std::min(kReduceChunk, len - begin), center),
              begin, c == 0);
    }
  }
  return acc;
}

template <class T> T to_output(ReduceOp op, double v, std::int64_t int_total) {
  if constexpr (std::is_same_v<T, std::int32_t>) {
    if (op != ReduceOp::Sum) return static_cast<std::int32_t>(v);
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(int_total)));
  } else {
    return static_cast<T>(v);
  }
}

template <class T>
void reduce_rows(const ReduceKernelSet& set, ReduceOp op, const T* x, index_t outer, index_t len, T* out,
                 std::int32_t* index, double correction) {
  const ReduceRowFn<T> kernel = kernels_of<T>(set).row;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto one_row = [&](index_t r, bool parallel) {
    const T* row = x + r * len;
    std::int64_t int_total = 0;
    if (op == ReduceOp::Mean || op == ReduceOp::Var) {
      const ReduceResult s = reduce_one_row(kernel, ReduceOp::Sum, row, len, 0.0, parallel, int_total);
      const double mean = len > 0 ? s.value / static_cast<double>(len) : nan;
      if (op == ReduceOp::Mean) {
        out[r] = static_cast<T>(mean);
        return;
      }
      const ReduceResult ssd =
          reduce_one_row(kernel, ReduceOp::SumSquaredDeviation, row, len, mean, parallel, int_total);
      const double denom = std::max(static_cast<double>(len) - correction, 0.0);
      out[r] = static_cast<T>(len > 0 ? ssd.value / denom : nan);
      return;
    }
    const ReduceResult res = reduce_one_row(kernel, op, row, len, 0.0, parallel, int_total);
    if (out != nullptr) out[r] = to_output<T>(op, res.value, int_total);
    if (index != nullptr) index[r] = static_cast<std::int32_t>(res.index);
  };
  if (outer == 1) {
    one_row(0, true);
    return;
  }
  const index_t rows_per_task = std::max<index_t>(1, kTaskElements / std::max<index_t>(len, 1));
  const index_t tasks = (outer + rows_per_task - 1) / rows_per_task;
  parallel_for(tasks, [&](index_t t) {
    const index_t end = std::min(outer, (t + 1) * rows_per_task);
    for (index_t r = t * rows_per_task; r < end; ++r) one_row(r, false);
  });
}

template <class T>
void reduce_columns(const ReduceKernelSet& set, ReduceOp op, const T* x, index_t outer, index_t len, index_t inner,
                    T* out, std::int32_t* index, double correction) {
  const ReduceColsFn<T> kernel = kernels_of<T>(set).cols;
  const index_t blocks = (inner + kColumnBlock - 1) / kColumnBlock;
  const index_t total = outer * inner;
  // Values are always produced; a scratch array stands in when the caller wants indices only.
  std::vector<T> scratch;
  T* values = out;
  if (values == nullptr) {
    scratch.resize(static_cast<std::size_t>(total));
    values = scratch.data();
  }
  auto run = [&](ReduceOp kop, const T* center, T* dst) {
    parallel_for(outer * blocks, [&](index_t task) {
      const index_t o = task / blocks, i0 = (task % blocks) * kColumnBlock;
      const index_t width = std::min(kColumnBlock, inner - i0);
      const index_t at = o * inner + i0;
      kernel(kop, x + o * len * inner + i0, len, width, inner, center != nullptr ? center + at : nullptr, dst + at,
             index != nullptr ? index + at : nullptr);
    });
  };
  if (op == ReduceOp::Mean || op == ReduceOp::Var) {
    if constexpr (!std::is_same_v<T, std::int32_t>) {
      const T nan = std::numeric_limits<T>::quiet_NaN();
      std::vector<T> means(static_cast<std::size_t>(total));
      run(ReduceOp::Sum, nullptr, means.data());
      for (index_t i = 0; i < total; ++i) means[static_cast<std::size_t>(i)] = len > 0 ? means[static_cast<std::size_t>(i)] / static_cast<T>(len) : nan;
      if (op == ReduceOp::Mean) {
        std::copy(means.begin(), means.end(), values);
        return;
      }
      run(ReduceOp::SumSquaredDeviation, means.data(), values);
      const T denom = static_cast<T>(std::max(static_cast<double>(len) - correction, 0.0));
      for (index_t i = 0; i < total; ++i) values[i] = len > 0 ? values[i] / denom : nan;
    }
    return;
  }
  run(op, nullptr, values);
}

template <class T>
void reduce_typed(const ReduceKernelSet& set, ReduceOp op, const T* x, index_t outer, index_t len, index_t inner,
                  T* out, std::int32_t* index, double correction) {
  if (outer == 0 || inner == 0) return;
  if (inner == 1) {
    reduce_rows(set, op, x, outer, len, out, index, correction);
  } else if (len == 0) {
    const T fill = (op == ReduceOp::Sum) ? T(0) : (std::numeric_limits<T>::has_quiet_NaN ? std::numeric_limits<T>::quiet_NaN() : T(0));
    if (out != nullptr) std::fill(out, out + outer * inner, fill);
  } else {
    reduce_columns(set, op, x, outer, len, inner, out, index, correction);
  }
}

}  // namespace

void reduce(const ReduceKernelSet& kernels, DType dtype, ReduceOp op, const void* x, index_t outer, index_t len,
            index_t inner, void* out, std::int32_t* index, double correction) {
  switch (dtype) {
    case DType::Float32:
      reduce_typed(kernels, op, static_cast<const float*>(x), outer, len, inner, static_cast<float*>(out), index,
                   correction);
      break;
    case DType::Float64:
      reduce_typed(kernels, op, static_cast<const double*>(x), outer, len, inner, static_cast<double*>(out), index,
                   correction);
      break;
    case DType::Int32:
      reduce_typed(kernels, op, static_cast<const std::int32_t*>(x), outer, len, inner,
                   static_cast<std::int32_t*>(out), index, correction);
      break;
  }
}

}  // namespace descent::kernels
