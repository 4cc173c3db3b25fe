// The AVX2+FMA normalization blocks: hand-written float32 (norm_avx2.h); float64 is the generic
// loops compiled with the avx2,fma target attribute.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "norm/norm_avx2.h"
#include "norm/norm_kernels.h"

namespace descent::kernels::avx2 {

NormKernelSet norm_kernels() {
  NormKernelSet k;
  k.f32 = {&norm_moments_f32, &norm_grad_sums_f32, &norm_affine_f32, &norm_input_grad_f32};
  k.f64 = {&norm_moments<double>, &norm_grad_sums<double>, &norm_affine<double>, &norm_input_grad<double>};
  return k;
}

}  // namespace descent::kernels::avx2
