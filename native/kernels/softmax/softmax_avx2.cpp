// The AVX2+FMA softmax: hand-written float32 rows (softmax_avx2.h); columns and float64 are
// the generic loops compiled with the avx2,fma target attribute.
#define DESCENT_ISA avx2
#define DESCENT_ISA_FN DESCENT_AVX2

#include "softmax/softmax_avx2.h"
#include "softmax/softmax_kernels.h"

namespace descent::kernels::avx2 {

SoftmaxKernelSet softmax_kernels() {
  SoftmaxKernelSet k;
  k.f32 = {&softmax_rows_f32, &softmax_cols<float>, &softmax_backward_rows_f32, &softmax_backward_cols<float>};
  k.f64 = {&softmax_rows<double>, &softmax_cols<double>, &softmax_backward_rows<double>,
           &softmax_backward_cols<double>};
  return k;
}

}  // namespace descent::kernels::avx2
