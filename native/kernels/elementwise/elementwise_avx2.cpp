// The AVX2+FMA element-wise kernels: hand-written float32 transcendentals (elementwise_avx2.h),
// and the generic loops compiled with the avx2,fma target attribute for everything else.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "elementwise/elementwise_avx2.h"
#include "elementwise/elementwise_kernels.h"

namespace descent::kernels::avx2 {

ElementwiseKernelSet elementwise_kernels() {
  ElementwiseKernelSet k;
  k.f32.unary = &unary_f32;
  k.f32.binary = &binary_f32;
  k.f64.unary = &unary_float<double>;
  k.f64.binary = &binary_float<double>;
  k.i32.unary = &unary_int;
  k.i32.binary = &binary_int;
  k.i32.compare = &compare_int;
  return k;
}

}  // namespace descent::kernels::avx2
