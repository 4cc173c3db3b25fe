#include "elementwise/elementwise.h"

#include <cstdint>

#include "common/strided_layout.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

// Elements per parallel task: large enough that a task outweighs its scheduling (~1 µs).
constexpr index_t kChunk = index_t{1} << 15;

template <class T>
void unary_typed(UnaryFn<T> kernel, UnaryOp op, const T* x, T* y, index_t n, double p0, double p1) {
  const index_t chunks = (n + kChunk - 1) / kChunk;
  parallel_for(chunks, [&](index_t c) {
    const index_t begin = c * kChunk;
    const index_t len = begin + kChunk < n ? kChunk : n - begin;
    kernel(op, x + begin, y + begin, len, p0, p1);
  });
}

template <class T, class Out>
void binary_typed(BinaryFn<T, Out> kernel, BinaryOp op, const T* a, const index_t* a_strides, const T* b,
                  const index_t* b_strides, Out* out, const index_t* shape, int ndim, double p0, double p1) {
  index_t out_strides[kMaxDims];
  index_t step = 1;
  for (int d = ndim - 1; d >= 0; --d) {
    out_strides[d] = step;
    step *= shape[d];
  }
  const index_t* strides[3] = {a_strides, b_strides, out_strides};
  const StridedLayout<3> layout(shape, ndim, strides);
  const index_t n = layout.numel;
  if (n == 0) return;
  const index_t sa = layout.inner_stride(0), sb = layout.inner_stride(1);
  const index_t chunks = (n + kChunk - 1) / kChunk;
  parallel_for(chunks, [&](index_t c) {
    const index_t begin = c * kChunk;
    const index_t end = begin + kChunk < n ? begin + kChunk : n;
    layout.for_each_run(begin, end, [&](const index_t* off, index_t run) {
      kernel(op, a + off[0], sa, b + off[1], sb, out + off[2], run, p0, p1);
    });
  });
}

}  // namespace

void unary(const ElementwiseKernelSet& kernels, DType dtype, UnaryOp op, const void* x, void* y, index_t n, double p0,
           double p1) {
  if (n <= 0) return;
  switch (dtype) {
    case DType::Float32:
      unary_typed(kernels.f32.unary, op, static_cast<const float*>(x), static_cast<float*>(y), n, p0, p1);
      break;
    case DType::Float64:
      unary_typed(kernels.f64.unary, op, static_cast<const double*>(x), static_cast<double*>(y), n, p0, p1);
      break;
    case DType::Int32:
      unary_typed(kernels.i32.unary, op, static_cast<const std::int32_t*>(x), static_cast<std::int32_t*>(y), n,
                  p0, p1);
      break;
  }
}

void binary(const ElementwiseKernelSet& kernels, DType dtype, BinaryOp op, const void* a, const index_t* a_strides,
            const void* b, const index_t* b_strides, void* out, const index_t* shape, int ndim, double p0,
            double p1) {
  switch (dtype) {
    case DType::Float32:
      binary_typed(kernels.f32.binary, op, static_cast<const float*>(a), a_strides, static_cast<const float*>(b),
                   b_strides, static_cast<float*>(out), shape, ndim, p0, p1);
      break;
    case DType::Float64:
      binary_typed(kernels.f64.binary, op, static_cast<const double*>(a), a_strides,
                   static_cast<const double*>(b), b_strides, static_cast<double*>(out), shape, ndim, p0, p1);
      break;
    case DType::Int32: {
      const auto* ia = static_cast<const std::int32_t*>(a);
      const auto* ib = static_cast<const std::int32_t*>(b);
      if (is_comparison(op)) {
        binary_typed(kernels.i32.compare, op, ia, a_strides, ib, b_strides, static_cast<float*>(out), shape, ndim,
                     p0, p1);
      } else {
        binary_typed(kernels.i32.binary, op, ia, a_strides, ib, b_strides, static_cast<std::int32_t*>(out), shape,
                     ndim, p0, p1);
      }
      break;
    }
  }
}

}  // namespace descent::kernels
