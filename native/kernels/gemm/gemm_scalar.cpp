// Reference gemm kernels: plain C++ packing and a 4x4 micro-kernel, the baseline path and the
// oracle the AVX2 kernels are tested against.
#define DESCENT_ISA scalar
#define DESCENT_ISA_FN

#include "gemm/gemm.h"
#include "gemm/pack_generic.h"

namespace descent::kernels::scalar {
namespace {

constexpr index_t kMr = 4, kNr = 4;

template <class T>
void microkernel_4x4(index_t m, index_t n, index_t k, const T* __restrict a, const T* __restrict b,
                     T* __restrict c, index_t ldc, T alpha, T beta) {
  T acc[kMr][kNr] = {};
  for (index_t p = 0; p < k; ++p) {
    for (index_t i = 0; i < kMr; ++i) {
      for (index_t j = 0; j < kNr; ++j) acc[i][j] += a[i] * b[j];
    }
    a += kMr;
    b += kNr;
  }
  for (index_t i = 0; i < m; ++i) {
    T* ci = c + i * ldc;
    for (index_t j = 0; j < n; ++j) {
      const T t = alpha * acc[i][j];
      ci[j] = beta == T(0) ? t : beta * ci[j] + t;
    }
  }
}

template <class T> void pack_a(bool trans, index_t mc, index_t kc, const T* a, index_t lda, T* packed) {
  pack_panels(trans, mc, kc, a, lda, kMr, packed);
}

// op(B)ᵀ is B stored nc x kc when trans, so packing B is packing op(B)ᵀ with the flag inverted.
template <class T> void pack_b(bool trans, index_t kc, index_t nc, const T* b, index_t ldb, T* packed) {
  pack_panels(!trans, nc, kc, b, ldb, kNr, packed);
}

template <class T> GemmKernels<T> reference_kernels() {
  GemmKernels<T> k;
  k.mr = kMr;
  k.nr = kNr;
  k.mc = 128;
  k.kc = 256;
  k.nc = 2048;
  k.microkernel = &microkernel_4x4<T>;
  k.pack_a = &pack_a<T>;
  k.pack_b = &pack_b<T>;
  return k;
}

}  // namespace

GemmKernelSet gemm_kernels() { return {reference_kernels<float>(), reference_kernels<double>()}; }

}  // namespace descent::kernels::scalar
