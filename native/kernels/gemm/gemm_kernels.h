// What one instruction set contributes to gemm: its register tile, its cache blocks and the
// routines the blocked driver (gemm/gemm.h, gemm_driver.cpp) calls. Registered once per
// instruction set (gemm_kernels() in gemm_scalar.cpp and gemm_avx2.cpp).
#pragma once

#include "common/isa.h"
#include "common/kernel_set.h"

namespace descent::kernels {

template <class T> struct GemmKernels {
  // Micro-tile MR x NR (registers); A block MC x KC (L2); B panel KC x NC (L3). Elements.
  // mc is a multiple of mr and nc a multiple of nr.
  index_t mr = 0, nr = 0, mc = 0, kc = 0, nc = 0;

  // C[0:m, 0:n] = alpha·Ã·B̃ + beta·C over k steps, for m <= mr and n <= nr, where Ã is an
  // mr-row micro-panel of packed A (k columns of mr values) and B̃ an nr-column micro-panel of
  // packed B (k rows of nr values). Only the m x n corner is stored, each element computed by the
  // same operations (Σ over k in order, t = alpha·Σ, then beta·c + t) whatever m and n are, so
  // where tile boundaries fall never changes a result. C has row stride ldc and column stride 1;
  // it is not read when beta == 0.
  void (*microkernel)(index_t m, index_t n, index_t k, const T* a, const T* b, T* c, index_t ldc, T alpha,
                      T beta) = nullptr;

  // Packs op(A)[0:mc, 0:kc] (op = transpose when trans: A is then stored kc x mc) into
  // ceil(mc/mr) micro-panels, each kc columns of mr consecutive values, zero-padded to mr.
  // Writes exactly ceil(mc/mr)·mr·kc values.
  void (*pack_a)(bool trans, index_t mc, index_t kc, const T* a, index_t lda, T* packed) = nullptr;

  // Packs op(B)[0:kc, 0:nc] (B stored nc x kc when trans) into ceil(nc/nr) micro-panels, each kc
  // rows of nr consecutive values, zero-padded to nr. Writes exactly ceil(nc/nr)·nr·kc values.
  void (*pack_b)(bool trans, index_t kc, index_t nc, const T* b, index_t ldb, T* packed) = nullptr;
};

using GemmKernelSet = FloatKernelSet<GemmKernels>;

namespace scalar {
GemmKernelSet gemm_kernels();
}
namespace avx2 {
GemmKernelSet gemm_kernels();
}

}  // namespace descent::kernels
