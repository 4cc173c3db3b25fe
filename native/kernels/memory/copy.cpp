#include "memory/copy.h"

#include <algorithm>
#include <cstring>

#include "common/strided_layout.h"
#include "memory/convert.h"
#include "threading/thread_pool.h"

namespace descent::kernels {
namespace {

constexpr index_t kChunk = index_t{1} << 16;
constexpr index_t kTile = 32;

template <class Src, class Dst>
void copy_run(const Src* s, index_t ss, Dst* d, index_t ds, index_t n) {
  if constexpr (std::is_same_v<Src, Dst>) {
    if (ss == 1 && ds == 1) {
      std::memcpy(d, s, static_cast<std::size_t>(n) * sizeof(Src));
      return;
    }
  }
  for (index_t i = 0; i < n; ++i) d[i * ds] = convert_element<Dst>(s[i * ss]);
}

// The last two dimensions in kTile x kTile tiles, so a transposed read stays in cache.
template <class Src, class Dst>
void copy_tiled(const StridedLayout<2>& L, const Src* src, Dst* dst) {
  const int nd = L.ndim;
  const index_t rows = L.shape[nd - 2], cols = L.shape[nd - 1];
  const index_t s_r = L.strides[0][nd - 2], s_c = L.strides[0][nd - 1];
  const index_t d_r = L.strides[1][nd - 2], d_c = L.strides[1][nd - 1];
  index_t outer = 1;
  for (int d = 0; d < nd - 2; ++d) outer *= L.shape[d];
  const index_t row_tiles = (rows + kTile - 1) / kTile;
  parallel_for(outer * row_tiles, [&](index_t task) {
    const index_t o = task / row_tiles, r0 = (task % row_tiles) * kTile;
    // Offsets of outer index o.
    index_t rest = o, so = 0, dof = 0;
    for (int d = nd - 3; d >= 0; --d) {
      const index_t i = rest % L.shape[d];
      rest /= L.shape[d];
      so += i * L.strides[0][d];
      dof += i * L.strides[1][d];
    }
    const index_t r1 = std::min(rows, r0 + kTile);
    for (index_t c0 = 0; c0 < cols; c0 += kTile) {
      const index_t c1 = std::min(cols, c0 + kTile);
      for (index_t c = c0; c < c1; ++c) {
        for (index_t r = r0; r < r1; ++r) {
          dst[dof + r * d_r + c * d_c] = convert_element<Dst>(src[so + r * s_r + c * s_c]);
        }
      }
    }
  });
}

template <class Src, class Dst>
void copy_typed(const Src* src, const index_t* src_strides, Dst* dst, const index_t* dst_strides,
                const index_t* shape, int ndim) {
  const index_t* strides[2] = {src_strides, dst_strides};
  const StridedLayout<2> L(shape, ndim, strides);
  if (L.numel == 0) return;
  const index_t ss = L.inner_stride(0), ds = L.inner_stride(1);
  if (L.ndim >= 2 && ss != 1 && ds == 1 && L.shape[L.ndim - 1] >= 8 && L.shape[L.ndim - 2] >= 8) {
    copy_tiled(L, src, dst);
    return;
  }
  const index_t n = L.numel;
  parallel_for((n + kChunk - 1) / kChunk, [&](index_t c) {
    const index_t begin = c * kChunk;
    L.for_each_run(begin, std::min(n, begin + kChunk), [&](const index_t* off, index_t run) {
      copy_run(src + off[0], ss, dst + off[1], ds, run);
    });
  });
}

template <class Src>
void copy_from(const Src* src, const index_t* src_strides, DType dst_type, void* dst, const index_t* dst_strides,
               const index_t* shape, int ndim) {
  switch (dst_type) {
    case DType::Float32: copy_typed(src, src_strides, static_cast<float*>(dst), dst_strides, shape, ndim); break;
    case DType::Float64: copy_typed(src, src_strides, static_cast<double*>(dst), dst_strides, shape, ndim); break;
    case DType::Int32: copy_typed(src, src_strides, static_cast<std::int32_t*>(dst), dst_strides, shape, ndim); break;
  }
}

template <class T> void fill_typed(T* dst, index_t n, T value) {
  parallel_for((n + kChunk - 1) / kChunk, [&](index_t c) {
    const index_t begin = c * kChunk;
    std::fill(dst + begin, dst + std::min(n, begin + kChunk), value);
  });
}

}  // namespace

void copy_strided(DType src_type, const void* src, const index_t* src_strides, DType dst_type, void* dst,
                  const index_t* dst_strides, const index_t* shape, int ndim) {
  switch (src_type) {
    case DType::Float32:
      copy_from(static_cast<const float*>(src), src_strides, dst_type, dst, dst_strides, shape, ndim);
      break;
    case DType::Float64:
      copy_from(static_cast<const double*>(src), src_strides, dst_type, dst, dst_strides, shape, ndim);
      break;
    case DType::Int32:
      copy_from(static_cast<const std::int32_t*>(src), src_strides, dst_type, dst, dst_strides, shape, ndim);
      break;
  }
}

void fill(DType dtype, void* dst, index_t n, double value) {
  if (n <= 0) return;
  switch (dtype) {
    case DType::Float32: fill_typed(static_cast<float*>(dst), n, static_cast<float>(value)); break;
    case DType::Float64: fill_typed(static_cast<double*>(dst), n, value); break;
    case DType::Int32: fill_typed(static_cast<std::int32_t*>(dst), n, convert_element<std::int32_t>(value)); break;
  }
}

}  // namespace descent::kernels
