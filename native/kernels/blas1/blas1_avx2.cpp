// The AVX2+FMA level-1 BLAS: hand-written float32 dot products with double accumulators
// (blas1_avx2.h); the rest is the generic loops compiled with the avx2,fma target attribute.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "blas1/blas1_avx2.h"
#include "blas1/blas1_kernels.h"

namespace descent::kernels::avx2 {

Blas1KernelSet blas1_kernels() {
  Blas1KernelSet k;
  k.f32 = {&dot_f32, &sum_squares_f32, &axpy<float>, &scal<float>, &triad<float>};
  k.f64 = {&dot<double>, &sum_squares<double>, &axpy<double>, &scal<double>, &triad<double>};
  return k;
}

}  // namespace descent::kernels::avx2
