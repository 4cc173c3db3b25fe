// The AVX2+FMA element-wise kernels: hand-written float32 transcendentals (elementwise_avx2.h),
// and the generic loops compiled with the avx2,fma target attribute for everything else.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "elementwise/elementwise_avx2.h"

namespace descent::kernels::avx2 {

ElementwiseKernelSet elementwise_kernels() {
  ElementwiseKernelSet k = generic_elementwise_kernels();
  k.f32.unary = &unary_f32;
  k.f32.binary = &binary_f32;
  return k;
}

}  // namespace descent::kernels::avx2
