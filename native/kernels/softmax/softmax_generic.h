// Softmax and log-softmax, written once and compiled per instruction set. Stable for inputs of
// any magnitude: softmax(x) = e^(x − m) / Σ e^(x − m) with m = max x, and
// log-softmax(x) = x − m − ln Σ e^(x − m).
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including a *_generic.h kernel header"
#endif

#include <cmath>
#include <limits>
#include <vector>

#include "common/isa.h"

namespace descent::kernels::DESCENT_ISA {

template <class T> DESCENT_ISA_FN void softmax_rows(const T* x, T* y, index_t rows, index_t len, bool log) {
  for (index_t r = 0; r < rows; ++r) {
    const T* xr = x + r * len;
    T* yr = y + r * len;
    T m = -std::numeric_limits<T>::infinity();
    for (index_t i = 0; i < len; ++i) m = xr[i] > m ? xr[i] : m;
    double s = 0;
    if (log) {
      for (index_t i = 0; i < len; ++i) s += static_cast<double>(std::exp(xr[i] - m));
      // (x − m) − ln s: subtracting m first keeps the result exact for huge m.
      const T log_sum = static_cast<T>(std::log(s));
      for (index_t i = 0; i < len; ++i) yr[i] = (xr[i] - m) - log_sum;
    } else {
      for (index_t i = 0; i < len; ++i) {
        yr[i] = std::exp(xr[i] - m);
        s += static_cast<double>(yr[i]);
      }
      const T inv = static_cast<T>(1.0 / s);
      for (index_t i = 0; i < len; ++i) yr[i] *= inv;
    }
  }
}

// One [len, inner] slab, softmax over len for every column.
template <class T> DESCENT_ISA_FN void softmax_cols(const T* x, T* y, index_t len, index_t inner, bool log) {
  std::vector<T> m(static_cast<std::size_t>(inner), -std::numeric_limits<T>::infinity());
  std::vector<double> s(static_cast<std::size_t>(inner), 0.0);
  for (index_t l = 0; l < len; ++l) {
    const T* row = x + l * inner;
    for (index_t i = 0; i < inner; ++i) m[i] = row[i] > m[i] ? row[i] : m[i];
  }
  for (index_t l = 0; l < len; ++l) {
    const T* row = x + l * inner;
    T* out = y + l * inner;
    for (index_t i = 0; i < inner; ++i) {
      const T e = std::exp(row[i] - m[i]);
      if (!log) out[i] = e;
      s[i] += static_cast<double>(e);
    }
  }
  for (index_t l = 0; l < len; ++l) {
    const T* row = x + l * inner;
    T* out = y + l * inner;
    for (index_t i = 0; i < inner; ++i) {
      out[i] = log ? (row[i] - m[i]) - static_cast<T>(std::log(s[i])) : out[i] * static_cast<T>(1.0 / s[i]);
    }
  }
}

template <class T>
DESCENT_ISA_FN void softmax_backward_rows(const T* g, const T* y, T* dx, index_t rows, index_t len, bool log) {
  for (index_t r = 0; r < rows; ++r) {
    const T* gr = g + r * len;
    const T* yr = y + r * len;
    T* dr = dx + r * len;
    double s = 0;
    if (log) {
      for (index_t i = 0; i < len; ++i) s += static_cast<double>(gr[i]);
      const T sum = static_cast<T>(s);
      for (index_t i = 0; i < len; ++i) dr[i] = gr[i] - std::exp(yr[i]) * sum;
    } else {
      for (index_t i = 0; i < len; ++i) s += static_cast<double>(gr[i]) * static_cast<double>(yr[i]);
      const T dot = static_cast<T>(s);
      for (index_t i = 0; i < len; ++i) dr[i] = yr[i] * (gr[i] - dot);
    }
  }
}

template <class T>
DESCENT_ISA_FN void softmax_backward_cols(const T* g, const T* y, T* dx, index_t len, index_t inner, bool log) {
  std::vector<double> s(static_cast<std::size_t>(inner), 0.0);
  for (index_t l = 0; l < len; ++l) {
    const T* gr = g + l * inner;
    const T* yr = y + l * inner;
    for (index_t i = 0; i < inner; ++i) s[i] += log ? static_cast<double>(gr[i]) : static_cast<double>(gr[i]) * yr[i];
  }
  for (index_t l = 0; l < len; ++l) {
    const T* gr = g + l * inner;
    const T* yr = y + l * inner;
    T* dr = dx + l * inner;
    for (index_t i = 0; i < inner; ++i) {
      const T si = static_cast<T>(s[i]);
      dr[i] = log ? gr[i] - std::exp(yr[i]) * si : yr[i] * (gr[i] - si);
    }
  }
}

}  // namespace descent::kernels::DESCENT_ISA
