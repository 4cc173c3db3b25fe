#include "memory/indexing.h"

#include <algorithm>
#include <cstring>

#include "common/strided_layout.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

constexpr index_t kChunk = index_t{1} << 15;

template <class T>
void gather_typed(const T* x, index_t outer, index_t len, index_t inner, const std::int32_t* index, index_t jlen,
                  T* out) {
  const index_t per_outer = jlen * inner;
  parallel_for(outer, [&](index_t o) {
    const T* xo = x + o * len * inner;
    const std::int32_t* io = index + o * per_outer;
    T* oo = out + o * per_outer;
    for (index_t j = 0; j < jlen; ++j) {
      for (index_t i = 0; i < inner; ++i) oo[j * inner + i] = xo[static_cast<index_t>(io[j * inner + i]) * inner + i];
    }
  });
}

// Parallel over (outer, column) so that each output element is accumulated by one thread in
// order of j: the sum does not depend on the thread count.
template <class T>
void scatter_add_typed(const T* src, index_t outer, index_t jlen, index_t inner, const std::int32_t* index,
                       index_t len, T* out) {
  parallel_for(outer, [&](index_t o) {
    const T* so = src + o * jlen * inner;
    const std::int32_t* io = index + o * jlen * inner;
    T* oo = out + o * len * inner;
    for (index_t j = 0; j < jlen; ++j) {
      for (index_t i = 0; i < inner; ++i) oo[static_cast<index_t>(io[j * inner + i]) * inner + i] += so[j * inner + i];
    }
  });
}

template <class T>
void index_select_typed(const T* x, index_t outer, index_t len, index_t inner, const std::int32_t* index,
                        index_t jlen, T* out) {
  const index_t rows = outer * jlen;
  const index_t rows_per_task = std::max<index_t>(1, kChunk / std::max<index_t>(inner, 1));
  parallel_for((rows + rows_per_task - 1) / rows_per_task, [&](index_t t) {
    const index_t end = std::min(rows, (t + 1) * rows_per_task);
    for (index_t r = t * rows_per_task; r < end; ++r) {
      const index_t o = r / jlen, j = r % jlen;
      std::memcpy(out + r * inner, x + (o * len + index[j]) * inner, static_cast<std::size_t>(inner) * sizeof(T));
    }
  });
}

template <class T>
void index_add_typed(const T* src, index_t outer, index_t jlen, index_t inner, const std::int32_t* index,
                     index_t len, T* out) {
  parallel_for(outer, [&](index_t o) {
    for (index_t j = 0; j < jlen; ++j) {
      const T* s = src + (o * jlen + j) * inner;
      T* d = out + (o * len + index[j]) * inner;
      for (index_t i = 0; i < inner; ++i) d[i] += s[i];
    }
  });
}

template <class C, class T>
void where_typed(const C* cond, const index_t* cs, const T* a, const index_t* as, const T* b, const index_t* bs,
                 T* out, const index_t* shape, int ndim) {
  index_t os[kMaxDims];
  index_t step = 1;
  for (int d = ndim - 1; d >= 0; --d) {
    os[d] = step;
    step *= shape[d];
  }
  const index_t* strides[4] = {cs, as, bs, os};
  const StridedLayout<4> L(shape, ndim, strides);
  const index_t n = L.numel;
  if (n == 0) return;
  const index_t sc = L.inner_stride(0), sa = L.inner_stride(1), sb = L.inner_stride(2);
  parallel_for((n + kChunk - 1) / kChunk, [&](index_t c) {
    const index_t begin = c * kChunk;
    L.for_each_run(begin, std::min(n, begin + kChunk), [&](const index_t* off, index_t run) {
      const C* cp = cond + off[0];
      const T* ap = a + off[1];
      const T* bp = b + off[2];
      T* op = out + off[3];
      for (index_t i = 0; i < run; ++i) op[i] = cp[i * sc] != C(0) ? ap[i * sa] : bp[i * sb];
    });
  });
}

template <class C>
void where_cond(const C* cond, const index_t* cs, DType dtype, const void* a, const index_t* as, const void* b,
                const index_t* bs, void* out, const index_t* shape, int ndim) {
  switch (dtype) {
    case DType::Float32:
      where_typed(cond, cs, static_cast<const float*>(a), as, static_cast<const float*>(b), bs,
                  static_cast<float*>(out), shape, ndim);
      break;
    case DType::Float64:
      where_typed(cond, cs, static_cast<const double*>(a), as, static_cast<const double*>(b), bs,
                  static_cast<double*>(out), shape, ndim);
      break;
    case DType::Int32:
      where_typed(cond, cs, static_cast<const std::int32_t*>(a), as, static_cast<const std::int32_t*>(b), bs,
                  static_cast<std::int32_t*>(out), shape, ndim);
      break;
  }
}

// Calls f with the typed pointers of one dtype.
template <class F> void with_type(DType dtype, F f) {
  switch (dtype) {
    case DType::Float32: f(static_cast<float*>(nullptr)); break;
    case DType::Float64: f(static_cast<double*>(nullptr)); break;
    case DType::Int32: f(static_cast<std::int32_t*>(nullptr)); break;
  }
}

}  // namespace

index_t find_invalid_index(const std::int32_t* index, index_t n, index_t len) {
  for (index_t i = 0; i < n; ++i) {
    if (index[i] < 0 || index[i] >= len) return i;
  }
  return -1;
}

void gather(DType dtype, const void* x, index_t outer, index_t len, index_t inner, const std::int32_t* index,
            index_t jlen, void* out) {
  with_type(dtype, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    gather_typed(static_cast<const T*>(x), outer, len, inner, index, jlen, static_cast<T*>(out));
  });
}

void scatter_add(DType dtype, const void* src, index_t outer, index_t jlen, index_t inner,
                 const std::int32_t* index, index_t len, void* out) {
  with_type(dtype, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    scatter_add_typed(static_cast<const T*>(src), outer, jlen, inner, index, len, static_cast<T*>(out));
  });
}

void index_select(DType dtype, const void* x, index_t outer, index_t len, index_t inner,
                  const std::int32_t* index, index_t jlen, void* out) {
  with_type(dtype, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    index_select_typed(static_cast<const T*>(x), outer, len, inner, index, jlen, static_cast<T*>(out));
  });
}

void index_add(DType dtype, const void* src, index_t outer, index_t jlen, index_t inner,
               const std::int32_t* index, index_t len, void* out) {
  with_type(dtype, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    index_add_typed(static_cast<const T*>(src), outer, jlen, inner, index, len, static_cast<T*>(out));
  });
}

void where(DType cond_type, const void* cond, const index_t* cond_strides, DType dtype, const void* a,
           const index_t* a_strides, const void* b, const index_t* b_strides, void* out, const index_t* shape,
           int ndim) {
  switch (cond_type) {
    case DType::Float32:
      where_cond(static_cast<const float*>(cond), cond_strides, dtype, a, a_strides, b, b_strides, out, shape, ndim);
      break;
    case DType::Float64:
      where_cond(static_cast<const double*>(cond), cond_strides, dtype, a, a_strides, b, b_strides, out, shape,
                 ndim);
      break;
    case DType::Int32:
      where_cond(static_cast<const std::int32_t*>(cond), cond_strides, dtype, a, a_strides, b, b_strides, out,
                 shape, ndim);
      break;
  }
}

}  // namespace descent::kernels
