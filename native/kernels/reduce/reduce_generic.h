// Reduction loops written once and compiled per instruction set (see elementwise_generic.h for
// the inclusion scheme). Sums of floating types accumulate in double.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including a *_generic.h kernel header"
#endif

#include <cstdint>
#include <limits>

#include "common/isa.h"
#include "reduce/reduce_ops.h"

namespace descent::kernels::DESCENT_ISA {

// Max/Min/Argmax/Argmin of a run: the first extreme, or the first NaN (NaN propagates).
template <class T> DESCENT_ISA_FN inline ReduceResult extreme_row(const T* x, index_t n, bool want_max) {
  ReduceResult r{static_cast<double>(x[0]), 0};
  if (x[0] != x[0]) return r;
  T best = x[0];
  for (index_t i = 1; i < n; ++i) {
    const T v = x[i];
    if (v != v) return ReduceResult{static_cast<double>(v), i};
    if (want_max ? v > best : v < best) {
      best = v;
      r.index = i;
    }
  }
  r.value = static_cast<double>(best);
  return r;
}

// n >= 1 for Max/Min/Argmax/Argmin (the driver guarantees it).
template <class T> DESCENT_ISA_FN ReduceResult reduce_row(ReduceOp op, const T* x, index_t n, double center) {
  switch (op) {
    case ReduceOp::Sum:
    case ReduceOp::Mean: {
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      index_t i = 0;
      for (; i + 4 <= n; i += 4) {
        s0 += static_cast<double>(x[i]);
        s1 += static_cast<double>(x[i + 1]);
        s2 += static_cast<double>(x[i + 2]);
        s3 += static_cast<double>(x[i + 3]);
      }
      for (; i < n; ++i) s0 += static_cast<double>(x[i]);
      return ReduceResult{(s0 + s1) + (s2 + s3), 0};
    }
    case ReduceOp::Var:
    case ReduceOp::SumSquaredDeviation: {
      double s = 0;
      for (index_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(x[i]) - center;
        s += d * d;
      }
      return ReduceResult{s, 0};
    }
    case ReduceOp::Max:
    case ReduceOp::Argmax: return extreme_row(x, n, true);
    case ReduceOp::Min:
    case ReduceOp::Argmin: return extreme_row(x, n, false);
    case ReduceOp::Count: break;
  }
  return ReduceResult{0, 0};
}

// Column sums accumulate in double, a block of columns at a time, so long axes (batch sums of
// bias gradients over large batches) keep double accuracy. Center is the per-column mean for
// SumSquaredDeviation, else null.
template <class T>
DESCENT_ISA_FN void sum_cols(const T* x, index_t len, index_t width, index_t stride, const T* center, T* out) {
  constexpr index_t kBlock = 256;
  double acc[kBlock];
  double mean[kBlock];
  for (index_t i0 = 0; i0 < width; i0 += kBlock) {
    const index_t w = width - i0 < kBlock ? width - i0 : kBlock;
    for (index_t i = 0; i < w; ++i) {
      acc[i] = 0;
      mean[i] = center != nullptr ? static_cast<double>(center[i0 + i]) : 0.0;
    }
    for (index_t l = 0; l < len; ++l) {
      const T* row = x + l * stride + i0;
      if (center == nullptr) {
        for (index_t i = 0; i < w; ++i) acc[i] += static_cast<double>(row[i]);
      } else {
        for (index_t i = 0; i < w; ++i) {
          const double d = static_cast<double>(row[i]) - mean[i];
          acc[i] += d * d;
        }
      }
    }
    for (index_t i = 0; i < w; ++i) out[i0 + i] = static_cast<T>(acc[i]);
  }
}

// Column reductions: accumulate x[l·stride + i] over l in order, vectorized over i.
template <class T>
DESCENT_ISA_FN void reduce_cols(ReduceOp op, const T* x, index_t len, index_t width, index_t stride,
                                const T* center, T* out, std::int32_t* index) {
  switch (op) {
    case ReduceOp::Sum:
    case ReduceOp::Mean: sum_cols(x, len, width, stride, static_cast<const T*>(nullptr), out); return;
    case ReduceOp::Var:
    case ReduceOp::SumSquaredDeviation: sum_cols(x, len, width, stride, center, out); return;
    case ReduceOp::Max:
    case ReduceOp::Min:
    case ReduceOp::Argmax:
    case ReduceOp::Argmin: {
      const bool want_max = op == ReduceOp::Max || op == ReduceOp::Argmax;
      for (index_t i = 0; i < width; ++i) {
        out[i] = x[i];
        if (index != nullptr) index[i] = 0;
      }
      for (index_t l = 1; l < len; ++l) {
        const T* row = x + l * stride;
        for (index_t i = 0; i < width; ++i) {
          const T v = row[i], best = out[i];
          // A NaN already held stays (first NaN wins); a new NaN replaces a number.
          const bool take = best == best && (v != v || (want_max ? v > best : v < best));
          if (take) {
            out[i] = v;
            if (index != nullptr) index[i] = static_cast<std::int32_t>(l);
          }
        }
      }
      return;
    }
    case ReduceOp::Count: break;
  }
}

// int32: sums accumulate in int64 (the driver wraps the total to int32).
DESCENT_ISA_FN inline ReduceResult reduce_row_int(ReduceOp op, const std::int32_t* x, index_t n, double) {
  switch (op) {
    case ReduceOp::Sum: {
      std::int64_t s = 0;
      for (index_t i = 0; i < n; ++i) s += x[i];
      return ReduceResult{static_cast<double>(s), 0};
    }
    case ReduceOp::Max:
    case ReduceOp::Argmax:
    case ReduceOp::Min:
    case ReduceOp::Argmin: {
      const bool want_max = op == ReduceOp::Max || op == ReduceOp::Argmax;
      std::int32_t best = x[0];
      index_t at = 0;
      for (index_t i = 1; i < n; ++i) {
        if (want_max ? x[i] > best : x[i] < best) {
          best = x[i];
          at = i;
        }
      }
      return ReduceResult{static_cast<double>(best), at};
    }
    default: break;
  }
  return ReduceResult{0, 0};
}

DESCENT_ISA_FN inline void reduce_cols_int(ReduceOp op, const std::int32_t* x, index_t len, index_t width,
                                           index_t stride, const std::int32_t*, std::int32_t* out,
                                           std::int32_t* index) {
  if (op == ReduceOp::Sum) {
    for (index_t i = 0; i < width; ++i) out[i] = 0;
    for (index_t l = 0; l < len; ++l) {
      const std::int32_t* row = x + l * stride;
      for (index_t i = 0; i < width; ++i) {
        out[i] = static_cast<std::int32_t>(static_cast<std::uint32_t>(out[i]) + static_cast<std::uint32_t>(row[i]));
      }
    }
    return;
  }
  const bool want_max = op == ReduceOp::Max || op == ReduceOp::Argmax;
  for (index_t i = 0; i < width; ++i) {
    out[i] = x[i];
    if (index != nullptr) index[i] = 0;
  }
  for (index_t l = 1; l < len; ++l) {
    const std::int32_t* row = x + l * stride;
    for (index_t i = 0; i < width; ++i) {
      if (want_max ? row[i] > out[i] : row[i] < out[i]) {
        out[i] = row[i];
        if (index != nullptr) index[i] = static_cast<std::int32_t>(l);
      }
    }
  }
}

}  // namespace descent::kernels::DESCENT_ISA
