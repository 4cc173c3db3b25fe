// Packing routines of the AVX2 gemm (GemmKernels::pack_a / pack_b for MR = 6 and NR = two
// vectors); see gemm_kernels.h for the packed layout.
#pragma once

#include "common/isa.h"

namespace descent::kernels::avx2 {

DESCENT_AVX2 void pack_a(bool trans, index_t mc, index_t kc, const float* a, index_t lda, float* packed);
DESCENT_AVX2 void pack_a(bool trans, index_t mc, index_t kc, const double* a, index_t lda, double* packed);
DESCENT_AVX2 void pack_b(bool trans, index_t kc, index_t nc, const float* b, index_t ldb, float* packed);
DESCENT_AVX2 void pack_b(bool trans, index_t kc, index_t nc, const double* b, index_t ldb, double* packed);

}  // namespace descent::kernels::avx2
