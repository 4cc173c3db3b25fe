#include "blas1/blas1.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

constexpr index_t kChunk = index_t{1} << 15;

index_t chunks_of(index_t n) { return (n + kChunk - 1) / kChunk; }

// Σ over fixed chunks of f(begin, len), partials combined in order.
template <class F> double chunked_sum(index_t n, F f) {
  const index_t chunks = chunks_of(n);
  if (chunks <= 1) return n > 0 ? f(0, n) : 0.0;
  std::vector<double> parts(static_cast<std::size_t>(chunks));
  parallel_for(chunks, [&](index_t c) {
    const index_t begin = c * kChunk;
    parts[static_cast<std::size_t>(c)] = f(begin, std::min(kChunk, n - begin));
  });
  double s = 0;
  for (double p : parts) s += p;
  return s;
}

template <class T> double dot_typed(const Blas1Kernels<T>& k, const T* x, const T* y, index_t n) {
  return chunked_sum(n, [&](index_t b, index_t len) { return k.dot(x + b, y + b, len); });
}

template <class T> double norm2_typed(const Blas1Kernels<T>& k, const T* x, index_t n) {
  const double ss = chunked_sum(n, [&](index_t b, index_t len) { return k.sum_squares(x + b, len); });
  // Σx² in double only overflows or underflows for float64 extremes: rescale by max|x| then.
  if (std::isnan(ss)) return ss;
  if (std::isfinite(ss) && ss > 1e-280) return std::sqrt(ss);
  double scale = 0;
  for (index_t i = 0; i < n; ++i) scale = std::max(scale, std::fabs(static_cast<double>(x[i])));
  if (scale == 0.0 || std::isinf(scale)) return scale;
  double s = 0;
  for (index_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(x[i]) / scale;
    s += v * v;
  }
  return scale * std::sqrt(s);
}

template <class T> void axpy_typed(const Blas1Kernels<T>& k, index_t n, T alpha, const T* x, T* y) {
  parallel_for(chunks_of(n), [&](index_t c) {
    const index_t b = c * kChunk;
    k.axpy(std::min(kChunk, n - b), alpha, x + b, y + b);
  });
}

template <class T> void scal_typed(const Blas1Kernels<T>& k, index_t n, T alpha, T* x) {
  parallel_for(chunks_of(n), [&](index_t c) {
    const index_t b = c * kChunk;
    k.scal(std::min(kChunk, n - b), alpha, x + b);
  });
}

template <class T> void triad_typed(const Blas1Kernels<T>& k, index_t n, T s, const T* b, const T* c, T* a) {
  parallel_for(chunks_of(n), [&](index_t i) {
    const index_t at = i * kChunk;
    k.triad(std::min(kChunk, n - at), s, b + at, c + at, a + at);
  });
}

}  // namespace

double dot(const Blas1KernelSet& t, DType dtype, const void* x, const void* y, index_t n) {
  if (dtype == DType::Float32) return dot_typed(t.f32, static_cast<const float*>(x), static_cast<const float*>(y), n);
  return dot_typed(t.f64, static_cast<const double*>(x), static_cast<const double*>(y), n);
}

double norm2(const Blas1KernelSet& t, DType dtype, const void* x, index_t n) {
  if (dtype == DType::Float32) return norm2_typed(t.f32, static_cast<const float*>(x), n);
  return norm2_typed(t.f64, static_cast<const double*>(x), n);
}

void axpy(const Blas1KernelSet& t, DType dtype, index_t n, double alpha, const void* x, void* y) {
  if (dtype == DType::Float32) {
    axpy_typed(t.f32, n, static_cast<float>(alpha), static_cast<const float*>(x), static_cast<float*>(y));
  } else {
    axpy_typed(t.f64, n, alpha, static_cast<const double*>(x), static_cast<double*>(y));
  }
}

void scal(const Blas1KernelSet& t, DType dtype, index_t n, double alpha, void* x) {
  if (dtype == DType::Float32) {
    scal_typed(t.f32, n, static_cast<float>(alpha), static_cast<float*>(x));
  } else {
    scal_typed(t.f64, n, alpha, static_cast<double*>(x));
  }
}

void triad(const Blas1KernelSet& t, DType dtype, index_t n, double s, const void* b, const void* c, void* a) {
  if (dtype == DType::Float32) {
    triad_typed(t.f32, n, static_cast<float>(s), static_cast<const float*>(b), static_cast<const float*>(c),
                static_cast<float*>(a));
  } else {
    triad_typed(t.f64, n, s, static_cast<const double*>(b), static_cast<const double*>(c), static_cast<double*>(a));
  }
}

}  // namespace descent::kernels
