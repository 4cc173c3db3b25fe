// The per-block loops of batch and group normalization, written once and compiled per
// instruction set. A block is [rows, channels, len]: element (r, c, l) sits at
// r·row_stride + c·len + l. The drivers (batch_norm.cpp, group_norm.cpp) cut a tensor into
// blocks of fixed shape and combine the per-block sums in index order, so results never depend
// on the thread count. Sums accumulate in double.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including a *_generic.h kernel header"
#endif

#include <algorithm>

#include "common/isa.h"

namespace descent::kernels::DESCENT_ISA {

// Channels handled together when len = 1 (the channel index is then the contiguous one).
inline constexpr index_t kNormLanes = 64;

// Per channel: mean and M2 = Σ (x − mean)² over the rows·len values, by two passes (the sum,
// then Σ d and Σ d² with d = x − m; mean = m + Σ d / n, M2 = Σ d² − (Σ d)² / n).
template <class T>
DESCENT_ISA_FN void norm_moments(const T* x, index_t rows, index_t channels, index_t len, index_t row_stride,
                                 double* mean, double* m2) {
  const double count = static_cast<double>(rows * len);
  if (len == 1) {
    double s[kNormLanes], q[kNormLanes], m[kNormLanes];
    for (index_t c0 = 0; c0 < channels; c0 += kNormLanes) {
      const index_t w = std::min(kNormLanes, channels - c0);
      for (index_t i = 0; i < w; ++i) s[i] = 0;
      for (index_t r = 0; r < rows; ++r) {
        const T* xr = x + r * row_stride + c0;
        for (index_t i = 0; i < w; ++i) s[i] += static_cast<double>(xr[i]);
      }
      for (index_t i = 0; i < w; ++i) {
        m[i] = s[i] / count;
        s[i] = 0;
        q[i] = 0;
      }
      for (index_t r = 0; r < rows; ++r) {
        const T* xr = x + r * row_stride + c0;
        for (index_t i = 0; i < w; ++i) {
          const double d = static_cast<double>(xr[i]) - m[i];
          s[i] += d;
          q[i] += d * d;
        }
      }
      for (index_t i = 0; i < w; ++i) {
        mean[c0 + i] = m[i] + s[i] / count;
        m2[c0 + i] = std::max(0.0, q[i] - s[i] * s[i] / count);
      }
    }
    return;
  }
  for (index_t c = 0; c < channels; ++c) {
    double s = 0;
    for (index_t r = 0; r < rows; ++r) {
      const T* xr = x + r * row_stride + c * len;
      for (index_t l = 0; l < len; ++l) s += static_cast<double>(xr[l]);
    }
    const double m = s / count;
    double sd = 0, q = 0;
    for (index_t r = 0; r < rows; ++r) {
      const T* xr = x + r * row_stride + c * len;
      for (index_t l = 0; l < len; ++l) {
        const double d = static_cast<double>(xr[l]) - m;
        sd += d;
        q += d * d;
      }
    }
    mean[c] = m + sd / count;
    m2[c] = std::max(0.0, q - sd * sd / count);
  }
}

// Per channel: sum_g = Σ g and sum_gx = Σ g·(x − center_c) over the rows·len values.
template <class T>
DESCENT_ISA_FN void norm_grad_sums(const T* g, const T* x, index_t rows, index_t channels, index_t len,
                                   index_t row_stride, const T* center, double* sum_g, double* sum_gx) {
  if (len == 1) {
    double a[kNormLanes], b[kNormLanes], m[kNormLanes];
    for (index_t c0 = 0; c0 < channels; c0 += kNormLanes) {
      const index_t w = std::min(kNormLanes, channels - c0);
      for (index_t i = 0; i < w; ++i) {
        a[i] = 0;
        b[i] = 0;
        m[i] = static_cast<double>(center[c0 + i]);
      }
      for (index_t r = 0; r < rows; ++r) {
        const T* gr = g + r * row_stride + c0;
        const T* xr = x + r * row_stride + c0;
        for (index_t i = 0; i < w; ++i) {
          const double gi = static_cast<double>(gr[i]);
          a[i] += gi;
          b[i] += gi * (static_cast<double>(xr[i]) - m[i]);
        }
      }
      for (index_t i = 0; i < w; ++i) {
        sum_g[c0 + i] = a[i];
        sum_gx[c0 + i] = b[i];
      }
    }
    return;
  }
  for (index_t c = 0; c < channels; ++c) {
    const double m = static_cast<double>(center[c]);
    double a = 0, b = 0;
    for (index_t r = 0; r < rows; ++r) {
      const T* gr = g + r * row_stride + c * len;
      const T* xr = x + r * row_stride + c * len;
      for (index_t l = 0; l < len; ++l) {
        const double gl = static_cast<double>(gr[l]);
        a += gl;
        b += gl * (static_cast<double>(xr[l]) - m);
      }
    }
    sum_g[c] = a;
    sum_gx[c] = b;
  }
}

// y = (x − center_c)·scale_c + shift_c (y has x's layout; y may equal x).
template <class T>
DESCENT_ISA_FN void norm_affine(const T* x, T* y, index_t rows, index_t channels, index_t len, index_t row_stride,
                                const T* center, const T* scale, const T* shift) {
  for (index_t r = 0; r < rows; ++r) {
    if (len == 1) {
      const T* xr = x + r * row_stride;
      T* yr = y + r * row_stride;
      for (index_t c = 0; c < channels; ++c) yr[c] = (xr[c] - center[c]) * scale[c] + shift[c];
      continue;
    }
    for (index_t c = 0; c < channels; ++c) {
      const T* xr = x + r * row_stride + c * len;
      T* yr = y + r * row_stride + c * len;
      const T m = center[c], s = scale[c], b = shift[c];
      for (index_t l = 0; l < len; ++l) yr[l] = (xr[l] - m) * s + b;
    }
  }
}

// dx = a_c·(e_c·g + b_c·(x − center_c) + c_c): the input gradient of a normalization once its
// per-channel sums are known (g, x and dx share one layout); e may be null (all 1). The sum
// inside is formed before scaling, so a gradient that cancels exactly (one value per channel)
// comes out exactly 0.
template <class T>
DESCENT_ISA_FN void norm_input_grad(const T* g, const T* x, T* dx, index_t rows, index_t channels, index_t len,
                                    index_t row_stride, const T* center, const T* a, const T* e, const T* b,
                                    const T* c) {
  for (index_t r = 0; r < rows; ++r) {
    if (len == 1) {
      const T* gr = g + r * row_stride;
      const T* xr = x + r * row_stride;
      T* dr = dx + r * row_stride;
      if (e == nullptr) {
        for (index_t i = 0; i < channels; ++i) dr[i] = a[i] * (gr[i] + (b[i] * (xr[i] - center[i]) + c[i]));
      } else {
        for (index_t i = 0; i < channels; ++i) dr[i] = a[i] * (e[i] * gr[i] + (b[i] * (xr[i] - center[i]) + c[i]));
      }
      continue;
    }
    for (index_t i = 0; i < channels; ++i) {
      const T* gr = g + r * row_stride + i * len;
      const T* xr = x + r * row_stride + i * len;
      T* dr = dx + r * row_stride + i * len;
      const T ai = a[i], ei = e != nullptr ? e[i] : T(1), bi = b[i], ci = c[i], m = center[i];
      for (index_t l = 0; l < len; ++l) dr[l] = ai * (ei * gr[l] + (bi * (xr[l] - m) + ci));
    }
  }
}

}  // namespace descent::kernels::DESCENT_ISA
