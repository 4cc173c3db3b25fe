// Plain packing into the micro-panel layout, written once and compiled per instruction set (the
// scalar reference, and the AVX2 path for float64 and other untuned cases). Include with
// DESCENT_ISA and DESCENT_ISA_FN defined.
#pragma once

#ifndef DESCENT_ISA
#error "define DESCENT_ISA and DESCENT_ISA_FN before including gemm/pack_generic.h"
#endif

#include "common/isa.h"

namespace descent::kernels::DESCENT_ISA {

// packed[(i/r)·r·kc + p·r + i%r] = op(X)[i, p] for i < rows (zero-padded to whole panels of r
// rows); op(X)[i, p] is x[i·ld + p], or x[p·ld + i] when trans. Serves A (r = MR) and, read as
// op(B)ᵀ, B (r = NR).
template <class T>
DESCENT_ISA_FN void pack_panels(bool trans, index_t rows, index_t kc, const T* __restrict x, index_t ld, index_t r,
                                T* __restrict packed) {
  for (index_t i0 = 0; i0 < rows; i0 += r) {
    const index_t live = rows - i0 < r ? rows - i0 : r;
    for (index_t p = 0; p < kc; ++p) {
      T* dst = packed + p * r;
      for (index_t i = 0; i < live; ++i) dst[i] = trans ? x[p * ld + i0 + i] : x[(i0 + i) * ld + p];
      for (index_t i = live; i < r; ++i) dst[i] = T(0);
    }
    packed += r * kc;
  }
}

}  // namespace descent::kernels::DESCENT_ISA
